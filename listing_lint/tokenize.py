"""jieba tokens, loaded lazily: a run whose rules need no tokens never imports jieba.

The tokenizer is a private ``jieba.Tokenizer`` (the global one is left alone for the host program) that
knows the domain terms of ``dictionaries/domain_terms`` (百亿补贴, 轮滑鞋, 一级能效 …) as single words.
Tokens carry offsets into the normalized text they came from; :meth:`Text.span` maps them back.
"""

from __future__ import annotations

import logging
import threading
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
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            from .lexicon import Lexicon

            for row in Lexicon().table("domain_terms"):
                word = row["word"]
                freq = int(row["freq"]) if row.get("freq") else None
                tokenizer.add_word(word, freq, row.get("tag") or None)
            _tokenizer = tokenizer
    return _tokenizer


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
