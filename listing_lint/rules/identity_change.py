"""identity-change: an edit that turns a listing into another product (category, brand, model or goods changed)."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Iterable

from ..finding import Hit
from ..listing import Listing
from ..rule import Rule, RuleDocs
from ._structure import SEED, Facts, normalized, facts, structure_data

CLAUSE = f"{SEED}第 6 类 发布规避信息 (通过编辑商品关键属性使其成为另一款商品)"


class IdentityChange(Rule):
    id = "identity-change"
    code = "LL504"
    title = "编辑商品关键属性使其成为另一款商品"
    clause = CLAUSE
    severity = "error"
    docs = RuleDocs(
        catches="与同一商品 id 的上一版本 (listing-lint check --previous OLD_CATALOG) 相比: 类目改到不相干的类目; 品牌"
                "(品牌字段或标题中的品牌) 换成另一个品牌; 型号 (标题中的 iPhone 14 → iPhone 15 Pro, 或属性「型号」) 换成另一个"
                "型号; 标题中的商品换成完全不同的商品 (T恤 → 牛仔裤)。改价、加「新款/包邮」、改错别字、加颜色 SKU、把错放的类目"
                "改对都是合法编辑。没有上一版本时不检查。",
        why="《商品信息发布规范》第 6 类 发布规避信息 — 通过编辑商品关键属性使其成为另一款商品: 指通过编辑商品类目、品牌、型号"
            "等关键属性使其成为另一款商品, 包括: a 将商品A修改成为完全不同品类的商品B; b 将商品A修改成为完全不同品牌的商品B; "
            "c 将商品A修改成为完全不同型号的商品B。",
        bad="上一版「Apple iPhone 14 128G」→ 本版「Apple iPhone 15 Pro 256G」; 上一版「纯棉T恤」(服饰内衣/T恤) → 本版"
            "「不粘锅炒锅」(厨具/锅具)",
        good="上一版「纯棉T恤」59元 → 本版「2024新款 纯棉T恤 包邮」49元, 新增颜色 SKU",
        fix="另一款商品请新建商品链接发布, 不要修改已有商品的类目、品牌、型号。",
        options="same_brand_similarity (默认 80): 两个品牌名的相似度 (rapidfuzz ratio) 不低于它视为同一品牌的不同写法 "
                "(改错别字); 低于它视为换了品牌。typo_min_length (默认 4): 两个都至少这么长的拉丁字母品牌名只差一次按键 "
                "(改、增、删一个字母或对调两个: Nkie / Nike) 时视为同一品牌; 更短的名字差一个字母就是另一个名字 (hp / lp), "
                "中文品牌名差一个字 (水星家纺 / 火星家纺) 总是另一个品牌。inconsistent-info 比较品牌时也用这两个设置。",
    )

    @cached_property
    def _data(self):
        return structure_data(self.lexicon)

    def check(self, listing: Listing) -> Iterable[Hit]:
        previous = self.context.get("previous") or {}
        old = previous.get(listing.id)
        if old is None or old is listing:
            return
        # The old version's facts are not kept on it: the previous catalog stays in memory for the whole run.
        was, now = Facts(self._data, old), facts(self._data, listing)
        yield from self._category(old, listing, was)
        yield from self._brand(old, listing, was, now)
        yield from self._model(old, listing, was)
        yield from self._goods(old, listing, was, now)

    def _category(self, old: Listing, new: Listing, was: Facts) -> Iterable[Hit]:
        if not old.category or not new.category or normalized(old.category) == normalized(new.category):
            return
        model = self._data.categories
        before, after = model.path(old.category), model.path(new.category)
        if not before.known or not after.known or before.families & after.families:
            return
        if before.accepts_all or after.accepts_all:
            return
        if was.evidence and not model.compatible_with(was.title_terms, before.families):
            return  # the old category was wrong and is being corrected
        yield Hit("category", 0, len(new.category), new.category,
                  f"类目由「{old.category}」改为不相干的「{new.category}」, 使商品成为另一款商品 ({CLAUSE} a)",
                  suggestion=f"恢复类目「{old.category}」; 另一款商品请新建商品链接发布")

    def _same_brand(self, a: str, b: str) -> bool:
        options = self.options
        return self._data.same_brand(a, b, float(options["same_brand_similarity"]), int(options["typo_min_length"]))

    def _title_brands(self, listing: Listing, known: Facts) -> dict[str, tuple[int, int]]:
        """The title's own brands (an ambiguous word only for goods of the brand's kind) → their first span."""
        if not listing.title:
            return {}
        brands = self._data.brands
        out: dict[str, tuple[int, int]] = {}
        for brand, a, b, ambiguous in self._data.title_brands(listing.text("title")):
            if not ambiguous or brands.families(brand) & known.families:
                out.setdefault(brand, (a, b))
        return out

    def _brand(self, old: Listing, new: Listing, was: Facts, now: Facts) -> Iterable[Hit]:
        if old.brand and new.brand:
            if not self._same_brand(old.brand, new.brand):
                yield Hit("brand", 0, len(new.brand), new.brand,
                          f"品牌由「{old.brand}」改为「{new.brand}」, 使商品成为另一品牌的商品 ({CLAUSE} b)",
                          suggestion=f"恢复品牌「{old.brand}」; 另一品牌的商品请新建商品链接发布")
            return
        before, after = self._title_brands(old, was), self._title_brands(new, now)
        if before and after and not set(before) & set(after):
            brand = next(iter(after))
            a, b = after[brand]
            yield Hit("title", a, b, new.title[a:b],
                      f"标题中的品牌由「{'、'.join(before)}」改为「{new.title[a:b]}」, 使商品成为另一品牌的商品 ({CLAUSE} b)",
                      suggestion="恢复原品牌; 另一品牌的商品请新建商品链接发布")

    @cached_property
    def _model_pattern(self) -> "re.Pattern":
        """A model in a title: letters then digits (Mate60, K70, iPhone 15), not followed by a unit (iPhone 15 128GB
        is no model 15128), with the model words that make another model (Pro Max, Turbo, FE): the units and model
        words of the duplicate tables, so that both rules read a model alike."""
        def alternation(words: Iterable[str]) -> str:
            return "|".join(re.escape(w) + ("(?![a-z])" if w[-1].isascii() and w[-1].isalpha() else "")
                            for w in sorted(set(words), key=len, reverse=True))

        units = alternation(normalized(row["alias"]) for row in self.lexicon.table("units") if row.get("duplicates"))
        suffixes = alternation(normalized(row["word"]) for row in self.lexicon.table("duplicates/model_words")
                               if normalized(row["word"]).isascii())
        return re.compile(rf"(?<![a-z0-9])([a-z]{{1,10}})\s?(\d{{1,4}})(?![\d.]|{units})((?:\s?(?:{suffixes}|\+))*)")

    def _models(self, listing: Listing) -> dict[str, tuple[int, int, str]]:
        """model key (letters+digits+suffixes, no spaces) → (start, end, series letters)."""
        if not listing.title:
            return {}
        text = listing.text("title")
        out = {}
        for match in self._model_pattern.finditer(text.value):
            key = (match.group(1) + match.group(2) + match.group(3)).replace(" ", "")
            out.setdefault(key, (*text.span(match.start(), match.end()), match.group(1)))
        return out

    def _model(self, old: Listing, new: Listing, was: Facts) -> Iterable[Hit]:
        old_attr = was.attributes.get("型号", ())
        new_attr = self._data.attributes_of(new, "型号")
        if old_attr and new_attr:
            a, b = old_attr[0][1], new_attr[0][1]
            if normalized(a).replace(" ", "") != normalized(b).replace(" ", ""):
                name = new_attr[0][0]
                yield Hit(f"attributes.{name}", None, None, b,
                          f"型号由「{a}」改为「{b}」, 使商品成为另一型号的商品 ({CLAUSE} c)",
                          suggestion=f"恢复型号「{a}」; 另一型号的商品请新建商品链接发布")
                return
        before, after = self._models(old), self._models(new)
        removed = [k for k in before if k not in after]
        if not removed:
            return
        series = {before[k][2] for k in removed}
        for key, (a, b, letters) in after.items():
            if key not in before and letters in series:
                yield Hit("title", a, b, new.title[a:b],
                          f"型号由「{'、'.join(old.title[before[k][0]:before[k][1]] for k in removed)}」改为「{new.title[a:b]}」, 使商品成为另一型号的商品 ({CLAUSE} c)",
                          suggestion="恢复原型号; 另一型号的商品请新建商品链接发布")
                return

    def _goods(self, old: Listing, new: Listing, was: Facts, now: Facts) -> Iterable[Hit]:
        if not old.title or not new.title:
            return
        before = was.evidence
        after = now.evidence
        if not before or not after:
            return
        old_norms = {n.name for t in before for n in t.norms}
        if any(n.name in old_norms for t in after for n in t.norms):
            return
        term = after[0]
        text = new.text("title")
        a, b = text.span(term.start, term.end)
        was = "、".join(dict.fromkeys(t.term for t in before))
        yield Hit("title", a, b, new.title[a:b],
                  f"标题中的商品由「{was}」改为「{new.title[a:b]}」, 使商品成为完全不同品类的商品 ({CLAUSE} a)",
                  suggestion="恢复原商品; 另一款商品请新建商品链接发布")
