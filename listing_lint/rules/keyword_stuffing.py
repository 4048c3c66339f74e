"""keyword-stuffing: a title that piles up repeated or synonymous keywords or other brands' names."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors.edits import deletion_span, suggest_edit
from ..detectors.stuffing import BrandRun, ProductKeywords, Stack, brand_runs, has_doubled_word, stacks
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
        catches="标题中堆砌关键词: 同一类商品的多个不同叫法 (轮滑鞋 溜冰鞋 休闲鞋 旱冰鞋 平滑鞋 滑冰鞋 单鞋, 共用中心词 \"鞋\")、"
                "同一商品的多个同义词 (卫生纸 卷纸 厕纸)、同一关键词反复出现, 以及罗列他人品牌 (耐克阿迪新百伦同款)。"
                "只检查标题; 多数标题先经廉价的正则计数过滤, 不做分词。",
        why="《商品信息发布规范》第 5 类 错用、滥用关键词: 商品或信息所使用的关键字/词错误或重复, 造成消费者购物困扰; "
            "错误示例: \"轮滑鞋\" 商品标题为 \"轮滑鞋成人溜冰鞋休闲鞋旱冰鞋直排轮滑平滑鞋滑冰鞋黑莓单鞋 40\"。"
            "不报的情形: 由不同属性组成的长标题 (男士短袖T恤 纯棉 宽松 圆领 夏季 白色 XL)、中心词出现两三次 "
            "(保温杯 不锈钢保温杯 水杯)、数量单位 (4盘 6盘, 整箱)、配件的适用机型 (适用 苹果/华为/小米/OPPO/vivo/三星, "
            "苹果华为小米手机壳: 说明用途的正当使用, 不算堆砌) 和记录 brand 字段中的本品牌。",
        bad="轮滑鞋成人溜冰鞋休闲鞋旱冰鞋直排轮滑平滑鞋滑冰鞋黑莓单鞋 40; 耐克阿迪新百伦同款运动鞋",
        good="轮滑鞋成人 直排 初学者 40码 (保留一个商品词, 其余写属性); 适用苹果华为小米 手机壳 硅胶防摔",
        fix="只保留一个商品词 (与类目一致的那个), 删去重复词、同义词和他人品牌名。完全相同的重复词可安全合并 (--fix); "
            "删除同义词和品牌名会改变措辞, 需 --unsafe-fixes。",
        options="min_distinct: 同一中心词的不同关键词达到此数即报 (默认 5; 淘宝真实标题中 4 个很常见, 5 个及以上几乎都是堆砌); "
                "min_synonyms: 同一商品的不同同义词 (默认 3); min_repeats: 同一关键词出现次数 (默认 4); "
                "min_brands: 罗列的他人品牌数 (默认 3); min_imitated_brands: 自称多个品牌 \"同款/平替\" 时的品牌数 (默认 2)。",
    )

    @cached_property
    def _keywords(self) -> ProductKeywords:
        return ProductKeywords(self.lexicon.table("keyword_heads"), self.lexicon.table("keyword_synonyms"))

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

    def check(self, listing: Listing) -> Iterable[Hit]:
        if not listing.title:
            return
        text = listing.text("title")
        yield from self._stacked(listing, text)
        yield from self._brand_lists(listing, text)

    # -- piled-up product keywords ------------------------------------------------------------------

    def _stacked(self, listing: Listing, text: Text) -> Iterable[Hit]:
        options = self.options
        concept, synset, repeated = self._keywords.mentions(text.value)
        # Cheap prefilter: no threshold can be reached, so no jieba (most titles stop here).
        if not (concept >= options["min_distinct"] or synset >= options["min_synonyms"]
                or repeated >= options["min_repeats"] or (repeated >= 2 and has_doubled_word(text.value))):
            return
        found = stacks(self._keywords.keywords(text), text.value, min_distinct=options["min_distinct"],
                       min_synonyms=options["min_synonyms"], min_repeats=options["min_repeats"],
                       prefer=normalize(listing.category or "").value)
        for stack in found:
            yield self._stack_hit(text, stack)

    def _stack_hit(self, text: Text, stack: Stack) -> Hit:
        original = text.original
        pieces = [deletion_span(original, *text.span(k.start, k.end)) for k in stack.redundant]
        start, end = min(a for a, _ in pieces), max(b for _, b in pieces)
        kept_chars = [True] * (end - start)
        for a, b in pieces:
            for i in range(a, b):
                kept_chars[i - start] = False
        replacement = "".join(c for c, keep in zip(original[start:end], kept_chars) if keep)
        first, last = text.span(stack.redundant[0].start, stack.redundant[0].end), \
            text.span(stack.redundant[-1].start, stack.redundant[-1].end)
        words = "、".join(dict.fromkeys(original[a:b] for a, b in
                                       (text.span(k.start, k.end) for k in stack.redundant)))
        kept = original[slice(*text.span(stack.kept.start, stack.kept.end))]
        if stack.kind == "repeat":
            what = f"关键词「{kept}」重复出现 {len(stack.redundant) + 1} 次"
        elif stack.kind == "synonyms":
            what = f"同一商品的同义词堆砌 ({stack.distinct} 个: 「{kept}」与「{words}」)"
        else:
            what = f"同类商品词堆砌 ({stack.distinct} 个以「{stack.name}」为中心词的不同关键词: 「{kept}」与「{words}」)"
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

    def _brand_lists(self, listing: Listing, text: Text) -> Iterable[Hit]:
        own = normalize(listing.brand or "").skeleton.value
        for run in brand_runs(self._brands, text, self._brand_rows):
            if run.rule is not None and run.rule.effect == "pass":
                continue
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
        a, b = deletion_span(original, start, cut_end)
        listed = "、".join(brands)
        claim = "并自称其同款/平替" if imitation else ""
        return Hit(
            field="title",
            start=start,
            end=end,
            text=original[start:end],
            message=(f"标题罗列他人品牌「{listed}」{claim}, 借他人品牌名引流, 属于错用、滥用关键词 ({CLAUSE}); "
                     f"若为配件, 请用「适用 …」写明适用品牌或机型"),
            suggestion=suggest_edit(original, a, b, ""),
            fix=Fix(a, b, "", safe=False),
        )


def _names_brand(own: str, brand: str, names: dict[str, set[str]]) -> bool:
    """True when the listing's brand field names ``brand`` (by any of its spellings)."""
    return any(name and (name in own or own in name) for name in names.get(brand, ()))
