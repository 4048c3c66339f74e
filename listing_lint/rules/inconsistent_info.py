"""inconsistent-info: key information contradicting itself across fields (包邮, brand, material, capacity/weight/count)."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, Sequence

from ..detectors import alternation
from ..detectors.quantities import Quantity, same
from ..detectors.edits import deletion
from ..finding import Hit
from ..listing import Listing
from ..normalize import Text
from ..rule import Rule, RuleDocs
from ._structure import SEED, Facts, normalized, facts, money, structure_data

CLAUSE = f"{SEED}第 3 类 商品关键信息不一致"

class InconsistentInfo(Rule):
    id = "inconsistent-info"
    code = "LL403"
    title = "商品关键信息不一致"
    clause = CLAUSE
    severity = "error"
    docs = RuleDocs(
        catches="同一商品的关键信息互相矛盾: 标题写「包邮」但默认运费大于 0、核心地区运费大于 0, 或详情写「不包邮/运费自理」; "
                "标题中的品牌与品牌字段或属性「品牌」不同; 标题声称的材质 (纯棉、真丝、实木、足金 …) 与属性「材质/面料」不符; "
                "标题中的容量、重量或数量 (500ml、5kg、24包) 与属性「净含量/规格」或全部 SKU 的规格不符。",
        why="《商品信息发布规范》第 3 类 商品关键信息不一致: 商品的关键信息互相不一致, 如规格、品牌、物流方式、运费、价格、"
            "售后服务等。错误示例: 商品标题中是包邮, 但商详页描述中是不包邮。",
        bad="标题「纯棉T恤 包邮」, freight 8, 属性 {\"材质\": \"聚酯纤维\"}; 标题「洗衣液 500ml」, 属性 {\"净含量\": \"250ml\"}",
        good="标题「纯棉T恤 包邮」, freight 0, 详情「偏远地区 (新疆、西藏) 不包邮」; 标题「手机壳 适用于苹果15」, brand 酷乐家",
        fix="让标题、详情、属性、SKU 与运费设置一致: 删除不实的「包邮」或把运费设为 0, 按实际填写品牌、材质和规格。",
        options="品牌是否相同与 identity-change 用同一个判断, 读取 identity-change 的 same_brand_similarity 和 typo_min_length "
                "([tool.listing-lint.rules.identity-change] 中设置, 两条规则一起生效); "
                "标题中串联 keyword-stuffing 的 min_brands 个及以上品牌时交给 keyword-stuffing, 不比较品牌。"
                "包邮前有条件 (满99、2件) 或地区 (江浙沪) 时只与该地区运费比较; 「不包邮」前后有偏远地区说明 "
                "(structure_terms.tsv 的 remote_region) 时为合法的地区例外; 「适用于/兼容/for」后的品牌是适配说明, 不是品牌。",
    )

    @cached_property
    def _data(self):
        return structure_data(self.lexicon)

    @cached_property
    def _condition(self) -> re.Pattern:
        """Before 包邮, a condition (满99包邮, 2件包邮, 拍两件包邮) makes the claim conditional."""
        words = alternation(self._data.kind("shipping_condition"))
        units = alternation(self._data.count_units + ("斤", "元"))
        return re.compile(rf"(?:{words})\s{{0,2}}\S{{0,4}}$|(?:\d|[两二三四五六七八九十])\s{{0,2}}(?:{units})\s{{0,2}}$")

    def check(self, listing: Listing) -> Iterable[Hit]:
        known = facts(self._data, listing)
        yield from self._shipping(listing)
        yield from self._brand(listing, known)
        if listing.title:
            yield from self._material(listing, known)
            yield from self._quantities(listing, known)

    # -- 包邮 -----------------------------------------------------------------------------------------

    @cached_property
    def _shipping_words(self):
        return self._data.matcher("free_shipping", "not_free")

    @cached_property
    def _condition_words(self):
        return self._data.matcher("regional_free", "remote_region")

    def _claims(self, text: Text):
        """Unconditional free-shipping claims (包邮 not after 满99/2件/江浙沪) and regional ones, as
        (start, end, region or None, conditional)."""
        value = text.value
        for found in self._shipping_words.find(value):
            if self._data.kind_of(self._shipping_words, found.index, "not_free", "free_shipping") != "free_shipping":
                continue
            head = value[max(0, found.start - 8):found.start]
            stripped = head.rstrip()
            region = None
            for word in self._condition_words.find(stripped):
                if word.end == len(stripped):
                    region = self._condition_words.words[word.index]
            conditional = bool(self._condition.search(head)) or region is not None
            # 包邮区 / 包邮地区 name a zone, not a promise for this listing.
            if value[found.end:found.end + 1] in ("区",) or value[found.end:found.end + 2] == "地区":
                conditional = True
            yield found.start, found.end, region, conditional

    def _shipping(self, listing: Listing) -> Iterable[Hit]:
        if not listing.title or "邮" not in listing.text("title").value and "运费" not in listing.text("title").value:
            return
        title = listing.text("title")
        for start, end, region, conditional in self._claims(title):
            a, b = title.span(start, end)
            claim = title.original[a:b]
            if conditional:
                if region is None:
                    continue
                for name, fee in listing.freight_regions.items():
                    if fee and fee > 0 and normalized(name).strip() == region:
                        yield self._claim_hit(listing, a, b, f"{name}运费为 {money(fee)} 元")
                continue
            if listing.freight is not None and listing.freight > 0:
                yield self._claim_hit(listing, a, b, f"默认运费为 {money(listing.freight)} 元")
                return
            charged = [(name, fee) for name, fee in listing.freight_regions.items()
                       if fee and fee > 0 and self._data.regions.get(normalized(name).strip(), "mainland")
                       in ("core", "mainland")]
            if charged:
                name, fee = charged[0]
                yield self._claim_hit(listing, a, b, f"{name}运费为 {money(fee)} 元")
                return
            hit = self._detail_contradiction(listing, claim)
            if hit:
                yield hit
            return

    def _claim_hit(self, listing: Listing, a: int, b: int, fact: str) -> Hit:
        original = listing.title
        suggestion, fix = deletion(original, a, b, safe=False)
        return Hit("title", a, b, original[a:b],
                   f"标题写「{original[a:b]}」, 但{fact}, 运费信息不一致 ({CLAUSE})",
                   suggestion=suggestion + " (或将运费设为 0)", fix=fix)

    def _detail_contradiction(self, listing: Listing, claim: str) -> Hit | None:
        if not listing.detail:
            return None
        text = listing.text("detail")
        value = text.value
        for found in self._shipping_words.find(value):
            if self._data.kind_of(self._shipping_words, found.index, "not_free", "free_shipping") != "not_free":
                continue
            around = value[max(0, found.start - 16):found.start] + " " + value[found.end:found.end + 8]
            if self._condition_words.search(around) is not None or self._condition.search(value[max(0, found.start - 8):found.start]):
                continue  # 偏远地区不包邮, 新疆西藏除外: a lawful regional exception
            a, b = text.span(found.start, found.end)
            return Hit("detail", a, b, text.original[a:b],
                       f"标题写「{claim}」, 但详情写「{text.original[a:b]}」, 物流方式与运费信息不一致 ({CLAUSE})",
                       suggestion="统一标题与详情的运费说明: 确实包邮则删除详情中的「不包邮」, 否则删除标题中的「包邮」"
                                  " (仅偏远地区不包邮时写明地区, 如「新疆、西藏等偏远地区不包邮」)")
        return None

    # -- brand ----------------------------------------------------------------------------------------

    @cached_property
    def _same_brand_options(self) -> tuple[float, int]:
        """identity-change's options, read (not copied) so that the two rules always agree on what one brand is."""
        options = self.options_of("identity-change")
        return float(options["same_brand_similarity"]), int(options["typo_min_length"])

    @cached_property
    def _stuffed_brands(self) -> int:
        """keyword-stuffing's ``min_brands``: a title stringing this many brands is that rule's, not a brand claim."""
        return int(self.options_of("keyword-stuffing")["min_brands"])

    def _same_brand(self, a: str, b: str) -> bool:
        return self._data.same_brand(a, b, *self._same_brand_options)

    def _brand(self, listing: Listing, known_facts: Facts) -> Iterable[Hit]:
        attribute = known_facts.attributes.get("品牌", ())
        if listing.brand and attribute:
            name, value = attribute[0]
            if not self._same_brand(listing.brand, value):
                yield Hit(f"attributes.{name}", None, None, value,
                          f"品牌字段为「{listing.brand}」, 属性「{name}」却为「{value}」, 品牌信息不一致 ({CLAUSE})",
                          suggestion=f"将属性「{name}」改为「{listing.brand}」 (或更正品牌字段)")
        declared = listing.brand or (attribute[0][1] if attribute else "")
        if not declared or not listing.title:
            return
        known, names = self._data.brand_names(declared)
        if not names:
            return
        named = list(self._data.title_brands(listing.text("title")))
        if not named:
            return  # most titles name no brand at all: nothing to compare
        if len({brand for brand, *_ in named}) >= self._stuffed_brands:
            return  # a string of brands is keyword-stuffing's (or a compatibility list), not one brand's claim
        sure = [brand for brand, _, _, ambiguous in named if not ambiguous]
        if any(brand in known for brand in sure) or not sure and all(brand in known for brand, *_ in named):
            return  # the declared brand is named, or no other brand is, whatever the ambiguous words turn out to be
        # An ambiguous brand word (苹果, 小米) is the brand only when the goods named in the title are the brand's kind
        # (the title's nouns are looked up only then).
        goods_families = self._goods_families(known_facts) if any(ambiguous for *_, ambiguous in named) else frozenset()
        found = [(brand, a, b) for brand, a, b, ambiguous in named
                 if not ambiguous or self._data.brands.families(brand) & goods_families]
        if not found or any(brand in known for brand, _, _ in found):
            return
        # Accessories name the brand they fit (iPhone15 钢化膜, 华为充电器 by a third-party maker).
        families = self._data.categories.families
        if any(families[f].fits_other_brands for f in known_facts.families) or self._accessory_title(listing):
            return
        if not known and any(n in known_facts.title for n in names):
            return
        brand, a, b = found[0]
        if any(self._same_brand(brand, n) for n in names):
            return
        suggestion, fix = deletion(listing.title, a, b, safe=False)
        yield Hit("title", a, b, listing.title[a:b],
                  f"标题中的品牌「{listing.title[a:b]}」与品牌字段「{declared}」不一致 ({CLAUSE})",
                  suggestion=suggestion + f" (品牌为「{declared}」; 配件请写「适用于{listing.title[a:b]}」)", fix=fix)

    @staticmethod
    def _goods_families(known: Facts) -> frozenset[str]:
        """The top-level categories of the goods the title names, else the listing's."""
        return frozenset(n.family for t in known.evidence for n in t.norms) or known.families

    def _accessory_title(self, listing: Listing) -> bool:
        return self._data.matcher("accessory").search(listing.text("title").value) is not None

    # -- material -------------------------------------------------------------------------------------

    def _material(self, listing: Listing, known: Facts) -> Iterable[Hit]:
        attributes = known.attributes.get("材质", ())
        if not attributes:
            return
        matcher, rows = self._data.materials
        declared: set[str] = set()
        for _, value in attributes:
            declared |= self._data.materials_in(normalized(value))
        if not declared:
            return
        title = listing.text("title")
        for found in matcher.find(title.value):
            row = rows[found.index]
            if row.get("claim") != "yes" or row["material"] in declared:
                continue
            if self._data.ending("material_negation").search(title.value[max(0, found.start - 3):found.start]):
                continue
            a, b = title.span(found.start, found.end)
            name, value = attributes[0]
            suggestion, fix = deletion(listing.title, a, b, safe=False)
            yield Hit("title", a, b, listing.title[a:b],
                      f"标题写「{listing.title[a:b]}」, 但属性「{name}」为「{value}」, 材质信息不一致 ({CLAUSE})",
                      suggestion=suggestion + f" (按属性「{name}: {value}」如实描述材质)", fix=fix)
            return

    # -- capacity, weight, count ------------------------------------------------------------------

    @cached_property
    def _not_the_goods(self):
        return self._data.matcher("not_the_goods")

    def _usable(self, quantities: Sequence[Quantity], known: Facts, value: str) -> list[Quantity]:
        if not quantities:
            return []
        families = self._data.categories.families
        not_the_goods = self._not_the_goods
        out = []
        for q in quantities:
            if q.dimension in ("mass", "volume"):
                # Storage and networks are written like weights (128G, 5G手机): no weight in such categories.
                if q.ambiguous and any(families[f].digital_units for f in known.families):
                    continue
            elif q.dimension != "count" or q.unit not in self._count_units:
                continue
            # A quantity right after 送/赠 (a gift) or 适用/可装 (what the goods fit or hold) is not the goods'. The
            # words are searched for only when a character before the quantity can start one (rarely).
            before = value[max(0, q.start - 3):q.start]
            if not not_the_goods.first_chars.isdisjoint(before) and not_the_goods.search(before) is not None:
                continue
            out.append(q)
        return out

    @cached_property
    def _count_units(self) -> frozenset[str]:
        return frozenset(row["unit"] for row in self.lexicon.table("units")
                         if row["dimension"] == "count" and row.get("compare") == "yes")

    @staticmethod
    def _key(q: Quantity) -> tuple[str, str]:
        return (q.dimension, q.unit if q.dimension == "count" else "")

    @cached_property
    def _quantities_by_kind(self) -> Callable[[str], Mapping[tuple[str, str], tuple[Quantity, ...]]]:
        """The quantities of an attribute value or SKU name (as written) by :meth:`_key`, in order; cached, as they
        repeat across listings (one lookup per value instead of a normalization's and a parse's). Every listing with
        the value gets the same mapping, so it is read-only (a MappingProxyType): no caller can change what later
        listings see."""
        quantities_in = self._data.quantities_in

        def by_kind(value: str) -> Mapping[tuple[str, str], tuple[Quantity, ...]]:
            out: dict[tuple[str, str], list[Quantity]] = {}
            for q in quantities_in(normalized(value)):
                out.setdefault(self._key(q), []).append(q)
            return MappingProxyType({key: tuple(quantities) for key, quantities in out.items()})

        return lru_cache(maxsize=1 << 14)(by_kind)

    @staticmethod
    def _matches(q: Quantity, others: list[Quantity]) -> bool:
        return any(same(q.base, o.base) or same(q.total, o.total) or same(q.base, o.total) or same(q.total, o.base)
                   for o in others)

    def _quantities(self, listing: Listing, known: Facts) -> Iterable[Hit]:
        stated = self._usable(known.title_quantities, known, known.title)
        if not stated:
            return
        groups: dict[tuple[str, str], list[Quantity]] = {}
        for q in stated:
            groups.setdefault(self._key(q), []).append(q)
        attribute_q: dict[tuple[str, str], list[tuple[str, str, Quantity]]] = {}
        for name, value in known.attributes.get("净含量", ()):
            for key, quantities in self._quantities_by_kind(value).items():
                attribute_q.setdefault(key, []).extend((name, value, q) for q in quantities)
        for key, quantities in groups.items():
            if len(quantities) > 1 and len({round(q.base, 3) for q in quantities}) > 1:
                continue  # the title lists several specifications (250ml/500ml)
            q = quantities[0]
            declared = attribute_q.get(key)
            if declared and not self._matches(q, [d[2] for d in declared]):
                name, value, _ = declared[0]
                a, b, written = self._written(listing, q)
                yield Hit("title", a, b, written,
                          f"标题写「{written}」, 但属性「{name}」为「{value}」, 规格信息不一致 ({CLAUSE})",
                          suggestion=f"标题与属性「{name}」写同一规格 ({value})")
                continue
            if self._offered_by_no_sku(q, key, listing):
                a, b, written = self._written(listing, q)
                offered = "、".join(dict.fromkeys(normalized(sku.name) for sku in listing.skus if sku.name))
                yield Hit("title", a, b, written,
                          f"标题写「{written}」, 但没有一个 SKU 是这个规格 (SKU: {offered[:60]}), 规格信息不一致 ({CLAUSE})",
                          suggestion="标题只写 SKU 中实际提供的规格")

    def _offered_by_no_sku(self, q: Quantity, key: tuple[str, str], listing: Listing) -> bool:
        """Whether the listing has named SKUs, each stating a quantity of ``q``'s kind, and none of them is ``q``.
        SKUs are looked at in turn until one settles it (most often the first: it has no such quantity, or ``q``)."""
        by_kind = self._quantities_by_kind
        named = False
        for sku in listing.skus:
            if sku.name:
                named = True
                of_kind = by_kind(sku.name).get(key)
                if not of_kind or self._matches(q, of_kind):
                    return False
        return named

    @staticmethod
    def _written(listing: Listing, q: Quantity) -> tuple[int, int, str]:
        """Where ``q`` is written in the original title, and how."""
        a, b = listing.text("title").span(q.start, q.end)
        return a, b, listing.title[a:b]
