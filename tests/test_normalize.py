"""Normalization: the views rules match on, and the offset map back to the original text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listing_lint import normalize as normalize_module
from listing_lint.normalize import normalize


@pytest.mark.parametrize("original,value", [
    ("百億補貼", "百亿补贴"),
    ("發(fā)布抖音商城管理規(guī)范", "发布抖音商城管理规范"),
    ("ＡＢＣ１２３", "abc123"),
    ("①③⑧", "138"),
    ("微\u200b信", "微信"),
    ("T恤(XL)", "t恤(xl)"),  # a size in brackets is not a pinyin annotation
    ("头髮乾燥", "头发干燥"),  # phrase-aware: 乾燥 → 干燥, not 乾 → 乾
    ("ㄱㅏ", "가"),  # compatibility jamo compose
])
def test_normalized_values(original, value):
    assert normalize(original).value == value


def test_html_is_stripped_in_detail_only():
    text = normalize("<p>百亿&amp;补贴</p>", html=True)
    assert text.value == " 百亿&补贴 "
    a, b = text.span(1, 6)
    assert text.original[a:b] == "百亿&amp;补贴"
    assert normalize("<p>x</p>").value == "<p>x</p>"


def test_span_points_into_the_original():
    original = "【百億補貼】ＶＸ：ａｂｃ"
    text = normalize(original)
    index = text.value.index("百亿补贴")
    a, b = text.span(index, index + 4)
    assert original[a:b] == "百億補貼"
    index = text.value.index("vx")
    assert text.original_text(index, index + 2) == "ＶＸ"


def test_skeleton_drops_noise_between_characters():
    text = normalize("加V❤信: 微.信 号")
    skeleton = text.skeleton
    assert skeleton.value == "加v信微信号"
    index = skeleton.value.index("微信")
    a, b = skeleton.span(index, index + 2)
    assert text.original[a:b] == "微.信"


def test_plain_simplified_text_never_reaches_the_converter(monkeypatch):
    def boom():
        raise AssertionError("converter used on text with no traditional characters")

    monkeypatch.setattr(normalize_module, "_converter", boom)
    assert normalize("纯棉短袖T恤男 夏季宽松 100%纯棉").value == "纯棉短袖t恤男 夏季宽松 100%纯棉"



# One scan finds a traditional or an astral character; astral ones are then told apart exactly.
@pytest.mark.parametrize("original,value", [
    ("👍億", "👍亿"),  # an astral character first, a traditional one after it
    ("億👍", "亿👍"),
    ("𠁞", "𠀾"),  # an astral traditional character
    ("👍𠁞", "👍𠀾"),
])
def test_traditional_characters_after_or_among_astral_ones_are_converted(original, value):
    assert normalize(original).value == value


def test_astral_text_without_traditional_characters_never_reaches_the_converter(monkeypatch):
    def boom():
        raise AssertionError("converter used on text with no traditional characters")

    monkeypatch.setattr(normalize_module, "_converter", boom)
    assert normalize("纯棉👍🏽𠀀T恤").value == "纯棉👍🏽𠀀t恤"

def test_only_pieces_with_traditional_characters_reach_the_converter(monkeypatch):
    original = "頭髮乾燥 简体文字,百億補貼。乾燥。。纯棉 👍𠁞, 乾燥"
    expected = normalize_module._converter().convert(original)
    handed = []
    convert = normalize_module._converter().convert

    class Spy:
        def convert(self, piece):
            handed.append(piece)
            return convert(piece)

    monkeypatch.setattr(normalize_module, "_converter", Spy)
    assert normalize(original).value == expected == "头发干燥 简体文字,百亿补贴。干燥。。纯棉 👍𠀾, 干燥"
    assert handed == ["頭髮乾燥", "百億補貼", "乾燥", "👍𠁞", "乾燥"]  # not 简体文字, 纯棉


def test_converter_breaks_are_in_no_opencc_entry():
    """Pieces between breaks convert on their own only if no dictionary entry spans a break."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        keys = [line.partition("\t")[0] for line in folder.joinpath(name).read_text(encoding="utf-8").splitlines()]
        assert not [key for key in keys if normalize_module._CONVERTER_BREAKS.search(key)]


def test_identity_when_nothing_changes():
    text = normalize("纯棉短袖")
    assert text.value == "纯棉短袖" and text.span(1, 3) == (1, 3) and not text._chain


