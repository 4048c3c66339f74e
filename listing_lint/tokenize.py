"""jieba tokens, loaded lazily: a run whose rules need no tokens never imports jieba.

The tokenizer is a private ``jieba.Tokenizer`` (the global one is left alone for the host program) that
knows the domain terms of ``dictionaries/domain_terms`` (百亿补贴, 轮滑鞋, 一级能效 …) as single words.
Tokens carry offsets into the normalized text they came from; :meth:`Text.span` maps them back.

jieba keeps its prefix dictionary (≈500,000 entries) in a ``marshal`` cache that takes about 0.5 s to load;
the same dictionary as a ``pickle`` loads three times faster, so the tokenizer keeps its own copy in the user's
cache folder (see :func:`cache_folder`) and falls back to jieba's own loading when it cannot.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple


class Token(NamedTuple):
    word: str
    start: int
    end: int


_lock = threading.Lock()
_tokenizer = None


def _load():
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba = _import_jieba()
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            _load_prefix_dictionary(tokenizer)
            from .lexicon import Lexicon

            for row in Lexicon().table("domain_terms"):
                word = row["word"]
                freq = int(row["freq"]) if row.get("freq") else None
                tokenizer.add_word(word, freq, row.get("tag") or None)
            _tokenizer = tokenizer
    return _tokenizer


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


def _dictionary_cache(jieba) -> Path:
    """The cache file of jieba's default dictionary, named after jieba's version and the dictionary file's
    size and time, so that an upgrade of jieba never reads a stale copy."""
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    stat = source.stat()
    key = f"{jieba.__version__}|{source}|{stat.st_size}|{stat.st_mtime_ns}|{pickle.HIGHEST_PROTOCOL}"
    return cache_folder() / f"jieba-{hashlib.sha1(key.encode()).hexdigest()[:16]}.pickle"


def _load_prefix_dictionary(tokenizer) -> None:
    """Initialize ``tokenizer`` (on jieba's default dictionary) from the pickle cache, writing it on first use.
    Any failure (no cache folder, a read-only home, a damaged file) leaves jieba to load the way it always does."""
    import jieba

    if tokenizer.dictionary != jieba.DEFAULT_DICT:
        return
    try:
        path = _dictionary_cache(jieba)
    except OSError:
        return
    try:
        with open(path, "rb") as handle:
            freq, total = pickle.load(handle)
        if isinstance(freq, dict) and isinstance(total, int):
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
            return
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or foreign file: rebuild it below
        pass
    tokenizer.initialize()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so that a concurrent run never reads half a file.
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((tokenizer.FREQ, tokenizer.total), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def tokenize(value: str) -> list[Token]:
    """jieba's precise-mode tokens of ``value`` with their offsets (HMM on, for unseen words)."""
    if not value:
        return []
    return [Token(word, start, end) for word, start, end in _load().tokenize(value)]


def in_dictionary(word: str) -> bool:
    """Whether jieba's dictionary (with the domain terms) knows ``word`` as a word."""
    return _load().FREQ.get(word, 0) > 0


def loaded() -> bool:
    return _tokenizer is not None
