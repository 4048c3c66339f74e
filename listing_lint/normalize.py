"""Normalized views of text, each with an offset map back to the original.

``normalize(original)`` returns a :class:`Text`: ``value`` is the text rules match on (HTML tags and
entities resolved, invisible characters dropped, NFKC, pinyin annotations dropped, Latin lower-cased,
traditional→simplified); ``span(a, b)`` turns a span of ``value`` into the span of the original that
produced it. ``Text.skeleton`` is a second view with the noise between characters dropped
(``微.信`` → ``微信``, ``V❤信`` → ``v信``) for the matchers that look through disguises.

Every stage first asks, cheaply, whether it has anything to do; a stage that rewrites records its
edits, and only then is the map rebuilt. Plain simplified text pays for a few C-level scans only.
"""

from __future__ import annotations

import array
import html
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache, partial
from itertools import compress
from operator import itemgetter, not_
from pathlib import Path
from typing import Iterable, Sequence

import regex

Edit = tuple[int, int, str]  # replace s[start:end] with the string


class StageMap:
    """Where each character of one stage's output came from in its input, as segments: a *copy* segment maps
    output [n, n+k) to input [o, o+k) one to one; a *replace* segment maps every one of its output characters
    to the whole input span [o, e) it replaced. Lookups bisect; building costs O(edits), not O(characters)."""

    __slots__ = ("new_starts", "old_starts", "old_ends", "copy", "_pending")

    def __init__(self, new_starts: list[int], old_starts: list[int], old_ends: list[int], copy: list[bool]):
        self.new_starts, self.old_starts, self.old_ends, self.copy = new_starts, old_starts, old_ends, copy
        self._pending = None

    @classmethod
    def deferred(cls, pattern: "re.Pattern | regex.Pattern", old_value: str) -> "StageMap":
        """The map of deleting every match of ``pattern`` from ``old_value``, built only if asked for:
        most texts never need an offset (no finding), so the deletion stages pay only for ``sub``."""
        stage = cls([], [], [], [])
        stage._pending = (pattern, old_value)
        return stage

    def source(self, index: int) -> tuple[int, int]:
        pending = self._pending
        if pending is not None:
            pattern, old_value = pending
            segments = _segments(old_value, ((m.start(), m.end(), "") for m in pattern.finditer(old_value)))
            self.new_starts, self.old_starts, self.old_ends, self.copy = segments[1:]
            # Cleared only once the segments are in place: a Text may be shared between threads, and another
            # thread that finds no pending work must find its result.
            self._pending = None
        j = bisect_right(self.new_starts, index) - 1
        if self.copy[j]:
            old = self.old_starts[j] + index - self.new_starts[j]
            return old, old + 1
        return self.old_starts[j], self.old_ends[j]


