"""freight-abnormal: a shipping fee far beyond the price and the category's norm; any freight on virtual goods."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Iterable

from ..detectors.edits import deletion
from ..finding import Hit
from ..listing import Listing
from ..rule import Rule, RuleDocs
from ._structure import SEED, normalized, facts, money, structure_data

CLAUSE = f"{SEED}第 6 类 发布规避信息 (商品运费偏离实际价格)"

# A number right before a freight word (5元运费, 5块钱的邮费) or right after it (运费: 5元, 邮费5元).
_NUMBER_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s{0,2}(?:元|块钱?|rmb)?\s{0,2}(?:的)?\s{0,2}$")
_NUMBER_AFTER = re.compile(r"^\s{0,2}(?:为|是|[:：])?\s{0,2}(?:¥|￥)?\s{0,2}(\d+(?:\.\d+)?)\s{0,2}(?:元|块)")
# A zero amount before the freight word: 0元运费, 零元运费.
_ZERO = re.compile(r"(?:(?<![\d.])0(?:\.0+)?|零)\s{0,2}元?$")


class FreightAbnormal(Rule):
    id = "freight-abnormal"
    code = "LL501"
    title = "运费偏离实际价格"
    clause = CLAUSE
    severity = "error"
    docs = RuleDocs(
        catches="实物商品的运费 (默认运费 freight 或地区运费 freight_regions) 远远超过商品价格, 并且超出该类目的常规运费"
                "(大件、重货类目如家具、大家电有各自更高的常规运费); 虚拟商品 (virtual 为 true, 或类目为话费充值、会员、卡券、"
                "游戏、课程等) 设置了运费, 或标题、详情、SKU 名称中写明要收运费 (此商品需要5元运费)。",
        why="《商品信息发布规范》第 6 类 发布规避信息: 商品运费偏离实际价格 — 发布实物商品时商品的运费价格远远超过其商品"
            "价格, 并且不符合运费行业标准, 或虚拟物品有运费。错误示例: 一件衣服价格设置为2元, 江浙沪运费设置为53元; "
            "广东移动100元在线充值, 商品信息中标注「此商品需要5元运费」。",
        bad="T恤 price 2, freight_regions {\"江浙沪\": 53}; 广东移动100元在线充值 (virtual) 详情「此商品需要5元运费」",
        good="布艺沙发 price 899, freight 200 (大件家具常规运费); 话费充值 freight 0, 详情「虚拟商品无需运费」",
        fix="按实际物流成本设置运费 (不超过该类目常规运费); 虚拟商品运费设为 0, 删除收取运费的文字。",
        options="max_ratio (默认 3): 运费至少为展示价格的多少倍才算「远远超过商品价格」; 示例 53/2 = 26.5 倍, 3 倍给"
                "低价商品的普通运费 (3元商品 8元运费) 留出余地。default_freight_max (默认 30): 类目未知时的常规运费上限 "
                "(2023 年快递 首重+续重 报价, 普通包裹 10–25 元)。core_factor/mainland_factor/remote_factor/overseas_factor "
                "(默认 1/1/3/6): 各地区 (freight_regions.tsv 的 zone) 运费上限相对类目常规运费的倍数 — 偏远地区 (新疆、西藏 …) "
                "快递报价约为 2–3 倍, 港澳台/海外按国际价。类目常规运费见 category_norms.tsv 的 freight_max。",
    )

    @cached_property
    def _data(self):
        return structure_data(self.lexicon)

    def check(self, listing: Listing) -> Iterable[Hit]:
        known = facts(self._data, listing)
        if known.virtual:
            yield from self._virtual(listing)
            return
        price = known.price
        if price is None or price <= 0:
            return
        ratio = float(self.options["max_ratio"])
        if (listing.freight is None or listing.freight <= ratio * price) and not any(
                fee is not None and fee > ratio * price for fee in listing.freight_regions.values()):
            return  # no fee beyond the price: the category's norm need not be known
        norm_max = max((n.freight_max for n in known.norms if n.freight_max is not None),
                       default=self.options["default_freight_max"])
        what = f"「{known.norm.name}」类商品" if known.norm else "该商品"
        if listing.freight is not None:
            limit = norm_max * float(self.options["mainland_factor"])
            if listing.freight > ratio * price and listing.freight > limit:
                yield self._too_high("freight", "默认运费", listing.freight, price, limit, what)
        for region, fee in listing.freight_regions.items():
            if fee is None:
                continue
            zone = self._data.regions.get(normalized(region).strip(), "mainland")
            # A zone a user's freight_regions adds without a factor is priced like the mainland.
            limit = norm_max * float(self.options.get(f"{zone}_factor", self.options["mainland_factor"]))
            if fee > ratio * price and fee > limit:
                yield self._too_high(f"freight_regions.{region}", f"{region}运费", fee, price, limit, what)

    def _too_high(self, field: str, label: str, fee: float, price: float, limit: float, what: str) -> Hit:
        return Hit(
            field=field, start=None, end=None, text=money(fee),
            message=(f"{label} {money(fee)} 元远远超过商品价格 {money(price)} 元 ({fee / price:.0f} 倍), 且超出{what}的"
                     f"常规运费 (约 {money(limit)} 元以内), 属于商品运费偏离实际价格 ({CLAUSE})"),
            suggestion=f"按实际物流成本设置{label}, {what}常规不超过 {money(limit)} 元",
        )

    # -- virtual goods ----------------------------------------------------------------------------

    @cached_property
    def _freight_words(self):
        return self._data.matcher("freight_word", "not_free")

    @cached_property
    def _negations(self):
        return self._data.matcher("freight_negation")

    def _virtual(self, listing: Listing) -> Iterable[Hit]:
        advice = "虚拟商品无需物流, 运费应为 0"
        if listing.freight is not None and listing.freight > 0:
            yield Hit("freight", None, None, money(listing.freight),
                      f"虚拟商品不得设置运费 (默认运费 {money(listing.freight)} 元) ({CLAUSE}: 虚拟物品有运费)",
                      suggestion=f"将运费设为 0 ({advice})")
        for region, fee in listing.freight_regions.items():
            if fee is not None and fee > 0:
                yield Hit(f"freight_regions.{region}", None, None, money(fee),
                          f"虚拟商品不得设置运费 ({region}运费 {money(fee)} 元) ({CLAUSE}: 虚拟物品有运费)",
                          suggestion=f"将{region}运费设为 0 ({advice})")
        for path in listing.text_fields():
            text = listing.text(path)
            value = text.value
            for found in self._freight_words.find(value):
                if not self._charges(value, found):
                    continue
                start, end = self._charge_span(value, found)
                a, b = text.span(start, end)
                original = text.original
                suggestion, fix = deletion(original, a, b, safe=False)
                yield Hit(path, a, b, original[a:b],
                          f"虚拟商品的商品信息中写明收取运费「{original[a:b]}」({CLAUSE}: 虚拟物品有运费)",
                          suggestion=suggestion, fix=fix)
                break  # one finding per field: the fix of the first shows what to do with the rest

    def _charges(self, value: str, found) -> bool:
        after = value[found.end:found.end + 8]
        if after.startswith("险"):  # 运费险 is insurance, not a fee
            return False
        head = value[max(0, found.start - 10):found.start]
        if self._negated(head) or self._negation_across(head, value[found.start:found.start + 2]):
            return False
        if self._data.kind_of(self._freight_words, found.index, "freight_word", "not_free") == "not_free":
            return True
        number = _NUMBER_BEFORE.search(head)
        if number and float(number.group(1)) > 0:
            return True
        number = _NUMBER_AFTER.match(after)
        if number and float(number.group(1)) > 0:
            return True
        verb = self._data.ending("charge_verb").search(head)
        if not verb:
            return False
        before = head[:verb.start()]
        return not (self._negated(before) or self._negation_across(before, verb.group()[:2]))

    def _negation_across(self, head: str, start_of_word: str) -> bool:
        """A negation that the freight phrase's first characters complete: 不|收取运费 is 不收 + 取运费."""
        tail = head.rstrip()[-4:]
        window = tail + start_of_word
        return any(found.start < len(tail) < found.end for found in self._negations.find(window))

    def _negated(self, head: str) -> bool:
        head = head.rstrip()
        if _ZERO.search(head):
            return True
        for found in self._negations.find(head[-4:]):
            if found.end == len(head[-4:]):
                return True
        return False

    def _charge_span(self, value: str, found) -> tuple[int, int]:
        """The freight word with the amount and verb that go with it (需要5元运费, 运费5元)."""
        start, end = found.start, found.end
        head = value[max(0, start - 10):start]
        number = _NUMBER_BEFORE.search(head)
        if number and number.group(1):
            start = start - len(head) + number.start()
            verb = self._data.ending("charge_verb").search(value[max(0, start - 4):start])
            if verb:
                start -= len(value[max(0, start - 4):start]) - verb.start()
        else:
            verb = self._data.ending("charge_verb").search(head)
            if verb:
                start = start - len(head) + verb.start()
            number = _NUMBER_AFTER.match(value[end:end + 12])
            if number:
                end += number.end()
        return start, end
