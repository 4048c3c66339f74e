"""Edits that fixes make to the original text."""

from __future__ import annotations

_PAIRS = {"【": "】", "[": "]", "(": ")", "（": "）", "「": "」", "『": "』", "《": "》", "<": ">", "〖": "〗", "{": "}"}
_SEPARATORS = " \u3000,，、/|;；"


def deletion_span(original: str, start: int, end: int) -> tuple[int, int]:
    """The span to delete so that removing ``original[start:end]`` leaves clean text: the brackets that
    enclose nothing else go too (``【百亿补贴】`` → ``""``), and one separator next to it."""
    if start > 0 and end < len(original) and _PAIRS.get(original[start - 1]) == original[end]:
        start, end = start - 1, end + 1
    if end < len(original) and original[end] in _SEPARATORS:
        end += 1
    elif start > 0 and original[start - 1] in _SEPARATORS:
        start -= 1
    return start, end


def apply_deletion(original: str, start: int, end: int) -> str:
    a, b = deletion_span(original, start, end)
    return original[:a] + original[b:]