class Text:
    """A normalized view of ``original``: ``value`` plus the chain of stage maps back to the original."""

    __slots__ = ("original", "value", "_chain", "_skeleton", "_tokens", "memo")

    def __init__(self, original: str, value: str, chain: tuple[StageMap, ...] = ()):
        self.original = original
        self.value = value
        self._chain = chain  # empty: value[i] came from original[i]
        self._skeleton: Text | None = None
        self._tokens = None
        # What a detector found in this text, kept for the other rules that ask the same detector (keyed by
        # the detector). It depends on the text alone: a short SKU name's Text is shared by every listing that
        # has it (listing.SHARED_TEXT_MAX), memo and all.
        self.memo: dict = {}

    def origin(self, index: int) -> tuple[int, int]:
        """The original span of the single normalized character ``value[index]``."""
        start, end = index, index + 1
        for stage in reversed(self._chain):
            start = stage.source(start)[0]
            end = stage.source(end - 1)[1]
        return start, end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that produced ``value[start:end]`` (an empty span maps to a point)."""
        if not self._chain:
            return start, end
        if start >= end:
            point = self.origin(start)[0] if start < len(self.value) else len(self.original)
            return point, point
        return self.origin(start)[0], self.origin(end - 1)[1]

    def original_text(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]

    @property
    def skeleton(self) -> "Text":
        """``value`` without the noise merchants put between characters; maps to the same original."""
        if self._skeleton is None:
            self._skeleton = _skeleton(self)
        return self._skeleton

    @property
    def tokens(self):
        """jieba tokens of ``value`` (see :mod:`listing_lint.tokenize`), computed once."""
        if self._tokens is None:
            from .tokenize import tokenize

            self._tokens = tokenize(self.value)
        return self._tokens

    def __repr__(self) -> str:
        return f"Text({self.value!r} <- {self.original!r})"


def identity(original: str) -> Text:
    return Text(original, original)


# --- stages -------------------------------------------------------------------------------------

# Format characters (zero-width space/joiners, bidi controls, BOM, soft hyphen) and variation selectors.
_INVISIBLE = regex.compile(r"[\p{Cf}\uFE00-\uFE0F\U000E0100-\U000E01EF\u180B-\u180D\u3164\u115F\u1160]+")
_HTML_TAG = regex.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,500})?/?|!--.{0,2000}?--)>", regex.S)
_HTML_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# The pinyin that scraped pages put after each character (`發(fā)布`): a parenthesised syllable with a
# tone mark right after a Han character. Requiring the tone mark keeps `T恤(xl)` and `(a)` alone.
_PINYIN = regex.compile(
    rf"(?<=\p{{Han}})\((?=[a-z{_TONE_VOWELS}ü]*[{_TONE_VOWELS}])[a-z{_TONE_VOWELS}ü]{{1,7}}\)"
)
# Noise for the skeleton view: anything that is not a letter, digit or Han character.
SKELETON_NOISE = regex.compile(r"[^\p{L}\p{N}]+")


def _segments(value: str, edits: Iterable[Edit]):
    """(new value, new_starts, old_starts, old_ends, copy) for sorted, non-overlapping edits of ``value``;
    the segment lists are empty when every edit kept its length (characters still line up one to one)."""
    pieces: list[str] = []
    new_starts: list[int] = []
    old_starts: list[int] = []
    old_ends: list[int] = []
    copy: list[bool] = []
    pos = 0  # input consumed so far
    run_old = run_new = 0  # where the current one-to-one run began, in input and in output
    for start, end, replacement in edits:
        if start < pos or value[start:end] == replacement:
            continue
        pieces.append(value[pos:start])
        pieces.append(replacement)
        pos = end
        if len(replacement) == end - start:
            continue
        new_at_start = run_new + start - run_old
        if start > run_old:
            new_starts.append(run_new)
            old_starts.append(run_old)
            old_ends.append(start)
            copy.append(True)
        if replacement:
            new_starts.append(new_at_start)
            old_starts.append(start)
            old_ends.append(end)
            copy.append(False)
        run_old, run_new = end, new_at_start + len(replacement)
    pieces.append(value[pos:])
    if run_old or new_starts:
        if run_old < len(value):
            new_starts.append(run_new)
            old_starts.append(run_old)
            old_ends.append(len(value))
            copy.append(True)
        if not new_starts:  # everything was deleted: an empty output still has a point to map to
            new_starts, old_starts, old_ends, copy = [0], [len(value)], [len(value)], [False]
    return "".join(pieces), new_starts, old_starts, old_ends, copy


def _rewrite(text: Text, edits: Iterable[Edit]) -> Text:
    """Apply sorted, non-overlapping edits to ``text.value``, recording a stage map if lengths changed."""
    new_value, new_starts, old_starts, old_ends, copy = _segments(text.value, edits)
    if new_value == text.value:
        return text
    if not new_starts:
        return Text(text.original, new_value, text._chain)
    return Text(text.original, new_value, text._chain + (StageMap(new_starts, old_starts, old_ends, copy),))


def _delete(text: Text, pattern: "re.Pattern | regex.Pattern") -> Text:
    """``text`` without the matches of ``pattern``; the offset map is built only when a span is asked for."""
    new_value = pattern.sub("", text.value)
    if len(new_value) == len(text.value):
        return text
    return Text(text.original, new_value, text._chain + (StageMap.deferred(pattern, text.value),))


def _strip_html(text: Text) -> Text:
    value = text.value
    if "<" not in value and "&" not in value:
        return text
    edits: list[Edit] = []
    if "<" in value:
        # A tag becomes a space so that words on both sides of <br> don't run together.
        edits.extend((m.start(), m.end(), " ") for m in _HTML_TAG.finditer(value))
    if "&" in value:
        edits.extend((m.start(), m.end(), html.unescape(m.group())) for m in _HTML_ENTITY.finditer(value))
    edits.sort()
    return _rewrite(text, edits)


@lru_cache(maxsize=1)
def _invisible_quick() -> "re.Pattern":
    """A fast test for _INVISIBLE (format characters live below U+2100 and above U+FDFF in the basic
    plane; variation selectors and tags are ranges)."""
    codes = [c for c in (*range(0x2100), *range(0xFE00, 0x10000)) if unicodedata.category(chr(c)) == "Cf"]
    return re.compile(f"[{_char_class(codes)}\ufe00-\ufe0f\u180b-\u180d\u3164\u115f\u1160"
                      f"\U00010000-\U0010ffff]")


def _drop_invisible(text: Text) -> Text:
    # The quick class also fires on any astral character; then the exact pattern decides.
    if _invisible_quick().search(text.value) is None:
        return text
    return _delete(text, _INVISIBLE)


def _char_class(codes: Iterable[int]) -> str:
    """The members of a character class holding ``codes`` (ascending)."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return _class_of_ranges(ranges)


