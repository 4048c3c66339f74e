"""sku-price-bait: SKU低价引流 — other goods, bait-priced variants, cheap accessories, near-free or sold-out SKUs."""

from __future__ import annotations

import re
import statistics
from functools import cached_property, lru_cache
from typing import Callable, Iterable, Sequence

from ..detectors import alternation
from ..detectors.categories import CategoryTerm
from ..detectors.quantities import Quantity, amount, count_amount
from ..detectors.terms import Found
from ..finding import Hit
from ..listing import Listing
from ..normalize import Text
from ..rule import Rule, RuleDocs
from ._structure import SEED, facts, lazy, money, structure_data

CLAUSE = f"{SEED}第 6 类 发布规避信息 (利用SKU低价引流)"
_MEASURES = ("mass", "volume", "length", "area")
# What an SKU name may hold (SkuPriceBait._name_flags), as bits.
_BAIT, _ACCESSORY, _GOODS = 1, 2, 4


class SkuPriceBait(Rule):
    id = "sku-price-bait"
    code = "LL502"
    title = "利用SKU低价引流"
    clause = CLAUSE
    severity = "error"
    docs = RuleDocs(
        catches="一个商品链接中: (a/b) SKU 是另一类目或完全不同的商品 (T恤 链接里的 拖鞋); (c) 不同材质、规格的 SKU "
                "价格相差悬殊, 且数量不能解释差价, 以低价 SKU 展示低价; (d) 价格悬殊的常规商品和配件放在一起 (手机 3999 与 "
                "手机壳 9.9); (e) 不存在或无库存的 SKU (拍下不发货、客服专拍、库存 0 的最低价 SKU) 或近乎免费的 SKU "
                "(0.01元) 与常规 SKU 放在一起。按重量/容量/数量成比例定价 (1kg 与 5kg, 1件 与 3件装) 和同价的尺码/颜色合法。",
        why="《商品信息发布规范》第 6 类 发布规避信息 — 利用SKU低价引流: a 将不同类目的商品发布在一个商品ID中; b 将相同类目"
            "下完全不同的商品发布在一个商品ID中; c 将不同材质、规格等属性值对应价格不同的商品发布在一个商品ID中; d 将价格差距"
            "较大的常规商品和商品配件发布在一个商品ID中; e 将不存在或无库存的SKU与常规的SKU发布在同一个商品ID中。",
        bad="手机 SKU [{\"name\": \"iPhone 15 128G\", \"price\": 3999}, {\"name\": \"手机壳\", \"price\": 9.9}]; "
            "SKU [{\"name\": \"客服专拍 拍下不发货\", \"price\": 0.01}, {\"name\": \"白色 M\", \"price\": 59}]",
        good="大米 SKU [{\"name\": \"5kg\", \"price\": 39.9}, {\"name\": \"10kg\", \"price\": 75}]; T恤 S/M/L 同价",
        fix="把配件、其他商品和价格悬殊的规格分开发布; 删除不发货、无库存或占位的低价 SKU。",
        options="price_ratio (默认 5): 最低价 SKU 不超过最高价的 1/5 且数量不能解释差价时报告 (128G/1TB 手机约 2.3 倍、"
                "单件/3件装约 3 倍都在此之下)。unit_price_ratio (默认 3): 两个 SKU 都写明可比较的数量时按单价比较, 单价相差 "
                "3 倍以内视为量贩折扣。near_free (默认 1 元) 与 near_free_gap (默认 10): 不超过 1 元且其他 SKU 至少贵 10 倍的 "
                "SKU 为近乎免费的引流 SKU (near_free_floor 0.1 元: 更低的价格按 0.1 元比较)。weak_bait_share (默认 0.5): 补差价、"
                "专拍等弱引流词只在 SKU 价格不超过其他 SKU 中位价一半时报告。out_of_stock_share (默认 0.5): 库存为 0 且价格不超过有货 SKU 最低价一半的 SKU。"
                "accessory_ratio (默认 5): 配件 SKU 不超过主商品价格的 1/5。variant_name_categories: 其商品词常用作口味、香型、"
                "颜色名 (草莓、玫瑰、牛油果绿) 的类目, 这类 SKU 名不算「其他类目的商品」。",
    )

    @cached_property
    def _single(self) -> re.Pattern:
        """单件/单瓶/单只: one of a count unit (units.tsv), to compare with 3件装."""
        return re.compile(rf"单\s?({alternation(self._data.count_units)})")

    @cached_property
    def _data(self):
        return structure_data(self.lexicon)

    @cached_property
    def _bait(self):
        return self._data.matcher("bait_sku")

    @cached_property
    def _strong_bait(self) -> frozenset[str]:
        from ..normalize import normalize

        return frozenset(normalize(r["term"]).value for r in self._data.words.get("bait_sku", ())
                         if r.get("strength") == "strong")

    @cached_property
    def _accessory(self):
        return self._data.matcher("accessory")

    @cached_property
    def _name_flags(self) -> Callable[[str], int]:
        """What an SKU name (normalized) may hold, as bits: _BAIT, a bait word (客服专拍, 不发货 …); _ACCESSORY, an
        accessory word (手机壳, 充电器 …); _GOODS, a noun that says what goods it is (not a variant name such as 草莓):
        without it, _foreign_goods finds nothing in the name. One lookup per SKU tells which checks can find
        anything; cached, as SKU names repeat (白色 M)."""
        bait, accessory, terms_in, variants = self._bait, self._accessory, self._data.terms_in, self._variant_categories

        def name_flags(name: str) -> int:
            goods = any(t.evidence and t.norms[0].name not in variants for t in terms_in(name))
            return (_BAIT if bait.occurs(name) else 0) | (_ACCESSORY if accessory.occurs(name) else 0) | (
                _GOODS if goods else 0)

        return lru_cache(maxsize=1 << 14)(name_flags)

    @cached_property
    def _variant_categories(self) -> frozenset[str]:
        return frozenset(self.options["variant_name_categories"])

    @cached_property
    def _ratios(self) -> dict[str, float]:
        names = ("price_ratio", "unit_price_ratio", "near_free", "near_free_gap", "near_free_floor",
                 "out_of_stock_share", "accessory_ratio", "weak_bait_share")
        return {name: float(self.options[name]) for name in names}

    def check(self, listing: Listing) -> Iterable[Hit]:
        priced = [(i, sku) for i, sku in enumerate(listing.skus) if sku.price is not None]
        if len(priced) < 2:
            return
        offer = _Offer(self, listing, priced, facts(self._data, listing))
        checks = self._checks(offer)
        for i, sku in priced:
            for check in checks:
                hit = check(i, sku, offer)
                if hit:
                    yield hit
                    break

    def _checks(self, offer: "_Offer") -> list:
        """The checks tried on each SKU, in order (the first finding is the SKU's), without those that cannot
        find anything in this listing."""
        ratios = self._ratios
        priced = offer.priced
        prices = [sku.price for _, sku in priced]
        top = max(prices)
        checks = []
        held = offer.held
        if held & _BAIT:
            checks.append(self._bait_name)
        if any(sku.stock == 0 for _, sku in priced):
            checks.append(self._sold_out)
        if min(prices) <= ratios["near_free"]:
            checks.append(self._near_free)
        known = offer.known
        if held & _GOODS and offer.families and not (known.path is not None and known.path.accepts_all):
            checks.append(self._other_goods)
        if held & _ACCESSORY:
            checks.append(self._cheap_accessory)
        # Virtual goods come in tiers priced by what they give (月卡/年卡, 50元/100元 话费).
        if not known.virtual and any(price > 0 and price * ratios["price_ratio"] <= top for price in prices):
            checks.append(self._price_gap)
        return checks

    # -- e: bait and sold-out SKUs ------------------------------------------------------------------

    def _bait_name(self, i, sku, offer: "_Offer") -> Hit | None:
        name = offer.names[i]
        for found in self._bait.find(name.value):
            word = self._bait.words[found.index]
            if word not in self._strong_bait and not sku.price <= self._ratios["weak_bait_share"] * offer.median_of_others(i):
                continue
            a, b = name.span(found.start, found.end)
            return Hit(f"skus[{i}].name", a, b, sku.name[a:b],
                       f"SKU「{sku.name}」({money(sku.price)} 元) 是不实际售卖的占位/引流 SKU「{sku.name[a:b]}」 ({CLAUSE} e: "
                       f"不存在或无库存的SKU与常规SKU发布在同一商品中)",
                       suggestion="删除该 SKU (补差价、邮费等请使用平台的专用方式)")
        return None

    def _sold_out(self, i, sku, offer: "_Offer") -> Hit | None:
        if sku.stock != 0:
            return None
        in_stock = [s.price for _, s in offer.others(i) if s.stock is None or s.stock > 0]
        if not in_stock or sku.price > self._ratios["out_of_stock_share"] * min(in_stock):
            return None
        return Hit(f"skus[{i}].stock", None, None, "0",
                   f"SKU「{sku.name}」库存为 0, 却以 {money(sku.price)} 元的最低价展示 (有货 SKU 最低 {money(min(in_stock))} 元) "
                   f"({CLAUSE} e: 无库存的SKU与常规SKU发布在同一商品中)",
                   suggestion="删除无库存的低价 SKU, 或补足库存并按实际价格销售")

    def _near_free(self, i, sku, offer: "_Offer") -> Hit | None:
        if sku.price > self._ratios["near_free"]:
            return None
        median = offer.median_of_others(i)
        if median < self._ratios["near_free_gap"] * max(sku.price, self._ratios["near_free_floor"]):
            return None
        j, top = offer.top_of_others(i)
        quantities, names = offer.quantities, offer.names
        if (quantities[i] or self._single.search(names[i].value)) and self._proportionate(sku.price, quantities[i], names[i].value,
                                                 top.price, quantities[j], names[j].value):
            return None  # cheap because small (1克 next to 5kg): unit-splitting's business, not a bait price
        return Hit(f"skus[{i}].price", None, None, money(sku.price),
                   f"SKU「{sku.name}」仅 {money(sku.price)} 元, 其他 SKU 约 {money(median)} 元, 近乎免费的 SKU 用于展示低价 "
                   f"({CLAUSE} e)", suggestion="删除该 SKU, 或按实际价格设置")

    # -- a/b: other goods ---------------------------------------------------------------------------

    @cached_property
    def _foreign_goods(self) -> Callable[[str, frozenset[str]], CategoryTerm | None]:
        """The noun of an SKU name (normalized) that says its goods belong to none of ``families``, or None; cached,
        as SKU names and category families repeat across listings."""
        terms_in, variants = self._data.terms_in, self._variant_categories

        def foreign_goods(name: str, families: frozenset[str]) -> CategoryTerm | None:
            terms = terms_in(name)
            if any(t.compatible & families for t in terms):
                return None
            return next((t for t in terms if t.evidence and t.norms[0].name not in variants), None)

        return lru_cache(maxsize=1 << 14)(foreign_goods)

    def _other_goods(self, i, sku, offer: "_Offer") -> Hit | None:
        if not offer.flags[i] & _GOODS:
            return None
        families = offer.families
        name = offer.names[i]
        term = self._foreign_goods(name.value, families)
        # The listing's own goods must be there: an SKU or the title fits its category.
        if term is None or not offer.own_goods:
            return None
        a, b = name.span(term.start, term.end)
        original = name.original
        main = "/".join(sorted(families))
        return Hit(f"skus[{i}].name", a, b, original[a:b],
                   f"SKU「{original}」是「{term.norms[0].family}/{term.norms[0].name}」类商品, 与本商品类目「{main}」不同, "
                   f"不得发布在同一商品链接中 ({CLAUSE} a: 将不同类目的商品发布在一个商品ID中)",
                   suggestion=f"将「{original}」单独发布到「{term.norms[0].family}」类目")

    # -- d: accessories -----------------------------------------------------------------------------

    def _cheap_accessory(self, i, sku, offer: "_Offer") -> Hit | None:
        found = offer.accessory(i)
        if found is None:
            return None
        main = [(j, s) for j, s in offer.others(i) if offer.accessory(j) is None]
        if not main:
            return None
        j, top = max(main, key=lambda pair: pair[1].price)
        if sku.price * self._ratios["accessory_ratio"] > top.price:
            return None
        quantities, names = offer.quantities, offer.names
        if self._proportionate(sku.price, quantities[i], names[i].value,
                               top.price, quantities[j], names[j].value, unknown=False):
            return None  # 5ml 小样 next to 50ml 正装 at the same price per ml
        name = names[i]
        a, b = name.span(found.start, found.end)
        return Hit(f"skus[{i}].name", a, b, sku.name[a:b],
                   f"配件 SKU「{sku.name}」({money(sku.price)} 元) 与主商品「{top.name}」({money(top.price)} 元) 价格差距悬殊, "
                   f"不得发布在同一商品链接中 ({CLAUSE} d: 将价格差距较大的常规商品和商品配件发布在一个商品ID中)",
                   suggestion=f"将「{sku.name}」作为配件单独发布")

    # -- c: prices out of proportion --------------------------------------------------------------

    def _price_gap(self, i, sku, offer: "_Offer") -> Hit | None:
        j, top = offer.top_of_others(i)
        if sku.price <= 0 or sku.price * self._ratios["price_ratio"] > top.price:
            return None
        quantities, names = offer.quantities, offer.names
        if self._proportionate(sku.price, quantities[i], names[i].value, top.price, quantities[j], names[j].value):
            return None
        return Hit(f"skus[{i}].price", None, None, money(sku.price),
                   f"SKU「{sku.name}」{money(sku.price)} 元, 仅为 SKU「{top.name}」{money(top.price)} 元的 "
                   f"1/{top.price / sku.price:.0f}, 规格数量不能说明差价, 涉嫌以低价 SKU 展示低价 ({CLAUSE} c: 不同材质、"
                   f"规格等属性值对应价格不同的商品发布在一个商品ID中)",
                   suggestion="价格差距大的规格或材质分开发布为不同商品, 或按统一标准定价")

    def _proportionate(self, price_a: float, qa: Sequence[Quantity], name_a: str,
                       price_b: float, qb: Sequence[Quantity], name_b: str, unknown: bool = True) -> bool:
        """Prices in proportion to the SKUs' quantities; ``unknown`` is the answer when they cannot be compared."""
        tolerated = self._ratios["unit_price_ratio"]
        for dimension in _MEASURES:
            amount_a, amount_b = amount(qa, dimension), amount(qb, dimension)
            if amount_a and amount_b:
                return self._within(price_a / amount_a, price_b / amount_b, tolerated)
        count_a, count_b = self._count(qa, name_a), self._count(qb, name_b)
        if count_a and count_b:
            if count_a[0] == count_b[0]:
                return self._within(price_a / count_a[1], price_b / count_b[1], tolerated)
            return unknown  # 1箱 vs 6瓶: packagings that cannot be compared
        if qa and qb:
            return unknown  # quantities of different kinds: cannot tell
        return False

    def _count(self, quantities: Sequence[Quantity], name: str) -> tuple[str, float] | None:
        counted = count_amount(quantities)
        if counted:
            return counted
        single = self._single.search(name)
        return (single.group(1), 1.0) if single else None

    @staticmethod
    def _within(a: float, b: float, tolerated: float) -> bool:
        low, high = min(a, b), max(a, b)
        return low > 0 and high / low <= tolerated


