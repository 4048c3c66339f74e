"""Find many plain words at once: Aho-Corasick (pyahocorasick), leftmost-longest, Latin words whole.

Thousands of words are found in one C-level pass over a text (a few microseconds per title, whatever the number
of words; a regular-expression alternation of 5,000 words costs 200 µs per title, since it tries every first
character in turn). Matching runs on a normalized :class:`~listing_lint.normalize.Text` value;
:meth:`TermMatcher.finditer` also gives the original span.
"""

from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple, Sequence

import ahocorasick

from ..normalize import Text, normalize


class Found(NamedTuple):
    index: int  # which word (index into TermMatcher.words)
    start: int  # offsets in the normalized value
    end: int


# Found(...) runs the NamedTuple's Python-level __new__; tuple.__new__(Found, ...) builds the same tuple in C in less
# than half the time (find builds one per match).
_new_tuple = tuple.__new__


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _automaton(items) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for key, value in items:
        automaton.add_word(key, value)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _bytes_of(value: str) -> str:
    """``value`` in UTF-8, one character per byte: what the byte automaton reads."""
    return value.encode("utf-8", "surrogatepass").decode("latin-1")


def _failover_risks(words: set[str]) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """The trie nodes where reading bytes instead of characters could change what pyahocorasick's ``iter_long``
    finds.

    In a node that is no word but leads to one (秋梨, on the way to 秋梨膏) and whose failure link is a word (梨),
    ``iter_long`` reports that shorter word when the text does not go on to the longer one (秋梨膜 → 梨); pyahocorasick
    versions decide this by looking the next character up among the node's children. Read as bytes, the lookup
    would be of the next character's first byte, which 膜 shares with 膏 (most Chinese characters share their
    first byte). Everywhere else the byte automaton passes through the same nodes, at character boundaries, as the
    character automaton. Returned: such node → (its children, their first bytes), only for nodes with a
    non-ASCII child (an ASCII first byte is the whole character).
    """
    # Only nodes whose failure link is a word matter (a few dozen of thousands): find those first, then the children
    # of just those (every prefix's children would cost as much again).
    prefixes = {word[:n] for word in words for n in range(1, len(word))}
    nodes = prefixes - words
    prefixes |= words
    failing_to_words = []
    for node in nodes:
        for n in range(1, len(node)):
            failure = node[n:]  # the longest proper suffix that is a trie node
            if failure in prefixes:
                if failure in words:
                    failing_to_words.append(node)
                break
    children: dict[str, set[str]] = {node: set() for node in failing_to_words}
    for prefix in prefixes:
        siblings = children.get(prefix[:-1])
        if siblings is not None:
            siblings.add(prefix[-1])
    return {node: (frozenset(kids), frozenset(_bytes_of(kid)[0] for kid in kids))
            for node, kids in children.items() if not all(kid.isascii() for kid in kids)}


# pyahocorasick finds the child of a trie node by scanning the node's children one by one, so a lexicon whose words
# start with hundreds of different characters (product nouns, brands) makes every character of a text cost hundreds
# of comparisons at the root. Read as UTF-8 bytes, no node has more than a few dozen children. Below this many
# distinct first characters, the byte automaton saves less than encoding the text costs.
_BYTES_FROM = 128


class WordLists:
    """Where the words of several lists (words as given, not normalized) occur in a text: overlapping occurrences,
    Latin words not checked for being whole, so at least as many as any exact matcher of a list's words finds. A
    cheap precondition for a slower, exact search: where too few words of a list occur (none, or fewer than a pile
    of them needs), that search cannot find enough.

    One pass of one automaton over the text's UTF-8 bytes: a word's bytes occur in a text's bytes exactly where the
    word occurs (UTF-8 never matches across characters), and the root has a few dozen children instead of one per
    first character of thousands of words.
    """

    def __init__(self, lists: Sequence[Iterable[str]]):
        masks: dict[str, int] = {}  # a word's bytes → bit i set for each list i the word is in
        for bit, words in enumerate(lists):
            for word in words:
                if word:
                    key = _bytes_of(word)
                    masks[key] = masks.get(key, 0) | 1 << bit
        self._automaton = _automaton(masks.items())
        self._size = len(lists)
        # count's view of a mask: the lists it names (few distinct masks: most words are in one list).
        self._lists_of = {mask: tuple(i for i in range(self._size) if mask >> i & 1) for mask in set(masks.values())}

    def present(self, value: str) -> int:
        """Bit ``i`` is set when a word of list ``i`` occurs in ``value``."""
        if self._automaton is None or not value:
            return 0
        present = 0
        # An ASCII text is its own UTF-8 bytes: no conversion (in count too; written out in both, as a call to a
        # shared helper would cost as much as the conversion saves).
        for _, mask in self._automaton.iter(value if value.isascii() else _bytes_of(value)):
            present |= mask
        return present

    def count(self, value: str) -> list[int]:
        """The occurrences in ``value`` of the words of each list, in the order of the lists (a word of two lists
        counts in both)."""
        counts = [0] * self._size
        if self._automaton is None or not value:
            return counts
        lists_of = self._lists_of
        for _, mask in self._automaton.iter(value if value.isascii() else _bytes_of(value)):
            for index in lists_of[mask]:
                counts[index] += 1
        return counts