def _class_of_ranges(ranges: Iterable[Sequence[int]]) -> str:
    """The members of a character class holding the inclusive ranges [first, last] of codes. Written as the
    characters themselves (escaped where a class needs it): sre parses those ≈4× faster than \\U escapes, and
    start-up compiles classes of thousands of members."""
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Characters that join the one before them under NFKC live in planes 0 and 1 (a test checks the whole code space).
_JOINING_END = 0x20000
_NUL = "\0"  # separates characters normalized together; NFD and NFKD keep it and nothing joins it


@lru_cache(maxsize=1)
def _joining_classes() -> tuple["re.Pattern", "re.Pattern", frozenset[str], "re.Pattern"]:
    """The characters NFKC may join to the character before them, from unicodedata itself: those whose NFKD starts
    with a combining mark (a non-zero combining class: e\u0301 → é, ｶﾞ → ガ) or with the second member of a
    canonical composition pair (Hangul vowels and final consonants among them: ㄱㅏ → 가). Read with C-level maps
    and whole-string normalization (≈15 ms warm, ≈30 ms in a fresh process; once, on the first text that needs the piecewise NFKC).
    As the basic-plane ones (a bitmap class), their runs with the character before them, the few astral ones as a
    set, and the runs of all of them, for text that has an astral one: a class with astral members is tested range
    by range, ≈20× slower."""
    chars = array.array("I", range(1, _JOINING_END)).tobytes().decode("utf-32-le", "surrogatepass")
    joining = set(compress(chars, map(unicodedata.combining, chars)))
    # Only blocks that NFKD changes hold decomposing characters: testing blocks of 64 spares testing each character.
    blocks = [chars[i:i + 64] for i in range(0, len(chars), 64)]
    decomposing = "".join(compress(blocks, map(not_, map(partial(unicodedata.is_normalized, "NFKD"), blocks))))
    # A character whose canonical decomposition is longer than itself and ends in a starter: that starter is the second
    # member of a pair (unicodedata.decomposition leaves the Hangul syllables out; normalize does not).
    canonical = unicodedata.normalize("NFD", _NUL.join(decomposing)) + _NUL
    joining.update(re.findall(f"(?<=[^{_NUL}])([^{_NUL}]){_NUL}", canonical))
    compatible = unicodedata.normalize("NFKD", _NUL.join(decomposing)).split(_NUL)
    joining.update(compress(decomposing, map(joining.__contains__, map(itemgetter(0), compatible))))
    basic = _char_class(sorted(ord(c) for c in joining if c <= "\uffff"))
    every = _char_class(sorted(map(ord, joining)))
    return (re.compile(f"[{basic}]"), re.compile(f"[^{basic}]?[{basic}]+"),
            frozenset(c for c in joining if c > "\uffff"), re.compile(f"[^{every}]?[{every}]+"))


def _joining_runs(value: str) -> list[tuple[int, int]]:
    """The spans of the runs of characters NFKC may join to the character before them, with that character."""
    basic, basic_runs, astral, every_runs = _joining_classes()
    has_astral = _ASTRAL.search(value) is not None and not astral.isdisjoint(value)
    if not has_astral and basic.search(value) is None:
        return []
    return [m.span() for m in (every_runs if has_astral else basic_runs).finditer(value)]


# Most noise in catalog text is a few characters (a detail's 。 , : and spaces): str.replace drops each in one C loop,
# ≈1.5× faster than a regex sub, which pays per noise run (≈40 in a detail). Every one must be SKELETON_NOISE.
_COMMON_NOISE = (" ", "。", ",", ":", "、", ".", "(", ")", "-", "°")


