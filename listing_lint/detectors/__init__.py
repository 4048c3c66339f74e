"""Matchers shared by rules: they work on normalized :class:`~listing_lint.normalize.Text` views and know
nothing of listings, profiles or findings."""

from __future__ import annotations

import re
from typing import Iterable

# Marks that end a sentence, full-width and ASCII (normalization folds the full-width ones but 。; fixes edit the
# original). A line break ends one too where a pattern reads a whole text: those add "\n".
SENTENCE_ENDS = "。！？!?；;"
# Marks that end a clause: the sentence ends and the commas.
CLAUSE_ENDS = SENTENCE_ENDS + "，,"
# The same, or a line break (for patterns that read across the lines of a whole text).
LINE_SENTENCE_ENDS = SENTENCE_ENDS + "\n"
LINE_CLAUSE_ENDS = CLAUSE_ENDS + "\n"
# Every character of the Han script (regex's \p{Han}: radicals, 々 and 〇, the ideographs of every plane, the
# compatibility ones) as the members of a stdlib-``re`` character class, which has no \p{…}. Whole blocks, so a
# few other characters too (unassigned code points, the Yijing hexagrams 4DC0–4DFF, so that COMMON_HAN_RANGES is a
# part of it): it is for quick checks that stand in for a \p{Han} pattern and must say "maybe" wherever it
# matches (test_han_script_ranges_hold_every_han_character checks every code point).
HAN_SCRIPT_RANGES = (r"\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u9fff\uf900-\ufaff"
                     r"\U00016fe2-\U00016fff\U00020000-\U0003ffff")
# The common ideographs only (CJK Extension A, Unified Ideographs, Compatibility Ideographs, all in the BMP), for
# rules that ask whether a text holds Chinese words: narrower than the script on purpose — radicals, 々, 〇 and the
# rare astral ideographs are not what a product name or a title's words are written in.
COMMON_HAN_RANGES = r"\u3400-\u9fff\uf900-\ufaff"


def class_members(chars: Iterable[str]) -> str:
    """``chars`` written as the members of a regex character class: escaped, and sorted so that one set is always
    one pattern."""
    return "".join(re.escape(c) for c in sorted(chars))


def character_class(chars: Iterable[str]) -> str:
    """A regex character class matching any one of ``chars``."""
    return f"[{class_members(chars)}]"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` as literals, longest first (where two start at one place, the longer wins),
    then in their given order; ``(?!)``, which matches nowhere, when there are none (an empty alternation would
    match everywhere)."""
    return "|".join(re.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True)) or "(?!)"


def trie_alternation(words: Iterable[str]) -> str:
    """The matches of :func:`alternation`, by a regex factored into a trie: the engine then tries one branch per
    position instead of every word, faster above about a hundred words (466 variant words: 2.7 µs a title, not 5)."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie) if trie else "(?!)"


def _trie_regex(node: dict) -> str:
    branches = []
    for char in sorted(c for c in node if c):
        branches.append(re.escape(char) + _trie_regex(node[char]))
    ends_here = "" in node
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy: the longer word is tried first, the word ending here is the fallback.
    return f"(?:{body})?" if ends_here else body
