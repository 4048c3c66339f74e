"""Patterns for dictionary terms written in disguise: each character may be any of its variants (homophones,
look-alikes, split characters, pinyin, numerals; ``dictionaries/char_variants``). Matchers run them on the
skeleton view, so noise between characters (``百.亿 补·贴``) does not hide a term either. Traditional script,
full-width and circled forms are already folded by normalization.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import regex

from ..normalize import normalize
from . import character_class


def variant_table(rows: Iterable[Mapping[str, str]]) -> dict[str, list[str]]:
    """char → its variants (normalized the way text is), from ``char_variants`` rows."""
    table: dict[str, list[str]] = {}
    for row in rows:
        char = normalize(row["char"]).value
        variants = [normalize(v).value for v in row["variants"].split()]
        table.setdefault(char, []).extend(v for v in variants if v and v != char)
    return table


def _latin(option: str, *, first: bool, last: bool) -> str:
    """An option as a pattern; Latin letters at a term's edge must not be part of a longer Latin word."""
    pattern = regex.escape(option)
    if first and option[0].isascii() and option[0].isalpha():
        pattern = r"(?<![a-z])" + pattern
    if last and option[-1].isascii() and option[-1].isalpha():
        pattern += r"(?![a-z])"
    return pattern


def _char_pattern(char: str, variants: Mapping[str, Sequence[str]], *, first: bool, last: bool) -> str:
    options = [char, *variants.get(char, ())]
    # Longest first so that "一百" wins over "一"; plain single characters go into one class.
    edge_latin = [o for o in options if len(o) == 1 and o.isascii() and o.isalpha() and (first or last)]
    singles = {o for o in options if len(o) == 1 and o not in edge_latin}
    multis = sorted({o for o in options if len(o) > 1} | set(edge_latin), key=len, reverse=True)
    parts = [_latin(m, first=first, last=last) for m in multis]
    if singles:
        parts.append(character_class(singles))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def term_pattern(term: str, variants: Mapping[str, Sequence[str]]) -> str:
    """A regex (for the skeleton view) matching ``term`` with any variant of each of its characters.
    A Latin term is matched whole: ``bybt`` not inside ``bybtx``."""
    skeleton = normalize(term).skeleton.value
    if skeleton.isascii() and skeleton.isalnum():
        return _latin(skeleton, first=True, last=True)
    last = len(skeleton) - 1
    return "".join(_char_pattern(c, variants, first=i == 0, last=i == last) for i, c in enumerate(skeleton))