def _skeleton(text: Text) -> Text:
    """``text`` without SKELETON_NOISE: the common noise characters by str.replace, then the rest (if any) by the
    pattern; the offset map is built only when a span is asked for. Always a new Text, even when nothing was
    dropped, so that the two views keep separate caches (memo, tokens)."""
    value = text.value
    kept = value
    for char in _COMMON_NOISE:
        kept = kept.replace(char, "")
    noise = _basic_skeleton_noise()
    if noise.search(kept) is not None:  # other noise, or an astral character (the basic class holds them all)
        # The common noise is in the basic plane: kept has an astral character exactly when value has one, and
        # this pattern is exact for both.
        noise = skeleton_noise(kept)
        kept = noise.sub("", kept)
    if len(kept) == len(value):
        return Text(text.original, value, text._chain)
    return Text(text.original, kept, text._chain + (StageMap.deferred(noise, value),))


def skeleton_noise(value: str) -> "re.Pattern | regex.Pattern":
    """A pattern that matches exactly what SKELETON_NOISE matches in ``value``, the fastest one that can."""
    return SKELETON_NOISE if _ASTRAL.search(value) else _basic_skeleton_noise()


@lru_cache(maxsize=1)
def _basic_skeleton_noise() -> "re.Pattern":
    """SKELETON_NOISE for text without astral characters, in the standard library's engine, whose class of
    basic-plane characters is a bitmap (≈1.6× faster with a detail's ~40 noise runs). The members are read off
    the regex module itself (≈6 ms, once): its Unicode version may be newer than unicodedata's."""
    # The plane from its UTF-32 bytes (surrogates too), ≈2× faster than joining 65536 chr().
    basic_plane = array.array("I", range(0x10000)).tobytes().decode("utf-32-le", "surrogatepass")
    kept = ((m.start(), m.end() - 1) for m in regex.finditer(r"[\p{L}\p{N}]+", basic_plane))
    return re.compile(f"[^{_class_of_ranges(kept)}]+")


@lru_cache(maxsize=1)
def _nfkc_classes() -> tuple["re.Pattern", dict[str, str]]:
    """From unicodedata itself, once (≈10 ms), so they agree with the running Python's Unicode version: the
    pieces to normalize one by one (a basic-plane character NFKC rewrites on its own, or an astral character:
    few and rare to change), as a capturing pattern; and what the basic-plane ones that stay one character
    long fold to (expanding ones such as ㎏ → kg are left out). A range class of basic-plane characters is a
    bitmap in the standard library's engine: a character is tested in constant time."""
    changing = []
    single_folds: dict[str, str] = {}
    for code in range(0x10000):
        char = chr(code)
        if unicodedata.decomposition(char):
            folded = unicodedata.normalize("NFKC", char)
            if folded != char:
                changing.append(code)
                if len(folded) == 1:
                    single_folds[char] = folded
    return re.compile(f"([{_char_class(changing)}\U00010000-\U0010ffff])"), single_folds


# The full-width punctuation that is most of what NFKC changes in listings (a detail's ，), with its one-character
# folds: str.replace folds each in one C loop, where splitting the text at every piece costs ≈3 µs a detail.
_COMMON_FOLDS = (("，", ","), ("（", "("), ("）", ")"), ("！", "!"), ("：", ":"))


def _nfkc(text: Text) -> Text:
    value = text.value
    if value.isascii() or unicodedata.is_normalized("NFKC", value):
        return text
    # Folding a character to its NFKC form changes no text's NFKC, and keeps every character in its place: if the
    # result is normalized, it is the NFKC form; if not, the stages below finish from it.
    for char, fold in _COMMON_FOLDS:
        value = value.replace(char, fold)
    if value != text.value:
        text = Text(text.original, value, text._chain)
        if unicodedata.is_normalized("NFKC", value):
            return text
    pieces, single_folds = _nfkc_classes()
    # Common case (full-width punctuation, digits, letters): every piece folds to one character. Fold them with
    # C-level split, map and join (no Python call per piece); if the result is normalized, it is the NFKC form
    # and every character still lines up with its source.
    parts = pieces.split(value)  # the text before each piece, the piece, …, the text after the last
    folds = list(map(single_folds.get, parts[1::2]))  # None for an expanding or an astral piece
    if None not in folds:
        parts[1::2] = folds
        folded = "".join(parts)
        if unicodedata.is_normalized("NFKC", folded):
            return Text(text.original, folded, text._chain)
    return _nfkc_piecewise(text, pieces)


