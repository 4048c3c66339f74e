"""jieba tokens, loaded lazily: a run whose rules need no tokens never imports jieba.

The tokenizer is a private ``jieba.Tokenizer`` (the global one is left alone for the host program) that
knows the domain terms of ``dictionaries/domain_terms`` (百亿补贴, 轮滑鞋, 一级能效 …) as single words.
Tokens carry offsets into the normalized text they came from; :meth:`Text.span` maps them back.

jieba's prefix dictionary has ≈500,000 entries: building it as Python objects takes 0.15–0.5 s, however it is
stored, and a catalog run tokenizes only the titles whose keywords may be stacked (about 1%). jieba only ever
looks up substrings of the text it cuts, so an entry is needed only once some text holds its first character.
The tokenizer therefore keeps the dictionary (with the domain terms added) in the user's cache folder (see
:func:`cache_folder`) grouped by first character, and reads a group when a text first holds that character. It
falls back to jieba's own loading of the whole dictionary when it cannot.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterable, NamedTuple


class Token(NamedTuple):
    word: str
    start: int
    end: int


_lock = threading.Lock()
_tokenizer: "_Tokenizer | None" = None


class _Tokenizer:
    """A jieba.Tokenizer whose prefix dictionary (``FREQ``) is filled one first character at a time from
    ``unread`` (first character → its marshalled entries); None when the dictionary is whole."""

    def __init__(self, jieba_tokenizer, unread: dict[str, bytes] | None):
        self.jieba = jieba_tokenizer
        self.unread = unread

    def read_entries(self, text: str) -> None:
        """Make sure the dictionary holds every entry that starts with a character of ``text``."""
        unread = self.unread
        if not unread:
            return
        wanted = [char for char in set(text) if char in unread]
        if wanted:
            with _lock:
                for char in wanted:
                    group = unread.get(char)
                    if group is not None:
                        self.jieba.FREQ.update(marshal.loads(group))
                        # Only now: another thread that finds the character gone tokenizes without the lock.
                        del unread[char]


def _load() -> _Tokenizer:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba = _import_jieba()
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            words = _domain_words()
            unread = _read_grouped_dictionary(tokenizer, words)
            if unread is None:  # no cache (or a custom jieba dictionary): jieba's own way, then the domain terms
                tokenizer.initialize()
                for word, freq, tag in words:
                    tokenizer.add_word(word, freq, tag)
                _write_grouped_dictionary(tokenizer, words)
            else:
                for word, freq, _ in words:
                    if freq == 0:  # jieba's add_word keeps such a word split, outside the dictionary
                        jieba.finalseg.add_force_split(word)
            _tokenizer = _Tokenizer(tokenizer, unread)
    return _tokenizer


def _domain_words() -> list[tuple[str, int | None, str | None]]:
    from .lexicon import Lexicon

    return [(row["word"], int(row["freq"]) if row.get("freq") else None, row.get("tag") or None)
            for row in Lexicon().table("domain_terms")]


def _import_jieba():
    """``import jieba``, without the ≈70 ms (and the deprecation) of ``pkg_resources``: jieba imports it only to
    open its own data files, and opens them by path when that import fails. A host program that has imported
    ``pkg_resources`` already keeps it."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


def cache_folder() -> Path:
    """Where listing-lint keeps what it derives once from installed data: ``$LISTING_LINT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/listing-lint``, else ``~/.cache/listing-lint``."""
    if os.environ.get("LISTING_LINT_CACHE_DIR"):
        return Path(os.environ["LISTING_LINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "listing-lint"


def _dictionary_cache(jieba, words: Iterable[tuple[str, int | None, str | None]]) -> Path:
    """The cache file of jieba's default dictionary with ``words`` added, named after jieba's version, the
    dictionary file's size and time and the words, so that an upgrade of jieba or of the domain terms never reads
    a stale copy."""
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    stat = source.stat()
    key = (f"{jieba.__version__}|{source}|{stat.st_size}|{stat.st_mtime_ns}|{sys.implementation.cache_tag}|"
           f"{marshal.version}|{list(words)!r}")
    return cache_folder() / f"jieba-{hashlib.sha1(key.encode()).hexdigest()[:16]}.groups"


def _read_grouped_dictionary(tokenizer, words) -> dict[str, bytes] | None:
    """Prepare ``tokenizer`` (on jieba's default dictionary) to read its entries from the cache, group by group:
    the groups, or None when there is no usable cache (a damaged or foreign file counts as none)."""
    import jieba

    if tokenizer.dictionary != jieba.DEFAULT_DICT:
        return None
    try:
        with open(_dictionary_cache(jieba, words), "rb") as handle:
            total, groups = pickle.load(handle)
    except Exception:  # missing, unreadable, damaged or foreign: rebuilt by the caller
        return None
    if not (isinstance(total, int) and isinstance(groups, dict)):
        return None
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = {}, total, True
    return groups


def _write_grouped_dictionary(tokenizer, words) -> None:
    """Write the cache of ``tokenizer``'s whole dictionary, grouped by first character. Any failure (no cache
    folder, a read-only home) only means the next run loads the whole dictionary again."""
    import jieba

    if tokenizer.dictionary != jieba.DEFAULT_DICT:
        return
    groups: dict[str, dict[str, int]] = {}
    for word, freq in tokenizer.FREQ.items():
        groups.setdefault(word[0], {})[word] = freq
    try:
        path = _dictionary_cache(jieba, words)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so that a concurrent run never reads half a file.
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((tokenizer.total, {char: marshal.dumps(group) for char, group in groups.items()}), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def tokenize(value: str) -> list[Token]:
    """jieba's precise-mode tokens of ``value`` with their offsets (HMM on, for unseen words)."""
    if not value:
        return []
    tokenizer = _load()
    tokenizer.read_entries(value)
    return [Token(word, start, end) for word, start, end in tokenizer.jieba.tokenize(value)]


def in_dictionary(word: str) -> bool:
    """Whether jieba's dictionary (with the domain terms) knows ``word`` as a word."""
    tokenizer = _load()
    tokenizer.read_entries(word[:1])
    return tokenizer.jieba.FREQ.get(word, 0) > 0


def loaded() -> bool:
    return _tokenizer is not None
