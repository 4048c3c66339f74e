"""unit-splitting: goods sold in a unit far below the category's usual one (纸巾 per 张, 窗帘 per 厘米, 大米 per 克)."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Iterable

from ..detectors import alternation
from ..detectors.quantities import Quantity
from ..finding import Hit
from ..listing import Listing
from ..normalize import Text
from ..rule import Rule, RuleDocs
from ._structure import SEED, normalized, facts, money, splittable, structure_data

CLAUSE = f"{SEED}第 6 类 发布规避信息 (以非常规的数量单位发布商品)"


class UnitSplitting(Rule):
    id = "unit-splitting"
    code = "LL503"
    title = "以非常规的数量单位发布商品"
    clause = CLAUSE
    severity = "error"
    docs = RuleDocs(
        catches="把商品的正常规格拆分成很小的单位发布以展示低价: SKU 的 unit 是该类目的拆分单位 (纸巾 张、窗帘 厘米/毫米、"
                "大米 克); SKU 名称或标题按拆分单位计价 (元/张、按厘米计价、每克 0.01元、SKU 名只有「1张」); SKU 的数量低于该"
                "类目最小的常规销售量 (大米 1克、窗帘 10cm)。常规单位、拆分单位和最小销售量见 category_norms.tsv。",
        why="《商品信息发布规范》第 6 类 发布规避信息 — 以非常规的数量单位发布商品: 指将商品的正常规格进行拆分后发布, 如纸巾的"
            "正常规格以「包」为单位, 但商家拆分后以「张」为单位进行销售; 窗帘的正常规格以「米」为单位, 但商家拆分后以「毫米」为"
            "单位进行销售。",
        bad="抽纸 SKU {\"name\": \"1张\", \"price\": 0.01, \"unit\": \"张\"}; 窗帘 SKU \"遮光布 按厘米计价\"; 大米 SKU \"1克\" 0.01元",
        good="抽纸 SKU \"100抽*24包\"; 窗帘 SKU \"宽2米*高2.7米\"; 大米 SKU \"5kg\"",
        fix="按该类目的常规单位 (纸巾 包/提, 窗帘 米, 大米 斤/袋) 设置 SKU 与价格。",
        options="title_price_max (默认 1 元): 只有标题写出低于最小销售量的数量时, 展示价格不超过该值才报告 (拆分是为了低价)。"
                "max_split_count (默认 5): SKU 名中拆分单位的数量不超过它、且没有常规单位时视为按拆分单位销售 (1张 是一张纸, "
                "100抽 是一包的规格)。whole_quantity_factor (默认 10): 标题另写有至少大 10 倍的同类数量 (5kg) 时, 其中的小数量 "
                "(1g 干燥剂) 不是销售单位。",
    )

    @cached_property
    def _data(self):
        return structure_data(self.lexicon)

    def _norms(self, listing: Listing):
        known = facts(self._data, listing)
        path = known.path
        own = path.norm if path is not None and path.norm is not None and splittable(path.norm) else None
        if not self._data.names_splitting_goods(known.title, path.families if path is not None else None, besides=own):
            # No noun of the title can add goods sold in splittable units to the path's own (most listings, whether
            # the path's goods are such or not): the title's nouns are not looked up.
            return ([own] if own is not None else []), known
        return [n for n in known.norms if splittable(n)], known

    @cached_property
    def _per_unit_cache(self) -> dict:
        return {}

    @cached_property
    def _per_unit_words(self) -> tuple[str, str, str]:
        """The alternations of the words around a splitting unit that price or sell by it (structure_terms)."""
        kinds = ("unit_currency", "sell_by_verb", "unit_price_word")
        return tuple(alternation(self._data.kind(kind)) for kind in kinds)

    def _per_unit(self, units: frozenset[str]) -> re.Pattern:
        """Expressions that price or sell by a splitting unit: 元/张, 按厘米计价, 每克0.01元, 单张价."""
        pattern = self._per_unit_cache.get(units)
        if pattern is None:
            currency, sell_by, unit_price = self._per_unit_words
            unit = rf"(?:{alternation(units)})(?![a-z])"
            pattern = re.compile(
                rf"(?:{currency}|\d)\s?/\s?{unit}"
                rf"|(?:按|以)\s?{unit}\s?(?:{sell_by})"
                rf"|(?<![\d.])(?:每|单|1|一)\s?{unit}\s?(?:{unit_price}|[:：]?\s?(?:¥|￥)\s?\d"
                rf"|[:：]?\s?\d+(?:\.\d+)?\s?元)"
                # an SKU named only by one splitting unit: 单张, 1克, 每米
                rf"|^\W*(?:每|单|按|1|一)\s?{unit}\s?装?\W*$")
            self._per_unit_cache[units] = pattern
        return pattern

    def check(self, listing: Listing) -> Iterable[Hit]:
        norms, known = self._norms(listing)
        if not norms:
            yield from self._tiny_sales(listing)
            return
        split = frozenset(u for n in norms for u in n.split_units)
        norm = norms[0]
        usual = "/".join(norm.units[:4]) or "常规单位"
        what = f"「{norm.name}」"
        for i, sku in enumerate(listing.skus):
            if sku.unit and normalized(sku.unit).strip() in split:
                yield Hit(f"skus[{i}].unit", 0, len(sku.unit), sku.unit,
                          f"{what}的常规销售单位为 {usual}, SKU「{sku.name}」以「{sku.unit}」为单位销售 ({CLAUSE})",
                          suggestion=f"以 {usual} 为单位设置该 SKU")
                continue
            if sku.name:
                hit = self._in_sku(listing, i, split, norms, what, usual)
                if hit:
                    yield hit
        if listing.title:
            yield from self._in_title(listing, split, norms, known, what, usual)
        if not split:
            yield from self._tiny_sales(listing)

    def _tiny_sales(self, listing: Listing) -> Iterable[Hit]:
        """Whatever the category: an SKU that sells one tiny unit (1克, 1毫升, 1平方厘米, 1片) at a near-free
        price shows a low price for goods no one buys that way (洗衣液 1毫升 0.01元)."""
        limits = self.options["tiny_unit_max"]
        price_max = float(self.options["title_price_max"])
        count_price_max = float(self.options["tiny_count_price_max"])
        for i, sku in enumerate(listing.skus):
            if sku.price is None or sku.price > price_max:
                continue
            written = sku.name if not sku.unit else f"{sku.name} {sku.unit}" if sku.unit not in sku.name else sku.name
            found = self._data.quantities_in(normalized(written))
            if len(found) != 1 or found[0].value > 1 or found[0].times > 1:
                continue
            quantity = found[0]
            if quantity.dimension == "count":
                tiny = sku.price <= count_price_max
            else:
                tiny = quantity.dimension in limits and quantity.base <= float(limits[quantity.dimension])
            if tiny:
                yield Hit(f"skus[{i}].name", 0, len(sku.name), sku.name,
                          f"SKU「{sku.name}」以极小的数量单位销售 ({money(sku.price)} 元), 以低价吸引点击 ({CLAUSE})",
                          suggestion="按该商品通常的包装规格 (瓶/袋/包/卷/块) 设置 SKU 和价格")

    def _usual_units(self, norms) -> frozenset[str]:
        return frozenset(u for n in norms for u in n.units)

    def _in_sku(self, listing: Listing, i: int, split, norms, what, usual) -> Hit | None:
        path = f"skus[{i}].name"
        name = listing.text(path)
        sku = listing.skus[i]
        if split:
            match = self._per_unit(split).search(name.value)
            if match:
                return self._span_hit(name, path, match.start(), match.end(), what, usual, f"SKU「{sku.name}」")
        quantities = self._data.quantities_in(name.value)
        usual_units = self._usual_units(norms)
        has_usual = any(q.unit in usual_units and q.unit not in split for q in quantities)
        for q in quantities:
            if (q.dimension == "count" and q.unit in split and not has_usual
                    and q.total <= float(self.options["max_split_count"])):
                return self._span_hit(name, path, q.start, q.end, what, usual, f"SKU「{sku.name}」")
            below = self._below_min(q, norms)
            if below:
                return self._span_hit(name, path, q.start, q.end, what, usual, f"SKU「{sku.name}」",
                                      f" (低于常规最小销售量 {below})")
        return None

    @cached_property
    def _minimums(self) -> dict[str, list[Quantity]]:
        return {}

    def _below_min(self, q: Quantity, norms) -> str | None:
        for norm in norms:
            if not norm.min_sale:
                continue
            minimum = self._minimums.get(norm.min_sale)
            if minimum is None:
                minimum = self._minimums[norm.min_sale] = self._data.quantities.find(norm.min_sale)
            if not minimum or minimum[0].dimension != q.dimension:
                continue
            if q.dimension in ("length", "area") and q.unit not in norm.split_units:
                continue
            if q.total < minimum[0].base:
                return norm.min_sale
        return None

    def _in_title(self, listing: Listing, split, norms, known, what, usual) -> Iterable[Hit]:
        title = listing.text("title")
        if split:
            match = self._per_unit(split).search(title.value)
            if match:
                yield self._span_hit(title, "title", match.start(), match.end(), what, usual, "标题")
                return
        price = known.price
        if price is None or price > float(self.options["title_price_max"]):
            return
        quantities = known.title_quantities
        for q in quantities:
            below = self._below_min(q, norms)
            whole = float(self.options["whole_quantity_factor"])
            if below and not any(o.dimension == q.dimension and o.total >= q.total * whole for o in quantities):
                yield self._span_hit(title, "title", q.start, q.end, what, usual, f"标题 (价格 {money(price)} 元)",
                                     f" (低于常规最小销售量 {below})")
                return

    @staticmethod
    def _span_hit(text: Text, path: str, start: int, end: int, what: str, usual: str, where: str,
                  detail: str = "") -> Hit:
        a, b = text.span(start, end)
        original = text.original
        return Hit(path, a, b, original[a:b],
                   f"{what}的常规销售单位为 {usual}, {where}以「{original[a:b]}」拆分销售{detail} ({CLAUSE})",
                   suggestion=f"按常规规格 ({usual}) 设置 SKU 与价格")