class _Offer:
    """A listing's priced SKUs, with what the checks ask of them computed once for all SKUs (not once per SKU)."""

    def __init__(self, rule: SkuPriceBait, listing: Listing, priced: list, known):
        self._rule = rule
        self.priced = priced
        self.known = known
        self.names: dict[int, Text] = {i: listing.text(f"skus[{i}].name") for i, _ in priced}
        name_flags = rule._name_flags
        self.flags: dict[int, int] = {i: name_flags(name.value) for i, name in self.names.items()}
        held = 0
        for flags in self.flags.values():
            held |= flags
        self.held = held  # what some SKU name may hold
        self._accessory: dict[int, Found | None] = {}

    @lazy
    def quantities(self) -> dict[int, Sequence[Quantity]]:
        quantities_in = self._rule._data.quantities_in
        return {i: quantities_in(name.value) for i, name in self.names.items()}

    def others(self, i: int) -> list:
        return [(j, s) for j, s in self.priced if j != i]

    def median_of_others(self, i: int) -> float:
        return statistics.median(s.price for j, s in self.priced if j != i)

    @lazy
    def _tops(self) -> tuple:
        """The first SKU of the highest price, and the first of the highest price among the others."""
        best = max(self.priced, key=lambda pair: pair[1].price)
        return best, max((pair for pair in self.priced if pair[0] != best[0]), key=lambda pair: pair[1].price)

    def top_of_others(self, i: int) -> tuple:
        """``max`` of the other SKUs by price (the first of the highest price)."""
        best, second = self._tops
        return second if i == best[0] else best

    def accessory(self, i: int) -> Found | None:
        """The accessory word in SKU ``i``'s name."""
        if not self.flags[i] & _ACCESSORY:
            return None
        if i not in self._accessory:
            self._accessory[i] = self._rule._accessory.search(self.names[i].value)
        return self._accessory[i]

    @lazy
    def families(self) -> frozenset[str]:
        known = self.known
        return known.path.families if known.path is not None else known.families

    @lazy
    def own_goods(self) -> bool:
        """Whether the title or an SKU names goods of the listing's category. Asked only about an SKU whose goods
        fit no such category, so whether it counts itself does not matter."""
        families = self.families
        return any(t.compatible & families for t in self.known.title_terms) or any(
            t.compatible & families for name in self.names.values() for t in self._rule._data.terms_in(name.value))
