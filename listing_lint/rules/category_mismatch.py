"""category-mismatch: the goods named in the title plainly belong to another category than the listing's."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors.categories import PathInfo
from ..finding import Hit
from ..listing import Listing
from ..rule import Rule, RuleDocs
from ._structure import SEED, facts, structure_data

CLAUSE = f"{SEED}第 2 类 错放类目"


class CategoryMismatch(Rule):
    id = "category-mismatch"
    code = "LL402"
    title = "错放类目"
    clause = CLAUSE
    severity = "error"
    docs = RuleDocs(
        catches="标题中的商品名称 (中心词, 如 轮滑鞋、沙发、大米) 属于另一个类目, 而标题中没有任何商品词与所选类目相符 "
                "(如 轮滑鞋 发布在 手机/手机壳 下)。类目由 category_lexicon 中的商品词推断; 修饰语 (咖啡机 的 咖啡, "
                "沙发垫 的 沙发)、赠品 (送手机壳) 和适配说明 (适用于iPhone) 不算商品; 礼品、二手等类目可发布各类商品。",
        why="《商品信息发布规范》第 2 类 错放类目: 发布的商品与商品实际类目归属不一致。",
        bad="title \"轮滑鞋成人溜冰鞋 直排轮\", category \"手机/手机壳\"",
        good="title \"适用于iPhone15手机壳 透明防摔\", category \"3C数码配件/手机壳\"",
        fix="把商品发布到标题商品所属的类目 (见 suggestion)。",
        options="无阈值。只在有明确证据时报告: 标题至少有一个明确的商品词, 且没有一个商品词 (含 儿童、汽车 等修饰语) "
                "与所选类目或其可兼容类目 (category_norms.tsv 的 also) 相符。",
    )

    @cached_property
    def _data(self):
        return structure_data(self.lexicon)

    @staticmethod
    def _title_names_the_path(listing: Listing, path: PathInfo) -> bool:
        """The title shares a two-character Han word with the chosen category's lower levels (手冲咖啡壶 under
        咖啡器具/手冲壶, 薰衣草精油 under 精油芳疗/单方精油): the merchant chose a category that names the goods,
        even where our lexicon files the title's nouns elsewhere. The top level (家居日用) is too broad to count."""
        title = listing.text("title").value
        for level in path.levels[1:]:
            for i in range(len(level) - 1):
                pair = level[i:i + 2]
                if pair in title and pair.isalpha() and not pair.isascii():
                    return True
        return False

    def check(self, listing: Listing) -> Iterable[Hit]:
        known = facts(self._data, listing)
        path = known.path
        # Nearly every title names its path (checked first: most listings then never need the title's nouns).
        if path is None or path.accepts_all or self._title_names_the_path(listing, path) or not known.evidence:
            return
        model = self._data.categories
        if model.compatible_with(known.title_terms, path.families):
            return
        likely = known.title_norm
        if likely is None:
            return
        goods = "、".join(dict.fromkeys(t.term for t in known.evidence if t.norms[0] is likely))
        category = listing.category
        yield Hit(
            "category", 0, len(category), category,
            f"标题中的商品「{goods}」属于「{likely.family}/{likely.name}」, 与所选类目「{category}」不符 ({CLAUSE})",
            suggestion=f"{likely.family}/{likely.name}",
        )
