"""Numbers written in disguise, decoded to ASCII digits with their positions, and the checks that tell a
phone number from a model number, a size, a date or a price.

Normalization already folds full-width (１３８) and circled (①③⑧) digits to ASCII and parenthesised ones
(⑴ → ``(1)``). What is left is decoded here: Chinese numerals (一三八, 〇/零/幺, 壹贰叁), dingbat digits
(❶, ➀) and keycaps, from ``dictionaries/digit_forms.tsv``; separators between digits (``1 3 8-1234 5678``,
``(1)(3)(8)``) are skipped but remembered, because the way a writer groups digits tells a phone number
(3-4-4) from a list of sizes (150 160 170).
"""

from __future__ import annotations

from typing import Iterable, Mapping, NamedTuple, Sequence

import re

from . import class_members

# What may stand between two digits of one number: spaces, dashes, dots, brackets, commas, combining
# marks (keycap ⃣).
_SEPARATORS = "\\s\\-‐‑–—_.·•・~～()（）,，、\u0300-\u036f\u20d0-\u20ff"
_SEPARATOR = f"[{_SEPARATORS}]"
_MIN_DIGITS = 5  # shorter numbers are neither phones, accounts, cards nor identity numbers
# Longer numbers are not one phone, card or id; they are split only up to this length (bounds the work on
# hostile input such as a megabyte of spaced digits).
_MAX_SPLIT_DIGITS = 200
_MAX_RUN_CHARS = 4 * _MAX_SPLIT_DIGITS
# How the local part of a landline number is grouped (8765 4321, 876 5432); 408.11.053 is a model number.
_LOCAL_GROUPINGS = frozenset({(7,), (8,), (3, 4), (4, 4), (4, 3)})


class DigitRun(NamedTuple):
    """Digits decoded from normalized text; every digit is one character of it."""

    digits: str
    positions: tuple[int, ...]  # index in the text of each digit
    breaks: frozenset[int]  # digit indices where the writer started a new group (after a separator)

    @property
    def start(self) -> int:
        return self.positions[0]

    @property
    def end(self) -> int:
        return self.positions[-1] + 1

    def sub(self, i: int, j: int) -> "DigitRun":
        """The digits ``i:j`` as a run of their own."""
        return DigitRun(self.digits[i:j], self.positions[i:j], frozenset(b - i for b in self.breaks if i < b < j))

    def groups(self) -> tuple[int, ...]:
        """Lengths of the digit groups, with lone digits in a row counted as one group (1 3 8 → 3)."""
        bounds = sorted(self.breaks) + [len(self.digits)]
        merged: list[int] = []
        lone = last = 0
        for b in bounds:
            size, last = b - last, b
            if size == 1:
                lone += 1
                continue
            if lone:
                merged.append(lone)
                lone = 0
            merged.append(size)
        if lone:
            merged.append(lone)
        return tuple(merged)


