"""listing_lint.detectors: the helpers the matchers share."""

from __future__ import annotations

import re
import sys

import regex

from listing_lint.detectors import COMMON_HAN_RANGES, HAN_SCRIPT_RANGES, alternation, character_class, class_members


def test_a_character_class_matches_exactly_its_characters_special_ones_too():
    chars = set("]-^\\[a最 ")
    for engine in (re, regex):
        pattern = engine.compile(character_class(chars))
        assert all(pattern.fullmatch(c) for c in chars)
        assert not any(pattern.fullmatch(c) for c in "b佳_")


def test_one_set_is_always_one_pattern():
    assert character_class({"最", "第", "a"}) == character_class(["第", "a", "最"]) == "[a最第]"
    assert class_members("-^") == r"\-\^"  # escaped: they can stand anywhere in a class
    assert re.fullmatch(f"[0-9{class_members('一二')}]+", "1一2二")


def test_an_alternation_prefers_the_longer_of_two_words_starting_at_one_place():
    assert re.match(alternation(["包", "包邮", "a+b"]), "包邮").group() == "包邮"
    assert re.fullmatch(alternation(["a+b"]), "a+b")  # literals: + is no repeat


def test_an_alternation_of_no_words_matches_nowhere():
    # An empty alternation would match at every position (元/ followed by anything, in a pattern built around it).
    assert re.search(alternation([]), "abc") is None
    assert re.search(rf"元/(?:{alternation([])})", "9.9元/件") is None
    assert alternation(["包邮", "包", "包邮"]) == alternation(["包邮", "包"])  # each word once


def test_a_trie_alternation_matches_what_the_plain_one_matches():
    import random

    from listing_lint.detectors import trie_alternation
    from listing_lint.lexicon import Lexicon

    words = [row["word"] for row in Lexicon().table("duplicates/hot_words")] + ["包", "包邮", "包邮包", "a+b"]
    plain, trie = re.compile(alternation(words)), re.compile(trie_alternation(words))
    rng = random.Random(5)
    alphabet = "".join(set("".join(words))) + " 款"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in trie.finditer(text)], text
    assert re.search(trie_alternation([]), "abc") is None


def test_han_script_ranges_hold_every_han_character():
    # Quick checks built on it stand in for \p{Han} patterns (contacts' split names): a Han character it missed
    # would hide a finding. Every code point the regex module calls Han, of every plane.
    han, ranges = regex.compile(r"\p{Han}"), re.compile(f"[{HAN_SCRIPT_RANGES}]")
    missed = [hex(c) for c in range(sys.maxunicode + 1) if han.match(chr(c)) and not ranges.match(chr(c))]
    assert missed == []
    assert all(ranges.match(c) for c in "〇々⺀⿕豈𠀋𪜀")
    assert not any(ranges.match(c) for c in "a1。、，〆ー・ア가")  # punctuation, kana, hangul: not Han


def test_the_common_ideographs_are_a_part_of_the_han_script():
    common, script = re.compile(f"[{COMMON_HAN_RANGES}]"), re.compile(f"[{HAN_SCRIPT_RANGES}]")
    assert all(script.match(chr(c)) for c in range(0x10000) if common.match(chr(c)))
    assert all(common.match(c) for c in "纯棉㐀豈")
    assert not any(common.match(c) for c in "〇々⺀𠀋")  # Han, but not what titles' words are written in