# Pieces that exercise every stage: traditional, full-width, circled, invisible, emoji, combining marks,
# pinyin annotations, HTML, case, and characters whose NFKC form is longer (㎏ → kg, ﷺ).
PIECES = st.sampled_from([
    "百億補貼", "發(fā)", "規(guī)", "ＡＢＣ", "１２３", "①", "⑴", "\u200b", "\ufeff", "❤", "👍🏽", "👨‍👩‍👧", "e\u0301",
    "㎏", "ﷺ", "<br>", "&amp;", "&#x4e2d;", "微", "信", " ", ".", "T恤", "(XL)", "ǅ", "İ", "ß", "\n", "乾燥",
])
TEXTS = st.one_of(st.lists(PIECES, max_size=12).map("".join), st.text(max_size=40))


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.booleans())
def test_offset_map_is_monotonic_and_in_bounds(original, html):
    text = normalize(original, html=html)
    n = len(original)
    previous_start = previous_end = 0
    for i in range(len(text.value)):
        start, end = text.origin(i)
        assert 0 <= start <= end <= n
        assert start >= previous_start and end >= previous_end
        previous_start, previous_end = start, end


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_any_span_slices_the_original(original, data):
    text = normalize(original, html=True)
    for view in (text, text.skeleton):
        size = len(view.value)
        a = data.draw(st.integers(0, size))
        b = data.draw(st.integers(a, size))
        start, end = view.span(a, b)
        assert 0 <= start <= end <= len(original)
        if a < b:
            # The original slice normalizes back to something containing the normalized slice's letters.
            assert start < end


# Pieces that normalize the same alone as in any company (no phrases, no annotations, no HTML).
CONTEXT_FREE = st.sampled_from([
    "百", "億", "補", "貼", "Ａ", "ｂ", "１", "①", "\u200b", "❤", "👍🏽", "e\u0301", "㎏", "ﷺ", "微", "信", " ", ".",
    "T", "恤", "İ", "ß", "ǅ", "ﾊﾟ", "\n", "，", "：", "𝟏",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(CONTEXT_FREE, min_size=1, max_size=10))
def test_each_piece_maps_back_to_itself(pieces):
    """Normalized as a whole, every character maps back into the piece that produced it."""
    original = "".join(pieces)
    text = normalize(original)
    expected_value = "".join(normalize(p).value for p in pieces)
    assert text.value == expected_value
    owner = []  # normalized index -> (piece start, piece end) in the original
    offset = 0
    for piece in pieces:
        owner.extend([(offset, offset + len(piece))] * len(normalize(piece).value))
        offset += len(piece)
    for i, (piece_start, piece_end) in enumerate(owner):
        start, end = text.origin(i)
        assert piece_start <= start < end <= piece_end, (original, i, text.value[i])


# The skeleton drops SKELETON_NOISE (regex module, \p{L}\p{N}); text without astral characters takes an equal class
# in the standard library's engine. Where the two engines' ideas of a letter differ, the regex module's must win.
@pytest.mark.parametrize("original,skeleton", [
    ("a_b", "ab"),  # '_' is a word character for re's \w, yet not a letter
    ("x²3", "x²3"),  # U+00B2 is a number (No), not a decimal digit
    ("Ⅻ号٣", "Ⅻ号٣"),  # letter numbers (Nl) and other scripts' digits (Nd)
    ("e\u0301x", "ex"),  # a combining mark is noise
    ("\u1c89.\ua7cb", "\u1c89\ua7cb"),  # letters newer than unicodedata's Unicode version, known to the regex module
    ("𠀀.𠀁 𐄇", "𠀀𠀁𐄇"),  # astral letters and numbers are kept
    ("👍微👍信", "微信"),  # astral noise is dropped
    ("微。信, 号:1°", "微信号1"),  # only the common noise characters (dropped by str.replace)
    ("微。信【号】", "微信号"),  # common noise and other noise
    ("𠀀。𠀁，👍", "𠀀𠀁"),  # common noise with astral letters and astral noise
])
def test_skeleton_keeps_exactly_letters_and_numbers(original, skeleton):
    view = normalize_module.identity(original).skeleton
    assert view.value == skeleton
    kept = [i for i, char in enumerate(original) if normalize_module.SKELETON_NOISE.fullmatch(char) is None]
    assert [view.origin(j) for j in range(len(skeleton))] == [(i, i + 1) for i in kept]


def test_char_class_holds_exactly_its_codes():
    """Members are written as the characters themselves: those a class gives a meaning (] \\ ^ - [) must be escaped."""
    codes = [*range(0, 0x80, 2), 0x5C, 0x5D, 0x5E, *range(0xD7FF, 0xE001), 0xFFFF]
    codes = sorted(set(codes))
    members = re.compile(f"[{normalize_module._char_class(codes)}]")
    every = range(0x10000)
    assert [code for code in every if members.fullmatch(chr(code))] == codes


def test_common_noise_characters_are_skeleton_noise():
    assert all(normalize_module.SKELETON_NOISE.fullmatch(char) for char in normalize_module._COMMON_NOISE)


def test_basic_plane_skeleton_class_is_the_regex_modules():
    plane = "".join(map(chr, range(0x10000)))
    fast = normalize_module._basic_skeleton_noise()
    assert [m.span() for m in fast.finditer(plane)] == [m.span() for m in normalize_module.SKELETON_NOISE.finditer(plane)]


SKELETON_EDGES = st.sampled_from(["_", "²", "Ⅻ", "\u0301", "\u1c89", "𠀀", "𐄇", "👍", "微", "a", " ", "，", "\u200b",
                                  *normalize_module._COMMON_NOISE])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.lists(SKELETON_EDGES, max_size=12).map("".join)))
