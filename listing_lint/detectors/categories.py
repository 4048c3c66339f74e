"""Which category goods belong to, from the product nouns of a text (商品名称的中心词) and of a category path.

Data (``dictionaries/``): ``category_families.tsv`` (top-level categories, the names their paths use),
``category_norms.tsv`` (categories with their norms: usual units, freight, required attributes, and the other
top-level categories where the same goods are lawfully published), ``category_lexicon/*.tsv`` (product noun →
categories; ``weak`` nouns — modifiers like 儿童/汽车, brands like 苹果 — show compatibility but are never
evidence), and the ``structure_terms`` kinds ``gift_context``/``compat_context`` (送手机壳, 适用于iPhone: not the
goods) and ``modifier_suffix`` (咖啡+机, 沙发+垫, 牛油果+绿: the noun is a modifier, not the goods).

A noun is *evidence* when it is strong, not a modifier and not in a gift/compatibility context. Goods plainly
belong elsewhere than a path when there is evidence and no noun of the text is compatible with the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

from ..normalize import normalize
from .terms import TermMatcher


@dataclass(frozen=True)
class Family:
    name: str
    accepts_all: bool  # goods of any kind may be published here (礼品, 二手)
    virtual: bool  # nothing is shipped
    freight_max: float | None
    required: tuple[str, ...]
    digital_units: bool = False  # a number with G or M states storage or a network here (128G, 5G), not a weight
    fits_other_brands: bool = False  # goods here name the brand they fit (iPhone15 钢化膜)


@dataclass(frozen=True)
class Norm:
    name: str
    family: str
    compatible: frozenset[str]  # its family and the other top-level categories it may be published under
    units: tuple[str, ...]
    split_units: frozenset[str]
    min_sale: str  # e.g. "100g" ("" = none)
    freight_max: float | None
    heavy: bool
    required: tuple[str, ...]
    virtual: bool


class CategoryTerm(NamedTuple):
    term: str
    norms: tuple[Norm, ...]  # the first is the usual one
    weak: bool
    context: bool  # after 送/适用于 …: not the listing's goods
    start: int  # offsets in the normalized value
    end: int
    compatible: frozenset[str]  # the top-level categories where its goods may be published (its norms')

    @property
    def evidence(self) -> bool:
        return not self.weak and not self.context


@dataclass(frozen=True)
class PathInfo:
    """What a category path (`运动户外/轮滑鞋/成人轮滑鞋`) says: its top-level categories and its deepest norm."""

    path: str
    levels: tuple[str, ...]  # normalized, split at any of _PATH_SEPARATORS
    families: frozenset[str]
    norm: Norm | None  # the deepest level that names a known category
    accepts_all: bool
    virtual: bool

    @property
    def known(self) -> bool:
        return bool(self.families)


def _split(cell: str) -> list[str]:
    return [normalize(part).value.strip() for part in cell.split("|") if part.strip()]


def _number(cell: str) -> float | None:
    try:
        return float(cell) if cell.strip() else None
    except ValueError:
        return None


_PATH_SEPARATORS = ("/", ">", "›", "|", "\\")


class CategoryModel:
    def __init__(self, families: Iterable[Mapping[str, str]], norms: Iterable[Mapping[str, str]],
                 lexicon: Iterable[Mapping[str, str]], context_words: Sequence[str] = (),
                 modifier_suffixes: Sequence[str] = ()):
        self.families: dict[str, Family] = {}
        self._alias_family: dict[str, str] = {}
        for row in families:
            name = row["family"]
            self.families[name] = Family(
                name, row.get("accepts_all") == "yes", row.get("virtual") == "yes", _number(row.get("freight_max", "")),
                tuple(r for r in _split(row.get("required", "")) if r != "-"), row.get("digital_units") == "yes",
                row.get("fits_other_brands") == "yes")
            for alias in [name, *_split(row.get("aliases", ""))]:
                self._alias_family.setdefault(normalize(alias).value, name)
        self.norms: dict[str, Norm] = {}
        for row in norms:
            family = self.families[row["family"]]
            required_cell = row.get("required", "")
            required = family.required if not required_cell else tuple(r for r in _split(required_cell) if r != "-")
            freight = _number(row.get("freight_max", ""))
            self.norms[row["category"]] = Norm(
                row["category"], family.name, frozenset([family.name, *_split(row.get("also", ""))]),
                tuple(_split(row.get("units", ""))), frozenset(_split(row.get("split_units", ""))),
                row.get("min_sale", "").strip().lower(), freight if freight is not None else family.freight_max,
                row.get("heavy") == "yes", required, family.virtual)
        # Per word: its norms, whether it is weak, the top-level categories its goods fit.
        self._entries: list[tuple[tuple[Norm, ...], bool, frozenset[str]]] = []
        words = []
        # Thousands of words share a few hundred category cells: each cell's norms are looked up once.
        norms_of_cell: dict[str, tuple[tuple[Norm, ...], frozenset[str]]] = {}
        for row in lexicon:
            cell = row["category"]
            known = norms_of_cell.get(cell)
            if known is None:
                norms_of = tuple(self.norms[c] for c in cell.split("|") if c in self.norms)
                known = norms_of_cell[cell] = (norms_of, frozenset().union(*(n.compatible for n in norms_of)))
            norms_of, compatible = known
            if not norms_of:
                continue
            words.append(row["term"])
            self._entries.append((norms_of, row.get("weight") == "weak", compatible))
        self._matcher = TermMatcher(words)
        self._context = TermMatcher(context_words)
        self._suffix = TermMatcher(modifier_suffixes)
        self._context_reach = max((len(w) for w in self._context.words), default=0) + 2

    # -- text ---------------------------------------------------------------------------------------

    def _in_context(self, value: str, start: int) -> bool:
        """A gift/compatibility word ends right before ``start`` (spaces allowed): 送手机壳, 适用于 iPhone."""
        head = value[max(0, start - self._context_reach):start].rstrip()
        return bool(head) and self._context.ends_with(head)

    def _is_modifier(self, value: str, end: int) -> bool:
        """A modifier suffix starts right at ``end`` (咖啡机, 沙发垫, 牛油果绿) — but 盒装/套装 are packagings."""
        if end >= len(value):
            return False
        suffix = self._suffix.starts_with(value[end:end + 4])
        if suffix is None:
            return False
        return value[end + len(suffix):end + len(suffix) + 1] not in ("装", "餐")

    def terms(self, value: str) -> list[CategoryTerm]:
        """The product nouns of a normalized text, modifiers dropped, gift/compatibility ones marked."""
        out = []
        entries = self._entries
        words = self._matcher.words
        for index, start, end in self._matcher.find(value):
            norms_of, weak, compatible = entries[index]
            if not weak and self._is_modifier(value, end):
                continue
            out.append(CategoryTerm(words[index], norms_of, weak, self._in_context(value, start), start, end, compatible))
        return out

    def evidence_words(self, usual: Callable[[Norm], bool], fitting: frozenset[str] | None = None) -> list[str]:
        """The nouns (normalized) that can be evidence (not weak) and whose usual category (their first) is one
        ``usual`` accepts; with ``fitting``, only those compatible with one of these top-level categories."""
        return [word for word, (norms_of, weak, compatible) in zip(self._matcher.words, self._entries)
                if not weak and usual(norms_of[0]) and (fitting is None or compatible & fitting)]

    @staticmethod
    def evidence(terms: Sequence[CategoryTerm]) -> list[CategoryTerm]:
        return [t for t in terms if t.evidence]

    @staticmethod
    def compatible_with(terms: Sequence[CategoryTerm], families: frozenset[str]) -> bool:
        return any(t.compatible & families for t in terms)

    @staticmethod
    def infer(terms: Sequence[CategoryTerm]) -> Norm | None:
        """The category most of the evidence names (ties: the earliest)."""
        votes: dict[str, int] = {}
        first: dict[str, Norm] = {}
        for t in terms:
            if t.evidence:
                norm = t.norms[0]
                votes[norm.name] = votes.get(norm.name, 0) + 1
                first.setdefault(norm.name, norm)
        if not votes:
            return None
        best = max(votes.values())
        return next(first[name] for name in first if votes[name] == best)

    # -- category paths -----------------------------------------------------------------------------

    @lru_cache(maxsize=4096)
    def path(self, path: str) -> PathInfo:
        value = normalize(path or "").value
        for separator in _PATH_SEPARATORS[1:]:
            value = value.replace(separator, "/")
        levels = tuple(level.strip() for level in value.split("/") if level.strip())
        families: set[str] = set()
        deepest: Norm | None = None
        for level in levels:
            family = self._alias_family.get(level)
            if family:
                families.add(family)
            norm = self.norms.get(level)
            if norm is None:
                for term in self.terms(level):
                    if not term.weak:
                        norm = term.norms[0]
                        families.update(n.family for n in term.norms)
                        break
            if norm is not None:
                families.add(norm.family)
                deepest = norm
        accepts_all = any(self.families[f].accepts_all for f in families)
        # Virtual only when every level says so: 图书/课程 is a book about a course, not a course.
        virtual = bool(families) and all(self.families[f].virtual for f in families)
        return PathInfo(path, levels, frozenset(families), deepest, accepts_all, virtual)

    def family(self, name: str) -> Family | None:
        return self.families.get(name)
