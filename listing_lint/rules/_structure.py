"""What the listing-structure rules (missing-info, category-mismatch, inconsistent-info, freight-abnormal,
sku-price-bait, unit-splitting, identity-change) share: their dictionaries, compiled once per Lexicon, and the
facts of one listing (its category, product nouns, price), computed once however many of the rules run.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterable, Mapping

from ..detectors.categories import CategoryModel, CategoryTerm, Norm, PathInfo
from ..detectors.quantities import Quantities, unit_table
from ..detectors.terms import TermMatcher
from ..normalize import normalize

if TYPE_CHECKING:
    from ..lexicon import Lexicon
    from ..listing import Listing

SEED = "《商品信息发布规范》"


@lru_cache(maxsize=1 << 16)
def normalized(value: str) -> str:
    """The normalized value of a short string (attribute names and values, brands), cached: they repeat."""
    return normalize(value).value


def money(value: float | None) -> str:
    """A price or fee as people write it: 2, 9.9, 0.01."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def split_names(value: str) -> list[str]:
    """The names in a brand cell: ``Apple/苹果`` → [apple, 苹果]."""
    value = normalized(value or "")
    return [part.strip() for part in re.split(r"[/|()（）\[\]【】,，、;；]+", value) if part.strip()]


class StructureData:
    """The dictionaries of the structure rules, compiled lazily."""

    def __init__(self, lexicon: "Lexicon"):
        self.lexicon = lexicon
        self.words: dict[str, list[dict[str, str]]] = {}
        for row in lexicon.table("structure_terms"):
            self.words.setdefault(row["kind"], []).append(row)

    def kind(self, kind: str) -> list[str]:
        return [row["term"] for row in self.words.get(kind, ())]

    def matcher(self, *kinds: str) -> TermMatcher:
        key = "|".join(kinds)
        cache = self.__dict__.setdefault("_matchers", {})
        if key not in cache:
            cache[key] = TermMatcher([w for k in kinds for w in self.kind(k)])
        return cache[key]

    @cached_property
    def _kinds_by_word(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for kind, rows in self.words.items():
            for row in rows:
                out.setdefault(normalize(row["term"]).value, set()).add(kind)
        return out

    def kind_of(self, matcher: TermMatcher, index: int, *kinds: str) -> str:
        """Which of ``kinds`` the word ``index`` of a ``matcher(*kinds)`` is (the first that fits)."""
        have = self._kinds_by_word.get(matcher.words[index], set())
        return next((kind for kind in kinds if kind in have), kinds[-1])

    @cached_property
    def categories(self) -> CategoryModel:
        return CategoryModel(self.lexicon.table("category_families"), self.lexicon.table("category_norms"),
                             self.lexicon.table("category_lexicon"),
                             context_words=self.kind("gift_context") + self.kind("compat_context"),
                             modifier_suffixes=self.kind("modifier_suffix") + self.kind("compat_context"))

    @cached_property
    def quantities(self) -> Quantities:
        return Quantities(unit_table(self.lexicon.table("units")))

    @cached_property
    def attribute_groups(self) -> dict[str, frozenset[str]]:
        return {row["group"]: frozenset(normalize(n).value for n in row["names"].split("|") if n)
                for row in self.lexicon.table("attribute_names")}

    def attribute_group_of(self, name: str) -> str | None:
        key = normalize(name).value.strip()
        for group, names in self.attribute_groups.items():
            if key in names:
                return group
        return None

    def attributes_of(self, listing: "Listing", group: str) -> list[tuple[str, str]]:
        """(name, value) of the listing's attributes in ``group`` (材质/面料/成分 …)."""
        if not listing.attributes:
            return []
        names = self.attribute_groups.get(group, frozenset())
        return [(k, v) for k, v in listing.attributes.items() if normalized(k).strip() in names and v]

    @cached_property
    def regions(self) -> dict[str, str]:
        return {normalize(row["region"]).value: row["zone"] for row in self.lexicon.table("freight_regions")}

    @cached_property
    def brands(self) -> "Brands":
        return Brands(self.lexicon.table("brands"))

    @cached_property
    def materials(self) -> tuple[TermMatcher, list[dict[str, str]]]:
        rows = list(self.lexicon.table("materials"))
        return TermMatcher([r["term"] for r in rows]), rows


class Brands:
    """Known brands: written form → canonical name, families, ambiguity."""

    def __init__(self, rows: Iterable[Mapping[str, str]]):
        self.rows = list(rows)
        forms: list[str] = []
        self._owner: list[int] = []
        self._canonical: dict[str, int] = {}
        for i, row in enumerate(self.rows):
            names = [row["brand"], *[a for a in row.get("aliases", "").split("|") if a]]
            for name in names:
                key = normalize(name).value
                forms.append(key)
                self._owner.append(i)
                self._canonical.setdefault(key, i)
        self.matcher = TermMatcher(forms)

    def canonical(self, name: str) -> str | None:
        index = self._canonical.get(normalized(name).strip())
        return None if index is None else self.rows[index]["brand"]

    def owner(self, form_index: int) -> dict[str, str]:
        return self.rows[self._owner[form_index]]

    def families(self, brand: str) -> frozenset[str]:
        index = self._canonical.get(normalized(brand))
        if index is None:
            return frozenset()
        return frozenset(self.rows[index].get("families", "").split("|"))

    def ambiguous(self, brand: str) -> bool:
        index = self._canonical.get(normalized(brand))
        return index is not None and self.rows[index].get("ambiguous") == "yes"


_DATA: "weakref.WeakKeyDictionary[Lexicon, StructureData]" = weakref.WeakKeyDictionary()


def structure_data(lexicon: "Lexicon") -> StructureData:
    data = _DATA.get(lexicon)
    if data is None:
        data = _DATA[lexicon] = StructureData(lexicon)
    return data


@dataclass
class Facts:
    """What the structure rules know of one listing."""

    path: PathInfo | None  # None when the listing has no category
    title_terms: list[CategoryTerm]
    evidence: list[CategoryTerm]  # the title's product nouns that say what the goods are
    title_norm: Norm | None  # the category the title's nouns name
    families: frozenset[str]  # top-level categories of the listing: its path's, else its title's
    norms: tuple[Norm, ...]  # categories whose norms apply: the path's, and the title's that fit the path
    virtual: bool
    price: float | None  # the display price (price, else the lowest SKU price)

    @property
    def norm(self) -> Norm | None:
        return self.norms[0] if self.norms else None


_LAST: list = [None, None, None]  # (data, listing, facts): the rules of one run check one listing in a row


def facts(data: StructureData, listing: "Listing") -> Facts:
    if _LAST[0] is data and _LAST[1] is listing:
        return _LAST[2]
    model = data.categories
    path = model.path(listing.category) if listing.category and listing.category.strip() else None
    if path is not None and not path.known:
        path = None
    terms = model.terms(listing.text("title").value) if listing.title else []
    evidence = model.evidence(terms)
    title_norm = model.infer(terms)
    if path is not None:
        families = path.families
        fitting = [t.norms[0] for t in evidence if t.compatible & families]
        norms = tuple(dict.fromkeys(([path.norm] if path.norm else []) + fitting))
    else:
        families = frozenset(n.family for t in evidence for n in t.norms[:1])
        norms = (title_norm,) if title_norm else ()
    if listing.virtual is not None:
        virtual = listing.virtual
    elif path is not None:
        virtual = path.virtual
    else:
        virtual = data.matcher("virtual").search(listing.text("title").value) is not None if listing.title else False
    prices = [s.price for s in listing.skus if s.price is not None]
    price = listing.price if listing.price is not None else (min(prices) if prices else None)
    result = Facts(path, terms, evidence, title_norm, families, norms, virtual, price)
    _LAST[:] = [data, listing, result]
    return result