class TermMatcher:
    """Leftmost-longest, non-overlapping occurrences of ``words`` (normalized as text is) in a text."""

    def __init__(self, words: Sequence[str]):
        self.words = [normalize(w).value for w in words]
        self._index: dict[str, int] = {}
        for i, word in enumerate(self.words):
            if word:
                self._index.setdefault(word, i)
        # Words that start or end with a Latin letter need their neighbours checked (mi in mini).
        self._latin_edges = frozenset(i for word, i in self._index.items()
                                      if _is_latin(word[0]) or _is_latin(word[-1]))
        self._automaton = _automaton((word, (i, len(word))) for word, i in self._index.items())
        self._lengths = sorted({len(w) for w in self._index}, reverse=True)
        self.first_chars = frozenset(w[0] for w in self._index)
        self._lasts = frozenset(w[-1] for w in self._index)
        # Large lexicons are also searched as bytes (UTF-8 keeps a word's bytes from matching across characters: a
        # character's first byte is never one of the bytes that follow); texts where that could change what
        # iter_long finds (see _failover_risks) are searched as characters.
        self._bytes = self._risks = self._risky_nodes = None
        if len(self.first_chars) >= _BYTES_FROM:
            self._bytes = _automaton((_bytes_of(word), (i, len(word))) for word, i in self._index.items())
            self._risks = _failover_risks(set(self._index))
            self._risky_nodes = _automaton((_bytes_of(node), node) for node in self._risks)

    def _risky(self, data: bytes, letters: str) -> bool:
        """Whether a node of _failover_risks is followed in the text (``data``, ``letters``: its bytes) by a
        character that is no child of the node but starts with the same byte as one."""
        if self._risky_nodes is None:
            return False
        for last, node in self._risky_nodes.iter(letters):
            if last + 1 < len(letters):
                children, first_bytes = self._risks[node]
                if letters[last + 1] in first_bytes:
                    lead = data[last + 1]
                    size = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
                    if data[last + 1:last + 1 + size].decode("utf-8", "surrogatepass") not in children:
                        return True
        return False

    def find(self, value: str) -> list[Found]:
        """Occurrences in a normalized string; a Latin word must not be part of a longer Latin word."""
        if self._automaton is None or not value:
            return []
        data = None  # the text's UTF-8 bytes when they are searched and offsets are in bytes
        if self._bytes is None:
            matches = self._automaton.iter_long(value)
        elif value.isascii():
            matches = self._bytes.iter_long(value)
        else:
            data = value.encode("utf-8", "surrogatepass")
            letters = data.decode("latin-1")
            if self._risky(data, letters):
                matches, data = self._automaton.iter_long(value), None
            else:
                matches = self._bytes.iter_long(letters)
        out = []
        latin_edges = self._latin_edges
        byte_offset = char_offset = 0  # matches come in order: each byte offset is converted from the last one
        for last, (index, length) in matches:
            if data is not None:
                char_offset += len(data[byte_offset:last + 1].decode("utf-8", "surrogatepass"))
                byte_offset = last + 1
                last = char_offset - 1
            end = last + 1
            start = end - length
            if index in latin_edges:
                word = self.words[index]
                if _is_latin(word[0]) and start > 0 and _is_latin(value[start - 1]):
                    continue
                if _is_latin(word[-1]) and end < len(value) and _is_latin(value[end]):
                    continue
            out.append(_new_tuple(Found, (index, start, end)))
        return out

    def occurs(self, value: str) -> bool:
        """Whether any word occurs in ``value`` at all (overlapping, Latin words not checked for being whole): a
        cheap test that ``find`` would find nothing when it is False."""
        if self._automaton is None or not value:
            return False
        return next(self._automaton.iter(value), None) is not None

    def finditer(self, text: Text) -> Iterator[tuple[Found, int, int]]:
        """Occurrences in ``text.value`` with their ORIGINAL span: ``(found, start, end)``."""
        for found in self.find(text.value):
            start, end = text.span(found.start, found.end)
            yield found, start, end

    def search(self, value: str) -> Found | None:
        found = self.find(value)
        return found[0] if found else None

    def ends_with(self, value: str) -> bool:
        """Whether ``value`` ends with one of the words (送 before 手机壳, 适用于 before iPhone)."""
        if value[-1:] not in self._lasts:
            return False
        size = len(value)
        for n in self._lengths:
            if n <= size and value[-n:] in self._index:
                return True
        return False

    def starts_with(self, value: str) -> str | None:
        """The longest word ``value`` starts with (咖啡+机, 沙发+垫), or None."""
        if value[:1] not in self.first_chars:
            return None
        for n in self._lengths:
            if value[:n] in self._index and len(value) >= n:
                return value[:n]
        return None

    def __contains__(self, value: str) -> bool:
        return value in self._index
