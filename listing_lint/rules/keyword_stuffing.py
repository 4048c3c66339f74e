"""keyword-stuffing: a title that piles up repeated or synonymous keywords or other brands' names."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors.edits import deletion, deletion_span, suggest_edit
from ..detectors.stuffing import (
    TOKENIZED_CHARS,
    BrandRun,
    HotWords,
    Keyword,
    ProductKeywords,
    Stack,
    brand_runs,
    echoes,
    has_doubled_word,
    stacks,
)
from ..detectors.terms import TermMatcher, WordLists
from ..detectors.wording import ContextualTerms, context_rules
from ..finding import Fix, Hit
from ..listing import Listing
from ..normalize import Text, normalize
from ..rule import Rule, RuleDocs

CLAUSE = "《商品信息发布规范》第 5 类 错用、滥用关键词"


class KeywordStuffing(Rule):
    id = "keyword-stuffing"
    code = "LL103"
    title = "关键词堆砌"
    clause = "seed 002 §5 错用、滥用关键词"
    severity = "error"
    needs_tokens = True
    docs = RuleDocs(
        catches="标题中堆砌关键词: 同一中心词的商品词反复出现 (轮滑鞋 溜冰鞋 休闲鞋 旱冰鞋 平滑鞋 滑冰鞋 单鞋, 都以 \"鞋\" 结尾; "
                "雨伞 遮阳伞 太阳伞 折叠伞 防晒伞, 都以 \"伞\" 结尾 — 中心词不限于词表, 标题里反复出现的任何中心词都计数)、"
                "同一商品的多个同义词 (卫生纸 卷纸 厕纸)、同类目的一串不同商品名称 (床单 被套 四件套 被罩 床笠 枕套)、"
                "同一关键词反复出现 (零食 …零食 …零食 …零食)、同一个词连写三遍 "
                "(包邮包邮包邮)、一串营销热词 (爆款 热卖 新款 网红 ins风 高级感 明星同款), 以及罗列他人品牌 (耐克阿迪新百伦同款)。"
                "只检查标题; 多数标题先经廉价的字符计数过滤, 不做分词。",
        why="《商品信息发布规范》第 5 类 错用、滥用关键词: 商品或信息所使用的关键字/词错误或重复, 造成消费者购物困扰; "
            "错误示例: \"轮滑鞋\" 商品标题为 \"轮滑鞋成人溜冰鞋休闲鞋旱冰鞋直排轮滑平滑鞋滑冰鞋黑莓单鞋 40\"。"
            "不报的情形: 由不同属性组成的长标题 (男士短袖T恤 纯棉 宽松 圆领 夏季 白色 XL)、商品词出现两三次 "
            "(保温杯 不锈钢保温杯 水杯)、属性词 (白色 黑色 红色, 新款 男款, 家用 商用)、数量单位 (4盘 6盘, 整箱)、"
            "以 / 或 + 列出的规格和套装 (主机 / 主机+刷头)、配件的适用机型 (适用 苹果/华为/小米/OPPO/vivo/三星, "
            "苹果华为小米手机壳: 说明用途的正当使用, 不算堆砌) 和记录 brand 字段中的本品牌。",
        bad="轮滑鞋成人溜冰鞋休闲鞋旱冰鞋直排轮滑平滑鞋滑冰鞋黑莓单鞋 40; 耐克阿迪新百伦同款运动鞋; 爆款 热卖 新款 网红 外套",
        good="轮滑鞋成人 直排 初学者 40码 (保留一个商品词, 其余写属性); 适用苹果华为小米 手机壳 硅胶防摔",
        fix="只保留一个商品词 (与类目一致的那个), 删去重复词、同义词、营销热词和他人品牌名。完全相同的重复词可安全合并 "
            "(--fix); 删除同义词、热词和品牌名会改变措辞, 需 --unsafe-fixes。",
        options="min_mentions / min_distinct: 同一中心词在标题中出现 min_mentions 次 (默认 5) 且其中至少 min_distinct 个不同的"
                "商品词 (默认 3) 即报 — 淘宝真实标题中出现三四次很常见, 五次及以上几乎都是堆砌; "
                "min_synonyms: 同一商品的不同同义词 (默认 3); min_repeats: 同一关键词出现次数 (默认 4); "
                "min_echoes: 任一词连写次数 (默认 3); min_hot_words: 不同营销热词数 (默认 5); "
                "min_category_nouns: 同一类目的不同商品名称数 (类目词表 category_lexicon; 默认 6, 如 床单 被套 四件套 被罩 "
                "床笠 枕套; 以 + 连接的套装组成不计); "
                "min_brands: 罗列的他人品牌数 (默认 3); min_imitated_brands: 自称多个品牌 \"同款/平替\" 时的品牌数 (默认 2)。",
    )

    @cached_property
    def _product_nouns(self) -> list[dict[str, str]]:
        """The product nouns of the category lexicon (weak ones — modifiers, brands — left out)."""
        return [row for row in self.lexicon.table("category_lexicon") if row.get("weight") != "weak"]

    @cached_property
    def _keywords(self) -> ProductKeywords:
        return ProductKeywords(self.lexicon.table("keyword_heads"), self.lexicon.table("keyword_synonyms"),
                               self.lexicon.table("keyword_nonheads"), self._nouns[0])

    @cached_property
    def _nouns(self) -> tuple[TermMatcher, list[str]]:
        """A matcher of the product nouns, and the usual category of each."""
        rows = self._product_nouns
        return TermMatcher([row["term"] for row in rows]), [row["category"].split("|")[0] for row in rows]

    @cached_property
    def _hot_words(self) -> HotWords:
        return HotWords(self.lexicon.column("hot_words", "word"))

    @cached_property
    def _brand_rows(self) -> list[dict[str, str]]:
        """One row per spelling of each brand (the matcher's terms)."""
        rows = []
        for row in (*self.lexicon.table("brands"), *self.lexicon.table("brand_nicknames")):
            for name in [row["brand"], *filter(None, (a.strip() for a in row.get("aliases", "").split("|")))]:
                rows.append({**row, "term": name})
        return rows

    @cached_property
    def _brands(self) -> ContextualTerms:
        rules = context_rules(self.lexicon.table("brand_contexts"), "brand_contexts.tsv")
        # On the value, not the skeleton: spaces keep Latin names apart (nike adidas puma).
        return ContextualTerms(self._brand_rows, {}, rules, "brands.tsv", skeleton=False)

    @cached_property
    def _word_lists(self) -> WordLists:
        """Counts a title's product nouns, hot words, synonyms and brand names (in that order) in one pass, before
        any matcher of them."""
        return WordLists([self._nouns[0].words, self._hot_words.words, list(self._keywords.synonyms),
                           self._brands.terms])

    def check(self, listing: Listing) -> Iterable[Hit]:
        if not listing.title:
            return
        text = listing.text("title")
        options = self.options
        # One pass counts the title's words of each list, in the whole title: bounds for its first TOKENIZED_CHARS
        # too. The searches of category piles and hot words are gated here, their only gate (most titles stop at
        # these comparisons: a call to a search that returns at once would cost more); they decide exactly.
        nouns, hot_words, synonyms, brands = self._word_lists.count(text.value)
        doubled = has_doubled_word(text.value[:TOKENIZED_CHARS])
        stacked = list(self._stacked(listing, text, doubled, synonyms))
        yield from stacked
        if doubled:  # a word written three times back to back is also written twice
            yield from self._echoed(text, stacked)
        needed = options["min_category_nouns"]
        # Enough nouns, and enough characters for as many names (of two characters or more).
        if nouns >= needed and min(len(text.value), TOKENIZED_CHARS) >= 2 * needed:
            yield from self._category_piles(listing, text, stacked)
        if hot_words >= options["min_hot_words"]:
            yield from self._hot(text)
        shortest_run = min(options["min_brands"], options["min_imitated_brands"])
        # The count of brand names bounds the brand matcher's matches only when every brand is a plain name (a
        # user's table may add a pattern, or a character with variants): otherwise every title goes to the matcher.
        if brands >= shortest_run or not self._brands.plain_words_only:
            yield from self._brand_lists(listing, text, shortest_run)

    # -- piled-up product keywords ------------------------------------------------------------------

    def _stacked(self, listing: Listing, text: Text, doubled: bool, synonyms: int) -> Iterable[Hit]:
        """``synonyms``: how many synonyms occur in the title (WordLists.count: a bound on synonym_bound, itself a
        bound on the synonyms the stacks find)."""
        options = self.options
        value = text.value[:TOKENIZED_CHARS]
        keywords = self._keywords
        # Cheap prefilter: no threshold can be reached, so no jieba (most titles stop here).
        concepts = keywords.repeated_heads(value, min(options["min_mentions"], options["min_repeats"]))
        if doubled:
            concepts |= keywords.doubled_heads(value)
        min_synonyms = options["min_synonyms"]
        if not (concepts or synonyms >= min_synonyms and keywords.synonym_bound(value) >= min_synonyms):
            return
        found = stacks(keywords.keywords(text, concepts), text.value, min_mentions=options["min_mentions"],
                       min_distinct=options["min_distinct"], min_synonyms=options["min_synonyms"],
                       min_repeats=options["min_repeats"], prefer=listing.text("category").value,
                       product=keywords.names_product)
        for stack in found:
            yield self._stack_hit(text, stack)

    def _echoed(self, text: Text, stacked: list[Hit]) -> Iterable[Hit]:
        """Any word written ``min_echoes`` times back to back (包邮包邮包邮) that no keyword stack reported."""
        for echo in echoes(text.value[:TOKENIZED_CHARS], self.options["min_echoes"]):
            start, end = text.span(echo.start, echo.end)
            if any(hit.start < end and start < hit.end for hit in stacked):
                continue
            original = text.original
            first = text.span(echo.start, echo.start + len(echo.word))
            kept = original[first[0]:first[1]]
            yield Hit(
                field="title",
                start=start,
                end=end,
                text=original[start:end],
                message=f"标题中「{kept}」连写 {echo.times} 次, 属于错用、滥用关键词 ({CLAUSE}: 关键字/词错误或重复, 造成消费者购物困扰)",
                suggestion=suggest_edit(original, start, end, kept),
                fix=Fix(start, end, kept, safe=True),
            )

    def _category_piles(self, listing: Listing, text: Text, stacked: list[Hit]) -> Iterable[Hit]:
        """Many different products of one category named in a title (床单 被套 四件套 被罩 床笠 枕套): names that share
        no head, so the keyword stacks miss them. Called where the title may have enough nouns (see check)."""
        needed = self.options["min_category_nouns"]
        value = text.value[:TOKENIZED_CHARS]
        matcher, categories = self._nouns
        found = matcher.find(value)
        words: dict[str, set[int]] = {}
        for noun in found:
            # Bundle parts joined by + (洁面+水+乳+面霜) list a set's contents.
            if "+" not in value[max(0, noun.start - 2):noun.start] and "+" not in value[noun.end:noun.end + 2]:
                words.setdefault(categories[noun.index], set()).add(noun.index)
        for category, indices in words.items():
            if len(indices) < needed:
                continue
            group = [Keyword(matcher.words[n.index], category, None, n.start, n.end) for n in found
                     if n.index in indices and categories[n.index] == category]
            start, end = text.span(group[0].start, group[-1].end)
            if any(hit.start < end and start < hit.end for hit in stacked):
                continue
            path = listing.text("category").value
            kept = next((k for k in group if k.word in path), group[0])
            yield self._stack_hit(text, Stack("category", category, kept, [k for k in group if k is not kept],
                                              len(indices)))

    def _hot(self, text: Text) -> Iterable[Hit]:
        """A pile of hot words (爆款 热卖 新款 网红 …). Called where the title may have enough (see check)."""
        found = self._hot_words.find(text.value[:TOKENIZED_CHARS])
        words = list(dict.fromkeys(word for word, _, _ in found))
        if len(words) < self.options["min_hot_words"]:
            return
        original = text.original
        spans = [text.span(a, b) for _, a, b in found]
        pieces = [deletion_span(original, a, b) for a, b in spans]
        start, end = min(a for a, _ in pieces), max(b for _, b in pieces)
        replacement = _without(original, start, end, pieces)
        listed = "、".join(words)
        yield Hit(
            field="title",
            start=spans[0][0],
            end=spans[-1][1],
            text=original[spans[0][0]:spans[-1][1]],
            message=(f"标题堆砌 {len(words)} 个营销热词 (「{listed}」), 不描述商品本身, 属于错用、滥用关键词 ({CLAUSE}); "
                     f"请改写为商品名称和属性"),
            suggestion=suggest_edit(original, start, end, replacement),
            fix=Fix(start, end, replacement, safe=False),
        )

    def _stack_hit(self, text: Text, stack: Stack) -> Hit:
        original = text.original
        pieces = [deletion_span(original, *text.span(k.start, k.end)) for k in stack.redundant]
        start, end = min(a for a, _ in pieces), max(b for _, b in pieces)
        replacement = _without(original, start, end, pieces)
        first, last = text.span(stack.redundant[0].start, stack.redundant[0].end), \
            text.span(stack.redundant[-1].start, stack.redundant[-1].end)
        words = "、".join(dict.fromkeys(original[a:b] for a, b in
                                       (text.span(k.start, k.end) for k in stack.redundant)))
        kept = original[slice(*text.span(stack.kept.start, stack.kept.end))]
        if stack.kind == "repeat":
            what = f"关键词「{kept}」重复出现 {len(stack.redundant) + 1} 次"
        elif stack.kind == "synonyms":
            what = f"同一商品的同义词堆砌 ({stack.distinct} 个: 「{kept}」与「{words}」)"
        elif stack.kind == "category":
            what = f"罗列 {stack.distinct} 个「{stack.name}」类商品名称 (「{kept}」与「{words}」)"
        else:
            what = (f"同类商品词堆砌 (以「{stack.name}」为中心词的商品词出现 {len(stack.redundant) + 1} 次, "
                    f"{stack.distinct} 个不同: 「{kept}」与「{words}」)")
        return Hit(
            field="title",
            start=first[0],
            end=last[1],
            text=original[first[0]:last[1]],
            message=f"标题{what}, 属于错用、滥用关键词 ({CLAUSE}: 关键字/词错误或重复, 造成消费者购物困扰)",
            suggestion=suggest_edit(original, start, end, replacement),
            fix=Fix(start, end, replacement, safe=stack.kind == "repeat"),
        )

    # -- other brands' names ------------------------------------------------------------------------

    def _brand_lists(self, listing: Listing, text: Text, shortest_run: int) -> Iterable[Hit]:
        own = None
        for run in brand_runs(self._brands, text, self._brand_rows, min_length=shortest_run):
            if run.rule is not None and run.rule.effect == "pass":
                continue
            if own is None:
                own = listing.text("brand").skeleton.value
            others = [m for m in run.mentions if not (own and _names_brand(own, m.brand, self._brand_names))]
            clear = {m.brand for m in others if not m.ambiguous}
            named = {m.brand for m in others} if clear else set()
            imitation = run.rule is not None and run.rule.effect == "error"
            needed = self.options["min_imitated_brands" if imitation else "min_brands"]
            if len(named) < needed:
                continue
            yield self._brand_hit(text, run, sorted(named, key=[m.brand for m in others].index), imitation)

    @cached_property
    def _brand_names(self) -> dict[str, set[str]]:
        names: dict[str, set[str]] = {}
        for row in self._brand_rows:
            names.setdefault(row["brand"], set()).add(normalize(row["term"]).skeleton.value)
        return names

    def _brand_hit(self, text: Text, run: BrandRun, brands: list[str], imitation: bool) -> Hit:
        original = text.original
        start, end = run.mentions[0].start, run.mentions[-1].end
        cut_end = run.cue_end if imitation and run.cue_end is not None else end
        suggestion, fix = deletion(original, start, cut_end, safe=False)
        listed = "、".join(brands)
        claim = "并自称其同款/平替" if imitation else ""
        return Hit(
            field="title",
            start=start,
            end=end,
            text=original[start:end],
            message=(f"标题罗列他人品牌「{listed}」{claim}, 借他人品牌名引流, 属于错用、滥用关键词 ({CLAUSE}); "
                     f"若为配件, 请用「适用 …」写明适用品牌或机型"),
            suggestion=suggestion,
            fix=fix,
        )


def _names_brand(own: str, brand: str, names: dict[str, set[str]]) -> bool:
    """True when the listing's brand field names ``brand`` (by any of its spellings)."""
    return any(name and (name in own or own in name) for name in names.get(brand, ()))


def _without(original: str, start: int, end: int, pieces: Iterable[tuple[int, int]]) -> str:
    """``original[start:end]`` without the ``pieces`` (spans of the original inside it)."""
    kept = [True] * (end - start)
    for a, b in pieces:
        for i in range(a, b):
            kept[i - start] = False
    return "".join(c for c, keep in zip(original[start:end], kept) if keep)