def _nfkc_piecewise(text: Text, pieces: "re.Pattern") -> Text:
    """NFKC with a map, for what the one-to-one fold cannot do (expansions, combining marks, astral characters):
    normalize piece by piece, a piece being a character with the run of characters that may join it (which NFKC
    may compose) or a single character."""
    value = text.value
    spans = [(start, -end) for start, end in _joining_runs(value)]
    spans += [(m.start(), -m.end()) for m in pieces.finditer(value)]
    spans.sort()  # at one start, the longer (cluster) piece first; _segments skips what it overlaps
    edits = []
    for start, negative_end in spans:
        piece = value[start:-negative_end]
        folded = unicodedata.normalize("NFKC", piece)
        if folded != piece:
            edits.append((start, -negative_end, folded))
    return _rewrite(text, edits)


def _lower(text: Text) -> Text:
    value = text.value
    lowered = value.lower()
    if lowered == value:
        return text
    if len(lowered) == len(value):
        return Text(text.original, lowered, text._chain)  # same length: same map
    return _rewrite(text, ((i, i + 1, c.lower()) for i, c in enumerate(value) if c.lower() != c))


def _drop_pinyin(text: Text) -> Text:
    value = text.value
    if "(" not in value:
        return text
    return _rewrite(text, ((m.start(), m.end(), "") for m in _PINYIN.finditer(value)))


@lru_cache(maxsize=1)
def _traditional_tests() -> tuple["re.Pattern", "re.Pattern", frozenset[str]]:
    """Basic-plane traditional characters as a bitmap class (≈0.5 µs a text, 10× faster than a set test), also
    with every astral character (one scan answers for text without any); the few astral traditional
    characters as a set, consulted only for text with astral characters."""
    chars = _traditional_chars()
    basic = _char_class(sorted(ord(c) for c in chars if c <= chr(0xFFFF)))
    candidates = re.compile(f"[{basic}\U00010000-\U0010ffff]")
    return candidates, re.compile(f"[{basic}]"), frozenset(c for c in chars if c > chr(0xFFFF))


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that OpenCC's t2s tables rewrite; text with none of them skips conversion entirely."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    chars: set[str] = set()
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        with open(folder / name, encoding="utf-8") as handle:
            for line in handle:
                key, _, targets = line.rstrip("\n").partition("\t")
                if not targets:
                    continue
                first_target = targets.split(" ")[0]
                if len(key) == 1:
                    if first_target != key:
                        chars.add(key)
                else:
                    chars.update(k for k, t in zip(key, first_target) if k != t)
    return frozenset(chars)


# Characters at which OpenCC splits its input before matching phrases (they are in no phrase): a space and the
# sentence marks that normalized text has most.
_CONVERTER_BREAKS = re.compile("([ ,。]+)")


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def _to_simplified(text: Text) -> Text:
    value = text.value
    candidates, basic, astral = _traditional_tests()
    candidate = candidates.search(value)
    if candidate is None:
        return text
    if candidate.group() > "\uffff" and basic.search(value) is None and astral.isdisjoint(value):
        return text  # astral characters, none of them traditional
    convert = _converter().convert
    # OpenCC is pure Python (≈1 µs a character) and converts the text between its break characters piece by piece:
    # only the pieces with a traditional character are handed to it, the others would come back unchanged.
    pieces = _CONVERTER_BREAKS.split(value)  # piece, breaks, piece, …
    pieces[::2] = [convert(piece) if basic.search(piece) or not astral.isdisjoint(piece) else piece
                   for piece in pieces[::2]]
    converted = "".join(pieces)
    if len(converted) == len(value):
        return Text(text.original, converted, text._chain)
    # A phrase changed length: fall back to converting character by character so the map stays exact.
    return _rewrite(text, ((i, i + 1, convert(c)) for i, c in enumerate(value)))


def normalize(original: str, *, html: bool = False) -> Text:
    """The normalized view of ``original`` with its offset map (see the module doc for the stages)."""
    text = identity(original)
    if not original:
        return text
    if html:
        text = _strip_html(text)
    text = _drop_invisible(text)
    text = _nfkc(text)
    text = _drop_pinyin(text)
    text = _lower(text)
    text = _to_simplified(text)
    return text