class DigitReader:
    """Finds runs of digits in any of their written forms (stdlib ``re``: its scan for a run's first
    character is a fast C loop)."""

    def __init__(self, forms: Mapping[str, str]):
        self.forms = dict(forms)
        self._to_ascii = str.maketrans(self.forms)
        self.digit_chars = "0-9" + class_members(self.forms)  # the members of a character class
        token = f"[{self.digit_chars}]"
        self._group = re.compile(f"{token}+")
        self._run = re.compile(f"{token}(?:{_SEPARATOR}{{0,3}}{token}){{{_MIN_DIGITS - 1},}}")
        # Where a run may start: a digit with at least four more digits or separators right after it. Every run
        # starts at one; most texts (5.3, 6小时, 2024年) have none, and this single-character repeat is rejected
        # far faster than the nested repeat of a run is tried at every digit.
        self.run_start = re.compile(f"{token}[{self.digit_chars}{_SEPARATORS}]{{{_MIN_DIGITS - 1}}}")

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> "DigitReader":
        return cls({row["char"]: row["digit"] for row in rows})

    def runs(self, value: str) -> list[DigitRun]:
        runs: list[DigitRun] = []
        first = self.run_start.search(value)
        if first is None:
            return runs
        for match in self._run.finditer(value, first.start()):
            if match.end() - match.start() > _MAX_RUN_CHARS:
                continue  # no phone, card or identity number is written over this many characters
            text = match.group()
            if text.isdigit() and text.isascii():
                start = match.start()
                runs.append(DigitRun(text, tuple(range(start, match.end())), frozenset()))
                continue
            digits: list[str] = []
            positions: list[int] = []
            breaks = set()
            for group in self._group.finditer(value, match.start(), match.end()):
                if positions:
                    breaks.add(len(positions))
                digits.append(group.group())
                positions.extend(range(group.start(), group.end()))
            runs.append(DigitRun("".join(digits).translate(self._to_ascii), tuple(positions), frozenset(breaks)))
        return runs


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check of ISO/IEC 7812, used by bank card numbers."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class PhoneNumbers:
    """Mainland phone numbers: mobiles by MIIT prefix, landlines by area code, 400/800 service numbers.

    ``mobile_groupings`` are the ways people group the 11 digits of a mobile (3-4-4, 3-8, 7-4 …); a run
    grouped otherwise (150 160 170 18…) is a list of other numbers that happens to add up to 11 digits.
    """

    def __init__(self, prefixes: Iterable[str], area_codes: Iterable[str],
                 mobile_groupings: Sequence[Sequence[int]], hotline_breaks: Sequence[int]):
        self.prefixes = frozenset(prefixes)
        self.area_codes = frozenset(area_codes)
        self.mobile_groupings = frozenset(tuple(g) for g in mobile_groupings)
        self.hotline_breaks = frozenset(hotline_breaks)

    def mobile(self, run: DigitRun) -> DigitRun | None:
        """The mobile number of ``run`` (without a +86/0086 prefix), or None."""
        digits = run.digits
        if len(digits) == 13 and digits.startswith("86"):
            run = run.sub(2, 13)
        elif len(digits) == 15 and digits.startswith("0086"):
            run = run.sub(4, 15)
        elif len(digits) != 11:
            return None
        if run.digits[:3] not in self.prefixes or run.groups() not in self.mobile_groupings:
            return None
        return run

    def landline(self, run: DigitRun, *, cued: bool) -> bool:
        """Area code + 7-8 local digits; written without a separator after the area code it counts only
        with a phone cue nearby (``cued``), since a bare 0-led number may be a code of another kind."""
        digits = run.digits
        if not digits.startswith("0"):
            return False
        for size in (3, 4):
            local = digits[size:]
            if digits[:size] in self.area_codes and 7 <= len(local) <= 8 and local[0] not in "01":
                if not run.breaks:
                    return cued
                if size in run.breaks and run.sub(size, len(digits)).groups() in _LOCAL_GROUPINGS:
                    return True
        return False

    def hotline(self, run: DigitRun) -> bool:
        """A 400/800 service number (10 digits), grouped as such numbers are (400-820-8820)."""
        return (len(run.digits) == 10 and run.digits[:3] in ("400", "800")
                and run.breaks <= self.hotline_breaks)


def bank_card(run: DigitRun) -> bool:
    """16-19 digits, Luhn-valid, written whole or in groups of four."""
    n = len(run.digits)
    return 16 <= n <= 19 and all(b % 4 == 0 for b in run.breaks) and luhn_valid(run.digits)


def split_candidates(run: DigitRun, lengths: Sequence[int]) -> Iterable[DigitRun]:
    """Sub-runs of ``run`` that start and end where the writer separated digits and have one of
    ``lengths`` — several phone numbers written one after another (138 1234 5678 139 8765 4321)."""
    if len(run.digits) > _MAX_SPLIT_DIGITS:
        return
    starts = [0, *sorted(run.breaks)]
    ends = set(run.breaks) | {len(run.digits)}
    for i in starts:
        for n in lengths:
            if i + n in ends:
                yield run.sub(i, i + n)
