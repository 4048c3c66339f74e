"""duplicate-listing: 重复铺货, the same shop listing the same goods more than once (seed 002 §7, seed 001)."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..duplicates.features import Features, Summary
from ..finding import Hit
from ..listing import Listing
from ..rule import CatalogRule, Collected, RuleDocs

CLAUSE = "《商品信息发布规范》第 7 类 重复铺货: 同一商家在同一店铺或多个店铺中发布两件(含)以上完全相同或重要属性相同的商品"
SUGGESTION = ("同一商品只保留一个商品链接 (建议保留 {keep}), 其余下架或删除; 不同颜色、尺码、规格请作为该商品的 SKU 发布, "
              "不要另建链接。")


def _names(ids: Iterable[str], limit: int = 5) -> str:
    ids = list(ids)
    shown = "、".join(ids[:limit])
    return shown + (f" 等 {len(ids)} 个" if len(ids) > limit else "")


class DuplicateListing(CatalogRule):
    id = "duplicate-listing"
    code = "LL601"
    title = "重复铺货"
    clause = "seed 002 §7 重复铺货; seed 001 商城准入 (不存在重复铺货)"
    severity = "error"
    docs = RuleDocs(
        catches="同一店铺中标题与关键属性相同的多个商品: 只是调换词序、加减营销热词 (新款/包邮/爆款 …)、改标点或表情、"
                "繁简或全半角、大小写不同, 或只是一方多写了卖点的标题视为同一商品。型号、数字、单位、尺寸、容量、口味、色系、"
                "适用人群任一不同 (iPhone 15 与 iPhone 15 Pro Max 手机壳, 3L 与 5L 电饭煲, 原味与盐焗, 男款与女款, "
                "成猫粮与幼猫粮), 或换了用词 (猫粮与狗粮), 不算重复; 品牌、类目或关键属性 "
                "(attributes 中的 型号/颜色/净含量 …) 两边都填写且不同, 也不算。不同店铺的商品从不报 duplicate-listing "
                "(没有 shop_id 的目录视为一个店铺); 选项 cross_shop = true 时以 info 列出跨店铺的相同商品。"
                "检查整个目录 (每个重复组的每个成员各报一条, related 列出组内其他商品), 或用 --index 对照已发布商品的索引 "
                "(listing-lint index build) 检查新商品。",
        why="《商品信息发布规范》第 7 类 重复铺货: 同一商家在同一店铺或多个店铺中发布两件(含)以上完全相同或重要属性相同的商品, "
            "错误示例为店铺销售同一商品, 大量铺货上百个商品链接进行销售; 《抖音商城管理规范》要求商品不存在重复铺货。",
        bad="同一店铺: 「【新款】苏泊尔电饭煲 3L 家用 包邮」与「苏泊尔 家用 电饭煲3L」",
        good="同一店铺: 「苏泊尔电饭煲 3L 家用」与「苏泊尔电饭煲 5L 家用」(容量不同, 是不同商品; 更好的做法是一个链接两个 SKU)",
        fix="保留一个商品链接, 其余下架或删除; 颜色、尺码、规格等差异用 SKU 表达, 不要另建链接。",
        options="min_similarity (默认 0.6): 去掉热词和规格后, 标题用词的字符二元组集合 (连同规格) 的 Dice 系数达到该值才算同一商品; "
                "min_containment (默认 0.6) 与 min_contained_bigrams (默认 3): 一方只是多了词时, 较短一方的二元组落在较长一方中的比例; "
                "max_substitution (默认 0): 两方各自独有的用词字符数上限 (0: 换了词就是不同商品, 如 猫粮/狗粮); "
                "num_perm/bands/rows/min_bands/max_bucket: 大分组的 MinHash 分带参数; brute_force_max (默认 32): "
                "不超过该规模的分组 (同店铺、同规格) 两两比较; cross_shop (默认 false): 以 info 报告不同店铺的相同商品。",
    )

    @cached_property
    def _features(self) -> Features:
        return Features(self.lexicon)

    @cached_property
    def _grouping(self):
        from ..duplicates.grouping import GroupingOptions  # numpy: loaded only when a catalog is grouped

        return GroupingOptions.from_options(self.options)

    # -- against a persisted index (listing-lint check --index) ---------------------------------------

    def check(self, listing: Listing) -> Iterable[Hit]:
        index = self.context.get("index")
        if index is None or not listing.title:
            return
        matches = index.query(listing)
        if matches:
            yield self._hit(listing.title, tuple(matches), f"与本店已发布的商品 {_names(matches)} 重复",
                            suggestion=f"该商品已发布 ({_names(matches)}), 不要重复发布; 需要新的颜色、尺码或规格时, "
                                       "在已发布的商品中增加 SKU。")

    # -- over a catalog -----------------------------------------------------------------------------

    def collect(self, listing: Listing) -> tuple[str, str, str] | None:
        summary = self._features.summarize_listing(listing)
        return None if summary is None else (listing.title, summary.body, summary.signature)

    def finish(self, collected: list[Collected]) -> Iterable[tuple[str, Hit]]:
        if len(collected) < 2:
            return  # nothing to compare (and no numpy to load for it)
        from ..duplicates.grouping import find_groups

        shops = [c.shop_id for c in collected]
        for group in find_groups(shops, self._summaries(collected), self._grouping):
            yield from self.group_hits([(collected[i].listing_id, collected[i].data[0]) for i in group])
        if self.options.get("cross_shop"):
            yield from self._cross_shop(collected, shops)

    def prepare_finish(self) -> None:
        from rapidfuzz import fuzz, process  # noqa: F401  (what the grouping's verification imports)

        self._grouping  # imports the grouping, and numpy with it

    @staticmethod
    def _summaries(collected: list[Collected]) -> Iterable[Summary]:
        # One at a time: the grouping keeps the strings, not a million Summary tuples besides them.
        return (Summary(c.data[1], c.data[2]) for c in collected)

    def group_hits(self, members: list[tuple[str, str]]) -> Iterable[tuple[str, Hit]]:
        """The findings of one duplicate group, given (listing id, title) of its members in catalog order (the
        first is the one to keep). Shared with :mod:`listing_lint.spark`."""
        ids = [listing_id for listing_id, _ in members]
        for listing_id, title in members:
            others = tuple(other for other in ids if other != listing_id)
            yield listing_id, self._hit(title, others, f"与本店商品 {_names(others)} 重复",
                                        suggestion=SUGGESTION.format(keep=ids[0]))

    def _cross_shop(self, collected: list[Collected], shops: list[str | None]) -> Iterable[tuple[str, Hit]]:
        """The same goods in different shops: advice only (info), never a duplicate-listing violation."""
        from ..duplicates.grouping import find_groups

        for group in find_groups(shops, self._summaries(collected), self._grouping, per_shop=False):
            for i in group:
                others = tuple(collected[j].listing_id for j in group if (shops[j] or "") != (shops[i] or ""))
                if not others:
                    continue
                title = collected[i].data[0]
                yield collected[i].listing_id, Hit(
                    field="title", start=0, end=len(title), text=title,
                    message=f"其他店铺的商品 {_names(others)} 与本商品标题和关键属性相同 (跨店铺, 仅供参考: "
                            f"若这些店铺属于同一商家, 同样构成重复铺货 — {CLAUSE})",
                    suggestion="若这些店铺属于同一商家, 只在一个店铺保留该商品链接; 否则无需处理。",
                    severity="info", related=others,
                )

    @staticmethod
    def _hit(title: str, related: tuple[str, ...], what: str, suggestion: str) -> Hit:
        return Hit(field="title", start=0, end=len(title), text=title,
                   message=f"{what}: 标题与关键属性相同, 属于重复铺货 ({CLAUSE})", suggestion=suggestion, related=related)
