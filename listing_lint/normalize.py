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

import html
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import regex

Edit = tuple[int, int, str]  # replace s[start:end] with the string


class Text:
    """A normalized view of ``original``: ``value`` plus, per character of ``value``, the original span."""

    __slots__ = ("original", "value", "_starts", "_ends", "_skeleton", "_tokens")

    def __init__(self, original: str, value: str, starts: Sequence[int] | None, ends: Sequence[int] | None):
        self.original = original
        self.value = value
        # None means identity: value[i] came from original[i].
        self._starts = starts
        self._ends = ends
        self._skeleton: Text | None = None
        self._tokens = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that produced ``value[start:end]`` (an empty span maps to a point)."""
        if self._starts is None:
            return start, end
        n = len(self.value)
        if start >= end:
            point = self._starts[start] if start < n else len(self.original)
            return point, point
        return self._starts[start], self._ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]

    def origin(self, index: int) -> tuple[int, int]:
        """The original span of the single normalized character ``value[index]``."""
        if self._starts is None:
            return index, index + 1
        return self._starts[index], self._ends[index]

    @property
    def skeleton(self) -> "Text":
        """``value`` without the noise merchants put between characters; maps to the same original."""
        if self._skeleton is None:
            self._skeleton = _derive(self, _NOISE.finditer(self.value), lambda m: "")
        return self._skeleton

    @property
    def tokens(self):
        """jieba tokens of ``value`` (see :mod:`listing_lint.tokenize`), computed once."""
        if self._tokens is None:
            from .tokenize import tokenize

            self._tokens = tokenize(self.value)
        return self._tokens

    def __repr__(self) -> str:
        return f"Text({self.value!r} ← {self.original!r})"


def identity(original: str) -> Text:
    return Text(original, original, None, None)


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
_CLUSTER = regex.compile(r"\P{M}\p{M}*|\p{M}+")
# Noise for the skeleton view: anything that is not a letter, digit or Han character.
_NOISE = regex.compile(r"[^\p{L}\p{N}]+")


def _rewrite(text: Text, edits: Iterable[Edit]) -> Text:
    """Apply sorted, non-overlapping edits to ``text.value`` and compose the offset map."""
    value = text.value
    pieces: list[str] = []
    src_start: list[int] = []
    src_end: list[int] = []
    pos = 0
    changed = False
    for start, end, replacement in edits:
        if start < pos:
            continue
        if value[start:end] == replacement:
            continue
        changed = True
        if start > pos:
            pieces.append(value[pos:start])
            src_start.extend(range(pos, start))
            src_end.extend(range(pos + 1, start + 1))
        if replacement:
            pieces.append(replacement)
            src_start.extend([start] * len(replacement))
            src_end.extend([end] * len(replacement))
        pos = end
    if not changed:
        return text
    if pos < len(value):
        pieces.append(value[pos:])
        src_start.extend(range(pos, len(value)))
        src_end.extend(range(pos + 1, len(value) + 1))
    new_value = "".join(pieces)
    if text._starts is None:
        starts, ends = src_start, src_end
    else:
        # Compose: a new character spans from the origin of its first source char to the origin end of
        # its last. A deletion's source (start == end) borrows the following character's start.
        old_starts, old_ends, n = text._starts, text._ends, len(value)
        starts = [old_starts[s] if s < n else len(text.original) for s in src_start]
        ends = [old_ends[e - 1] if e > 0 else 0 for e in src_end]
    return Text(text.original, new_value, starts, ends)


def _derive(text: Text, matches, replace: Callable) -> Text:
    """A new view of ``text`` with every regex match replaced by ``replace(match)``."""
    derived = _rewrite(text, ((m.start(), m.end(), replace(m)) for m in matches))
    if derived is text:
        # Nothing to drop: the view is the text itself (but a distinct object so caches don't clash).
        return Text(text.original, text.value, text._starts, text._ends)
    return derived


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


def _drop_invisible(text: Text) -> Text:
    if _INVISIBLE.search(text.value) is None:
        return text
    return _rewrite(text, ((m.start(), m.end(), "") for m in _INVISIBLE.finditer(text.value)))


def _nfkc(text: Text) -> Text:
    value = text.value
    if unicodedata.is_normalized("NFKC", value):
        return text
    edits = []
    for m in _CLUSTER.finditer(value):
        cluster = m.group()
        folded = unicodedata.normalize("NFKC", cluster)
        if folded != cluster:
            edits.append((m.start(), m.end(), folded))
    return _rewrite(text, edits)


def _drop_pinyin(text: Text) -> Text:
    value = text.value
    if "(" not in value:
        return text
    return _rewrite(text, ((m.start(), m.end(), "") for m in _PINYIN.finditer(value)))


def _lower(text: Text) -> Text:
    value = text.value
    lowered = value.lower()
    if lowered == value:
        return text
    if len(lowered) == len(value):
        # Same length: same map.
        return Text(text.original, lowered, text._starts, text._ends)
    return _rewrite(text, ((i, i + 1, c.lower()) for i, c in enumerate(value) if c.lower() != c))


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


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def _to_simplified(text: Text) -> Text:
    value = text.value
    if _traditional_chars().isdisjoint(value):
        return text
    converted = _converter().convert(value)
    if len(converted) == len(value):
        return Text(text.original, converted, text._starts, text._ends)
    # A phrase changed length: fall back to converting character by character so the map stays exact.
    convert = _converter().convert
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
