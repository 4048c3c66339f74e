"""missing-info: no title, no product name in the title, no main image, empty detail, required attributes missing."""

from __future__ import annotations

import json
import re
from functools import cached_property
from typing import Iterable

from ..finding import Hit
from ..listing import Listing
from ..rule import Rule, RuleDocs
from ..detectors import COMMON_HAN_RANGES, character_class
from ..detectors.categories import Norm
from ._structure import SEED, Facts, normalized, facts, structure_data

CLAUSE = f"{SEED}第 1 类 缺少商品必要信息"

# What is left of a title once marketing words are gone: letters (Han, Latin) that may name goods.
_CONTENT = re.compile(rf"[{COMMON_HAN_RANGES}]|[a-z]{{2,}}")
_IMAGE_TAG = re.compile(r"<img\b", re.I)
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum accepts, found in C


class MissingInfo(Rule):
    id = "missing-info"
    code = "LL401"
    title = "缺少商品必要信息"
    clause = CLAUSE
    severity = "error"
    docs = RuleDocs(
        catches="缺少标题 (字段缺失或为空); 标题只有营销用语、没有商品名称 (限时特价 爆款 抢购中); 主图为空 (images 为 [] "
                "或只有空串); 详情为空 (detail 为 \"\" 或只有空白/空标签); 类目的必要属性未填写 (给出了 attributes 却缺少"
                "该类目要求的材质、净含量/规格或型号, 属性名的同义写法如 面料/成分 均可)。记录中没有出现的字段视为未知, 不报。",
        why="《商品信息发布规范》第 1 类 缺少商品必要信息: 发布的商品信息中缺少标题、商品实物图片、详情页描述等关键信息。"
            "错误示例: 商品标题没有商品名称; 商品主图没有商品实物图片; 商品信息填写的必要规格属性不完整 (包括但不限于商品"
            "材质、规格、参数等)。",
        bad="title \"限时特价 爆款 抢购中\"; images []; detail \"\"; 服饰类 attributes {\"颜色\": \"白色\"} (缺材质)",
        good="title \"纯棉短袖T恤男 夏季宽松\", images [\"main.jpg\"], detail \"面料: 100%棉 …\", attributes {\"面料\": \"纯棉\"}",
        fix="补全标题 (品牌 + 商品名称 + 规格)、主图、详情, 按类目要求填写材质、净含量/规格、型号等属性。",
        options="check_required_attributes (默认 true): 记录给出 attributes 时检查类目必要属性 (category_norms.tsv 的 "
                "required, 同义属性名见 attribute_names.tsv)。种子文件未列出各类目的必要属性, 此表是常见做法的归纳, 故已填写部分属性时"
                "缺项为 info (提示), 只有 attributes 为空对象时为 warning。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The result of _required_groups per category (its name) or per path of top-level categories (a frozenset
        # of them): listings share their categories, and working out a category's groups is dear.
        self._required_groups_cache: dict[str | frozenset[str], tuple[str, tuple[tuple[str, str], ...]]] = {}

    @cached_property
    def _data(self):
        return structure_data(self.lexicon)

    @cached_property
    def _promo(self):
        return self._data.matcher("promo", "free_shipping")

    def check(self, listing: Listing) -> Iterable[Hit]:
        record = listing.record
        if listing.title is None or not listing.title.strip():
            yield Hit("title", None, None, listing.title or "",
                      f"缺少商品标题 ({CLAUSE})", suggestion="填写商品标题: 品牌 + 商品名称 + 规格/款式, 如「纯棉短袖T恤男 夏季宽松」")
        elif not self._names_goods(listing):
            yield Hit("title", 0, len(listing.title), listing.title,
                      f"标题「{listing.title}」只有营销用语, 没有商品名称 ({CLAUSE}: 商品标题没有商品名称)",
                      suggestion=f"在标题中写明商品名称, 如「品牌 + 商品名称 + 规格 {listing.title.strip()}」")
        if self._given(record.get("images")) and not any(image.strip() for image in listing.images):
            yield Hit("images", None, None, json.dumps(list(listing.images), ensure_ascii=False),
                      f"缺少商品主图 ({CLAUSE}: 商品主图没有商品实物图片)", suggestion="上传清晰的商品实物主图")
        if listing.detail is not None and self._given(record.get("detail"), empty_is_given=True) and self._empty_detail(listing):
            yield Hit("detail", None, None, listing.detail,
                      f"商品详情为空 ({CLAUSE}: 缺少详情页描述)", suggestion="填写商品详情: 材质、规格、尺寸、使用方法、售后等")
        if self.options["check_required_attributes"] and self._given(record.get("attributes")):
            yield from self._required(listing)

    @staticmethod
    def _given(value, empty_is_given: bool = False) -> bool:
        """A field present in the record (CSV cells are text: an empty cell is absent)."""
        if value is None:
            return False
        if isinstance(value, str) and not empty_is_given:
            return bool(value.strip())
        return True

    @cached_property
    def _beyond_promo(self) -> re.Pattern:
        """A Han character that no marketing word contains: content that taking them away leaves."""
        chars = {char for word in self._promo.words for char in word}
        unless = f"(?!{character_class(chars)})" if chars else ""
        return re.compile(rf"{unless}[{COMMON_HAN_RANGES}]")

    def _names_goods(self, listing: Listing) -> bool:
        value = listing.text("title").value
        if self._beyond_promo.search(value) is not None:
            return True  # most titles: no need to find the marketing words
        if _CONTENT.search(value) is None:
            return False  # taking marketing words away leaves no more content than there is
        pieces = []
        last = 0
        for found in self._promo.find(value):
            pieces.append(value[last:found.start])
            last = found.end
        pieces.append(value[last:])
        return _CONTENT.search(" ".join(pieces)) is not None

    @staticmethod
    def _empty_detail(listing: Listing) -> bool:
        if _ALNUM.search(listing.text("detail").value) is not None:
            return False
        return not _IMAGE_TAG.search(listing.detail or "")  # a detail made of pictures is a detail

    def _required(self, listing: Listing) -> Iterable[Hit]:
        known = facts(self._data, listing)
        norm = known.path.norm if known.path is not None and known.path.norm else known.title_norm
        if known.path is not None and norm is None:
            requirement = self._required_groups(known.path.families)
        elif norm is not None:
            requirement = self._required_groups(norm)
        else:
            return
        where, required = requirement
        # The seeds name no per-category attribute list (ours is a reading of common practice), so a gap in
        # filled-in attributes is advice; an attributes object given empty is a warning.
        severity = "info" if listing.attributes else "warning"
        for group, names in required:
            if not self._has(listing, known, group):
                yield Hit(f"attributes.{group}", None, None, "",
                          f"「{where}」类商品缺少必要属性「{group}」({names}) ({CLAUSE}: 必要规格属性不完整)",
                          suggestion=f"在规格参数中填写「{group}」", severity=severity)

    def _required_groups(self, category: Norm | frozenset[str]) -> tuple[str, tuple[tuple[str, str], ...]]:
        """(how the category is named, its required attribute groups in order, each with its names) of a category,
        or of a path that names only top-level categories (their requirements together); kept per category, as
        listings share them."""
        key = category if isinstance(category, frozenset) else category.name
        found = self._required_groups_cache.get(key)
        if found is None:
            if isinstance(category, frozenset):
                required = set()
                for family in category:
                    spec = self._data.categories.family(family)
                    required.update(spec.required if spec else ())
                where = "/".join(sorted(category))
            else:
                required, where = set(category.required), category.name
            # With each group, the names a finding suggests: the shortest, in the table's order among equals.
            names = self._data.attribute_names
            found = self._required_groups_cache[key] = (where, tuple(
                (group, "/".join(sorted(names.get(group, (group,)), key=len)[:3])) for group in sorted(required)))
        return found

    def _has(self, listing: Listing, known: Facts, group: str) -> bool:
        """Whether the listing fills ``group``: under one of its names, a name containing one, or a value naming a
        material (材质) or a quantity (净含量)."""
        # Most listings fill a required group under one of its own names, which the facts keep by group: only
        # otherwise are all the attributes' names and values looked at.
        if any(value.strip() for _, value in known.attributes.get(group, ())):
            return True
        data = self._data
        for key, value in listing.attributes.items():
            if not value or not value.strip():
                continue
            if data.names_group(group, key):
                return True
            if group == "材质" and data.materials_in(normalized(value)):
                return True
            if group == "净含量" and data.quantities_in(normalized(value)):
                return True
        return False
