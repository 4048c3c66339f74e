"""Quantities written in listings: ``500ml``, ``5kg``, ``3L``, ``10包``, ``两斤``, ``500g*2袋``, ``12卷×2提``.

Units come from ``dictionaries/units.tsv`` (one row per written form, with its dimension and size in the
dimension's base unit: g, ml, mm, m2; count units are not convertible; rows without a dimension are read by duplicate
matching only). A quantity followed by ``×N`` / ``*N``
(or ``xN``) carries that multiplier; ``2×500ml`` too. :func:`amount` gives the largest total of a dimension in
a text (``500ml*24瓶`` → 12000 ml), which is what per-unit price comparisons need.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, NamedTuple, Sequence

from ..normalize import Text
from . import alternation

_CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# The characters of the Chinese numbers merchants write before a unit (what :func:`chinese_number` reads).
CHINESE_NUMERALS = "一二两三四五六七八九十半百"


def chinese_number(text: str) -> float | None:
    """一..九十九, 半 (0.5), 两 (2), 一百 — the numbers merchants write before a unit; None if not one."""
    if text == "半":
        return 0.5
    if text in _CHINESE_DIGITS:
        return float(_CHINESE_DIGITS[text])
    if text.endswith("百") and (len(text) == 1 or text[:-1] in _CHINESE_DIGITS):
        return 100.0 * (_CHINESE_DIGITS[text[:-1]] if len(text) > 1 else 1)
    if "十" in text:
        tens, _, ones = text.partition("十")
        if tens and tens not in _CHINESE_DIGITS or ones and ones not in _CHINESE_DIGITS:
            return None
        return float((_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0))
    return None


class Unit(NamedTuple):
    unit: str  # canonical unit
    dimension: str  # mass | volume | length | area | count
    factor: float  # size in the dimension's base unit (count: 1)
    compare: bool  # a differing count in this unit is a different specification
    ambiguous: bool  # the written form also means something else (g = GB, m = M码)


class Quantity(NamedTuple):
    value: float
    unit: str
    dimension: str
    base: float  # value in the dimension's base unit (g, ml, mm, m2; counts: the value)
    times: float  # multiplier written after it (500ml*24 → 24), 1 if none
    start: int  # offsets in the normalized value
    end: int
    chinese: bool  # the number was written in Chinese (两斤)
    ambiguous: bool

    @property
    def total(self) -> float:
        return self.base * self.times


def unit_table(rows: Iterable[Mapping[str, str]]) -> dict[str, Unit]:
    """written form → Unit, from ``units`` rows (those without a dimension are duplicate matching's only)."""
    table = {}
    for row in rows:
        if not row.get("dimension"):
            continue
        table[row["alias"].lower()] = Unit(row["unit"], row["dimension"], float(row["factor"] or 1),
                                           row.get("compare") == "yes", row.get("ambiguous") == "yes")
    return table


# A number (up to 7 digits and 4 decimals, or up to 3 Chinese numerals) not glued to a preceding digit, point or
# Latin word (iphone15, a4). Written to start with a character class, so that the regex engine skips every
# position that cannot start a number without trying the pattern there: the check of the character before the
# number comes after its first character (it looks two characters back), and the number's kind is told by
# looking back at that first character.
_NUMBER = (rf"([\d{CHINESE_NUMERALS}](?<![\d.a-wyz][\s\S])"
           rf"(?:(?<=\d)\d{{0,6}}(?:\.\d{{1,4}})?|(?<=[{CHINESE_NUMERALS}])[{CHINESE_NUMERALS}]{{0,2}}))")
_TIMES = r"\s{0,2}[*x×✕]\s{0,2}(\d{1,5})(?!\d|\.\d)"  # the count after it may carry its own unit: *24包


class Quantities:
    """A matcher for the quantities of a unit table."""

    def __init__(self, units: Mapping[str, Unit]):
        self.units = dict(units)
        alternatives = alternation(self.units)
        # A number, then the unit; a Latin unit must not run on into a longer Latin word (3xl is a size, 5g手机 is
        # a network but 5g is a weight here).
        self._pattern = re.compile(
            rf"{_NUMBER}\s{{0,2}}({alternatives})(?![a-z])(?:{_TIMES}(?:\s{{0,2}}({alternatives})(?![a-z]))?)?")
        self._leading = re.compile(r"(\d{1,4})\s{0,2}[*x×✕]\s{0,2}$")

    def find(self, value: str) -> list[Quantity]:
        """The quantities in a normalized string, in order."""
        found = []
        if not value:
            return found
        for match in self._pattern.finditer(value):
            number, form, times, counted_form = match.groups()
            unit = self.units[form]
            chinese = not number[0].isdigit()
            if chinese:
                # Chinese numerals only before weights and volumes (两斤, 五升): before counts they are mostly
                # words (统一包装, 第一瓶, 一件代发).
                if unit.dimension not in ("mass", "volume"):
                    continue
                parsed = chinese_number(number)
                if parsed is None:
                    continue
            else:
                parsed = float(number)
            start = match.start()
            multiplier = float(times) if times else 1.0
            if multiplier == 1.0 and unit.dimension in ("mass", "volume"):
                window = value[max(0, start - 8):start]
                if "*" in window or "x" in window or "×" in window or "✕" in window:  # 2×500ml
                    lead = self._leading.search(value, max(0, start - 8), start)
                    if lead:
                        multiplier = float(lead.group(1))
            found.append(Quantity(parsed, unit.unit, unit.dimension, parsed * unit.factor, multiplier or 1.0,
                                  start, match.end(), chinese, unit.ambiguous))
            counted = self.units.get(counted_form or "")
            if counted is not None and counted.dimension == "count":
                # 100抽*24包: the 24 packs are a quantity of their own.
                found.append(Quantity(multiplier, counted.unit, "count", multiplier, 1.0, match.start(3),
                                      match.end(), False, counted.ambiguous))
        return found

    def in_text(self, text: Text) -> list[tuple[Quantity, int, int]]:
        """Quantities of ``text.value`` with their ORIGINAL span."""
        return [(q, *text.span(q.start, q.end)) for q in self.find(text.value)]


def amount(quantities: Sequence[Quantity], dimension: str) -> float | None:
    """The largest total of ``dimension`` among ``quantities`` (None if none is of it)."""
    totals = [q.total for q in quantities if q.dimension == dimension]
    return max(totals) if totals else None


def count_amount(quantities: Sequence[Quantity]) -> tuple[str, float] | None:
    """The largest counted total with its unit (``12卷*2提`` → ("卷", 24))."""
    counts = [q for q in quantities if q.dimension == "count"]
    if not counts:
        return None
    best = max(counts, key=lambda q: q.total)
    return best.unit, best.total


def same(a: float, b: float, tolerance: float = 0.02) -> bool:
    """Equal within a relative tolerance (3L and 3000ml, 5斤 and 2.5kg)."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)
