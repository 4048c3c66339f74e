"""What the listing-structure rules (missing-info, category-mismatch, inconsistent-info, freight-abnormal,
sku-price-bait, unit-splitting, identity-change) share: their dictionaries, compiled once per Lexicon, and the
facts of one listing (its category, product nouns, price), computed once however many of the rules run.
"""

from __future__ import annotations

import re
import weakref
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ..detectors import alternation
from ..detectors.categories import CategoryModel, CategoryTerm, Norm, PathInfo
from ..detectors.quantities import Quantities, Quantity, unit_table
from ..detectors.terms import TermMatcher, WordLists
from ..normalize import normalize

if TYPE_CHECKING:
    from ..lexicon import Lexicon
    from ..listing import Listing
    from ..normalize import Text

SEED = "《商品信息发布规范》"


@lru_cache(maxsize=1 << 16)
def normalized(value: str) -> str:
    """The normalized value of a short string (attribute names and values, brands), cached: they repeat."""
    return normalize(value).value


def splittable(norm: Norm) -> bool:
    """Goods of the category are split to show a low price (纸巾 per 张) or sold below a minimum (大米 per 克)."""
    return bool(norm.split_units or norm.min_sale)


def money(value: float | None) -> str:
    """A price or fee as people write it: 2, 9.9, 0.01."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


_NAME_SEPARATORS = re.compile(r"[/|()（）\[\]【】,，、;；]+")


@lru_cache(maxsize=1 << 14)
def split_names(value: str) -> tuple[str, ...]:
    """The names in a brand cell: ``Apple/苹果`` → (apple, 苹果)."""
    value = normalized(value or "")
    return tuple(part.strip() for part in _NAME_SEPARATORS.split(value) if part.strip())


class StructureData:
    """The dictionaries of the structure rules, compiled lazily."""

    def __init__(self, lexicon: "Lexicon"):
        self.lexicon = lexicon
        self.words: dict[str, list[dict[str, str]]] = {}
        for row in lexicon.table("structure_terms"):
            self.words.setdefault(row["kind"], []).append(row)
        self._matchers: dict[tuple[str, ...], TermMatcher] = {}  # asked for per listing: keyed by the kinds as given

    def kind(self, kind: str) -> list[str]:
        return [row["term"] for row in self.words.get(kind, ())]

    def matcher(self, *kinds: str) -> TermMatcher:
        found = self._matchers.get(kinds)
        if found is None:
            found = self._matchers[kinds] = TermMatcher([w for k in kinds for w in self.kind(k)])
        return found

    def ending(self, kind: str) -> "re.Pattern":
        """A word of ``kind`` at the end of a text (what stands right before the word a rule looks at)."""
        cache = self.__dict__.setdefault("_endings", {})
        if kind not in cache:
            words = alternation(normalize(w).value for w in self.kind(kind))
            cache[kind] = re.compile(rf"(?:{words})\s{{0,2}}$")
        return cache[kind]

    @cached_property
    def no_brand(self) -> frozenset[str]:
        """Brand cells that name no brand (无品牌, 白牌, 通用)."""
        return frozenset(normalize(w).value for w in self.kind("no_brand"))

    @cached_property
    def count_units(self) -> tuple[str, ...]:
        """Units of count (件, 瓶, 包 …), from units.tsv."""
        return tuple(row["alias"] for row in self.lexicon.table("units") if row["dimension"] == "count")

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
    def _splitting_goods(self) -> tuple[WordLists, list[tuple[Norm, frozenset[str]]]]:
        """The product nouns that can say the goods are sold in splittable units (纸巾, 窗帘, 大米 …: evidence whose
        usual category has splitting units or a minimum sale), in one list per (that category, the top-level
        categories the goods fit): one automaton whatever the listing's category (not a matcher per category, built
        again in every worker), read as bytes (hundreds of first characters)."""
        model = self.categories
        kinds: dict[tuple[Norm, frozenset[str]], list[str]] = {}
        for word in model.evidence_words(splittable):
            term = model.terms(word)[0]  # the noun itself, with what it says wherever a title names it
            if not term.weak and splittable(term.norms[0]):
                kinds.setdefault((term.norms[0], term.compatible), []).append(word)
        return WordLists(list(kinds.values())), list(kinds)

    def names_splitting_goods(self, value: str, families: frozenset[str] | None, besides: Norm | None = None) -> bool:
        """Whether a noun of ``value`` may name goods sold in splittable units of another category than ``besides``
        that fit one of ``families`` (None: any). Every occurrence counts, overlapping ones too: when there is none,
        the text's product nouns (CategoryModel.terms) name no such goods."""
        lists, kinds = self._splitting_goods
        present = lists.present(value)
        while present:
            lowest = present & -present
            present ^= lowest
            norm, compatible = kinds[lowest.bit_length() - 1]
            if norm is not besides and (families is None or not compatible.isdisjoint(families)):
                return True
        return False

    @cached_property
    def categories(self) -> CategoryModel:
        return CategoryModel(self.lexicon.table("category_families"), self.lexicon.table("category_norms"),
                             self.lexicon.table("category_lexicon"),
                             context_words=self.kind("gift_context") + self.kind("compat_context"),
                             modifier_suffixes=self.kind("modifier_suffix") + self.kind("compat_context"))

    @cached_property
    def quantities(self) -> Quantities:
        return Quantities(unit_table(self.lexicon.table("units")))

    # SKU names and attribute values repeat across listings (500g, 黑色 M, 纯棉): what they hold is cached.

    @cached_property
    def quantities_in(self) -> Callable[[str], tuple[Quantity, ...]]:
        """The quantities of a short normalized string."""
        return lru_cache(maxsize=1 << 14)(lambda value: tuple(self.quantities.find(value)))

    @cached_property
    def terms_in(self) -> Callable[[str], tuple[CategoryTerm, ...]]:
        """The product nouns of a short normalized string."""
        return lru_cache(maxsize=1 << 14)(lambda value: tuple(self.categories.terms(value)))

    @cached_property
    def materials_in(self) -> Callable[[str], frozenset[str]]:
        """The materials (materials.tsv ``material``) a short normalized string names."""
        matcher, rows = self.materials
        return lru_cache(maxsize=1 << 12)(lambda value: frozenset(rows[f.index]["material"] for f in matcher.find(value)))

    @cached_property
    def names_group(self) -> Callable[[str, str], bool]:
        """Whether an attribute name is one of ``group``'s names, or contains one or is contained in one."""

        def names_group(group: str, key: str) -> bool:
            names = self.attribute_groups.get(group, frozenset())
            name = normalized(key).strip()
            return name in names or any(len(n) >= 2 and (n in name or name in n) for n in names)

        return lru_cache(maxsize=1 << 12)(names_group)

    @cached_property
    def attribute_names(self) -> dict[str, tuple[str, ...]]:
        """Attribute group (材质, 净含量 …) → its names (normalized), in the table's order."""
        return {row["group"]: tuple(dict.fromkeys(normalize(n).value for n in row["names"].split("|") if n))
                for row in self.lexicon.table("attribute_names")}

    @cached_property
    def attribute_groups(self) -> dict[str, frozenset[str]]:
        return {group: frozenset(names) for group, names in self.attribute_names.items()}

    @cached_property
    def groups_of_names(self) -> Callable[[tuple[str, ...]], tuple[tuple[str, tuple[str, ...]], ...]]:
        """The attribute names of a listing (as written) → (name, the groups it is a name of) for those in a group;
        cached, as listings of a catalog share their attribute names."""
        of: dict[str, list[str]] = {}
        for group, names in self.attribute_groups.items():
            for name in names:
                of.setdefault(name, []).append(group)

        def groups_of_names(names: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
            return tuple((name, tuple(of[key])) for name in names if (key := normalized(name).strip()) in of)

        return lru_cache(maxsize=1 << 12)(groups_of_names)

    def attributes_of(self, listing: "Listing", group: str) -> Sequence[tuple[str, str]]:
        """(name, value) of the listing's attributes in ``group`` (材质/面料/成分 …), in the listing's order."""
        if not listing.attributes:
            return ()
        return facts(self, listing).attributes.get(group, ())

    @cached_property
    def regions(self) -> dict[str, str]:
        return {normalize(row["region"]).value: row["zone"] for row in self.lexicon.table("freight_regions")}

    @cached_property
    def brands(self) -> "Brands":
        return Brands(self.lexicon.table("brands"))

    @cached_property
    def brand_names(self) -> Callable[[str], tuple[frozenset[str], frozenset[str]]]:
        """(canonical known brands, names as written) of a brand cell, "no brand" values left out; cached, as
        brand cells repeat."""
        def names_of(value: str) -> tuple[frozenset[str], frozenset[str]]:
            names = frozenset(n for n in split_names(value) if n not in self.no_brand)
            return frozenset(c for c in map(self.brands.canonical, names) if c), names

        return lru_cache(maxsize=1 << 12)(names_of)

    def same_brand(self, a: str, b: str, similarity: float, typo_min_length: int) -> bool:
        """Whether two brand cells name one brand (see :meth:`same_brand_by_names`). Equal cells, the usual case
        (the brand field and the attribute 品牌), are answered without parsing either: whatever a cell names, it
        names the same brand as itself (which the tests check against same_brand_by_names)."""
        return a == b or self.same_brand_by_names(a, b, similarity, typo_min_length)

    def same_brand_by_names(self, a: str, b: str, similarity: float, typo_min_length: int) -> bool:
        """Whether two brand cells name one brand, by the names each is parsed into: a shared name or known brand
        (a sub-brand is an alias of its maker's brand in brands.tsv: 飞天茅台 / 贵州茅台 are both 茅台), a fuller name
        (南极人 / 南极人旗舰店), or the same name written slightly differently (a rapidfuzz ratio of at least
        ``similarity``, or, for Latin names of at least ``typo_min_length`` letters, one edit away: Nkie / Nike — one
        slip of the keyboard). An empty cell names none. Names that merely end alike are different brands
        (南极人 / 北极人, 青岛啤酒 / 雪花啤酒), and so are Chinese names one character apart (水星家纺 / 火星家纺)."""
        known_a, names_a = self.brand_names(a)
        known_b, names_b = self.brand_names(b)
        if not names_a or not names_b or known_a & known_b or names_a & names_b:
            return True
        return any(x in y or y in x or fuzz.ratio(x, y) >= similarity
                   or (min(len(x), len(y)) >= typo_min_length and x.isascii() and y.isascii() and OSA.distance(x, y) <= 1)
                   for x in names_a for y in names_b)

    def title_brands(self, title: "Text") -> Iterable[tuple[str, int, int, bool]]:
        """The brands a title names as the goods' own brand (not 适用于X, not X同款: the compatibility and gift
        words of structure_terms), as (canonical, original start, original end, ambiguous). An ambiguous brand word
        (苹果, 小米) is the brand only when the goods are the brand's kind, which callers check when it matters."""
        brands = self.brands
        of_form = brands.of_form
        context = self.matcher("compat_context", "gift_context")
        value = title.value
        for index, start, end in brands.matcher.find(value):
            if context.ends_with(value[max(0, start - 6):start].rstrip()):
                continue
            tail = value[end:end + 4].lstrip()
            if tail[:1] in context.first_chars:  # else no word starts it
                after = context.search(tail)
                if after is not None and after.start == 0:
                    continue
            a, b = title.span(start, end)
            brand, ambiguous = of_form[index]
            yield brand, a, b, ambiguous

    @cached_property
    def materials(self) -> tuple[TermMatcher, list[dict[str, str]]]:
        rows = list(self.lexicon.table("materials"))
        return TermMatcher([r["term"] for r in rows]), rows


class Brands:
    """Known brands: written form → canonical name, families, ambiguity."""

    def __init__(self, rows: Iterable[Mapping[str, str]]):
        self.rows = list(rows)
        forms: list[str] = []
        owners: list[int] = []
        self._canonical: dict[str, int] = {}
        for i, row in enumerate(self.rows):
            names = [row["brand"], *[a for a in row.get("aliases", "").split("|") if a]]
            for name in names:
                key = normalize(name).value
                forms.append(key)
                owners.append(i)
                self._canonical.setdefault(key, i)
        self.matcher = TermMatcher(forms)
        # Per written form (an index of ``matcher.words``): its canonical brand and whether that brand is ambiguous,
        # read for every brand found in a title.
        self.of_form: list[tuple[str, bool]] = [(self.rows[i]["brand"], self.ambiguous(self.rows[i]["brand"]))
                                               for i in owners]

    def canonical(self, name: str) -> str | None:
        index = self._canonical.get(normalized(name).strip())
        return None if index is None else self.rows[index]["brand"]

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


class lazy:
    """A property computed on first use and then stored on the instance, like ``functools.cached_property`` but
    without its lock (Python < 3.12 takes one at every first use): for the objects made for every listing."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class Facts:
    """What the structure rules know of one listing. Each fact is computed when a rule first asks for it (most
    listings need few: a rule whose cheap checks pass never asks for the title's product nouns) and kept for the
    other rules in :attr:`Listing.shared`."""

    def __init__(self, data: StructureData, listing: "Listing"):
        self._data = data
        model = data.categories
        path = model.path(listing.category) if listing.category and listing.category.strip() else None
        self.path: PathInfo | None = path if path is not None and path.known else None  # None: no known category
        # The normalized title ("" when there is none): not the listing itself, which would make a reference cycle.
        self.title = listing.text("title").value if listing.title else ""
        self._virtual = listing.virtual
        self._price = listing.price
        self._skus = listing.skus
        self._attributes = listing.attributes

    @lazy
    def title_terms(self) -> list[CategoryTerm]:
        return self._data.categories.terms(self.title) if self.title else []

    @lazy
    def evidence(self) -> list[CategoryTerm]:
        """The title's product nouns that say what the goods are."""
        return self._data.categories.evidence(self.title_terms)

    @lazy
    def title_norm(self) -> Norm | None:
        """The category the title's nouns name."""
        return self._data.categories.infer(self.title_terms)

    @lazy
    def families(self) -> frozenset[str]:
        """Top-level categories of the listing: its path's, else its title's."""
        if self.path is not None:
            return self.path.families
        return frozenset(n.family for t in self.evidence for n in t.norms[:1])

    @lazy
    def norms(self) -> tuple[Norm, ...]:
        """Categories whose norms apply: the path's, and the title's that fit the path."""
        path = self.path
        if path is None:
            return (self.title_norm,) if self.title_norm else ()
        fitting = [t.norms[0] for t in self.evidence if t.compatible & path.families]
        return tuple(dict.fromkeys(([path.norm] if path.norm else []) + fitting))

    @property
    def norm(self) -> Norm | None:
        return self.norms[0] if self.norms else None

    @lazy
    def virtual(self) -> bool:
        if self._virtual is not None:
            return self._virtual
        if self.path is not None:
            return self.path.virtual
        return self._data.matcher("virtual").search(self.title) is not None if self.title else False

    @lazy
    def price(self) -> float | None:
        """The display price: price, else the lowest SKU price."""
        if self._price is not None:
            return self._price
        prices = [s.price for s in self._skus if s.price is not None]
        return min(prices) if prices else None

    @lazy
    def title_quantities(self) -> list[Quantity]:
        return self._data.quantities.find(self.title)

    @lazy
    def attributes(self) -> dict[str, list[tuple[str, str]]]:
        """The listing's attributes with a value, by group (材质, 净含量, 品牌 …): (name, value) in the listing's order."""
        attributes = self._attributes
        out: dict[str, list[tuple[str, str]]] = {}
        for name, groups in self._data.groups_of_names(tuple(attributes)):
            value = attributes[name]
            if value:
                for group in groups:
                    out.setdefault(group, []).append((name, value))
        return out


def facts(data: StructureData, listing: "Listing") -> Facts:
    """The facts of ``listing``, computed once however many structure rules check it."""
    known = listing.shared.get(__name__)
    if known is None or known._data is not data:
        known = listing.shared[__name__] = Facts(data, listing)
    return known