def test_skeleton_maps_each_character_to_its_source(original):
    view = normalize_module.identity(original).skeleton
    kept = [i for i, char in enumerate(original) if normalize_module.SKELETON_NOISE.fullmatch(char) is None]
    assert view.value == "".join(original[i] for i in kept)
    assert [view.origin(j) for j in range(len(view.value))] == [(i, i + 1) for i in kept]


# NFKC folds the common full-width characters one by one without a map; anything else takes the piecewise path.
@pytest.mark.parametrize("original,value,sources", [
    ("ＡＢ，：（１）", "AB,:(1)", ["Ａ", "Ｂ", "，", "：", "（", "１", "）"]),  # one to one
    ("１㎏，", "1kg,", ["１", "㎏", "㎏", "，"]),  # an expansion
    ("Ａ\u0301，", "Á,", ["Ａ\u0301", "，"]),  # the fold composes with a combining mark
    ("𝟏，Ａ", "1,A", ["𝟏", "，", "Ａ"]),  # an astral character
    ("𠀀，", "𠀀,", ["𠀀", "，"]),  # an astral character NFKC keeps
    ("ｶﾞｲﾄﾞ", "ガイド", ["ｶﾞ", "ｲ", "ﾄﾞ"]),  # a half-width voiced mark becomes a combining one and composes
    ("ﾊﾟ，", "パ,", ["ﾊﾟ", "，"]),
    ("（，）！：", "(,)!:", ["（", "，", "）", "！", "："]),  # only common full-width punctuation (str.replace)
    ("（Ａ），", "(A),", ["（", "Ａ", "）", "，"]),  # common punctuation and another one-to-one fold
    ("，℃：", ",°C:", ["，", "℃", "℃", "："]),  # common punctuation and an expansion
    ("，e\u0301！", ",é!", ["，", "e\u0301", "！"]),  # common punctuation and a combining mark
    # Hangul jamo compose under NFKC though they are no combining marks: a vowel or final consonant joins the
    # syllable or jamo before it, whether conjoining, compatibility (ㄱㅏ) or half-width (ﾡￂ).
    ("\u1100\u1161\u11a8", "각", ["\u1100\u1161\u11a8"]),
    ("가\u11a8，", "각,", ["가\u11a8", "，"]),
    ("ㄱㅏ", "가", ["ㄱㅏ"]),
    ("ﾡￂ，", "가,", ["ﾡￂ", "，"]),
    ("ㄱㄱ", "\u1100\u1100", ["ㄱ", "ㄱ"]),  # two leading consonants stay apart
])
def test_nfkc_stage_matches_unicodedata_and_maps_each_character(original, value, sources):
    text = normalize_module._nfkc(normalize_module.identity(original))
    assert text.value == value == unicodedata.normalize("NFKC", original)
    assert [text.original_text(i, i + 1) for i in range(len(value))] == sources


def test_common_folds_are_nfkc():
    assert all(unicodedata.normalize("NFKC", char) == fold for char, fold in normalize_module._COMMON_FOLDS)


NFKC_EDGES = st.sampled_from(["Ａ", "１", "㎏", "ﷺ", "\u0301", "\u0308", "ｶ", "ﾞ", "ﾟ", "𝟏", "𠀀", "👍🏽",
                              "e", "微", "ǅ", "Å", "\u3099", "\u1100", "\u1161", "\u11a8", "가", "ㄱ", "ㅏ", "ﾡ", "ￂ", "²",
                              *(char for char, _ in normalize_module._COMMON_FOLDS)])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(NFKC_EDGES, min_size=1, max_size=12).map("".join), st.text(max_size=30)))
def test_nfkc_stage_is_nfkc_and_maps_like_the_piecewise_path(original):
    """Whichever path answers, the stage's value is NFKC itself, and its map is the piecewise path's."""
    text = normalize_module.identity(original)
    pieces, _ = normalize_module._nfkc_classes()
    fast = normalize_module._nfkc(text)
    piecewise = normalize_module._nfkc_piecewise(text, pieces)
    assert fast.value == unicodedata.normalize("NFKC", original)
    assert [fast.origin(i) for i in range(len(fast.value))] == [piecewise.origin(i) for i in range(len(fast.value))]


def test_joining_runs_hold_every_character_nfkc_may_join_to_the_one_before():
    """Read in bulk from planes 0 and 1; here character by character over the whole code space: the characters whose
    NFKD starts with a combining mark or with the last starter of a canonical decomposition (a pair's second)."""
    every = [chr(code) for code in range(0x110000)]
    seconds = set()
    for char in every:
        decomposed = unicodedata.normalize("NFD", char)
        if len(decomposed) > 1 and not unicodedata.combining(decomposed[-1]):
            seconds.add(decomposed[-1])
    expected = [char for char in every
                if unicodedata.combining(first := unicodedata.normalize("NFKD", char)[0]) or first in seconds]
    assert [char for char in every if normalize_module._joining_runs("a" + char)] == expected
    assert {"\u0301", "ﾞ", "\u1161", "\u11a8", "ㅏ", "ￂ"} <= set(expected) and not {"ㄱ", "\u1100", "가", "a"} & set(expected)
