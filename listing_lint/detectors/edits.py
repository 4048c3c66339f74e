"""Edits that fixes make to the original text."""

from __future__ import annotations

from ..finding import Fix
from . import SENTENCE_ENDS

_PAIRS = {"【": "】", "[": "]", "(": ")", "（": "）", "「": "」", "『": "』", "《": "》", "<": ">", "〖": "〗", "{": "}",
          '"': '"', "“": "”", "‘": "’", "'": "'"}
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
    elif (0 < start and end < len(original) and original[start - 1] in SENTENCE_ENDS
          and original[end] in SENTENCE_ENDS):  # (a comma or 、 after it is a separator, taken above)
        end += 1  # a whole sentence goes: "纯棉。加V123。好评" → "纯棉。好评", not "纯棉。。好评"
    return start, end


def apply_deletion(original: str, start: int, end: int) -> str:
    a, b = deletion_span(original, start, end)
    return original[:a] + original[b:]


# A suggestion rewrites the whole field when the field is short (a title, a SKU name); in a long detail it
# shows the rewrite in its context only, so that findings stay small however long the text is.
WHOLE_FIELD_LIMIT = 200
CONTEXT = 20


def suggest_edit(original: str, start: int, end: int, replacement: str) -> str:
    """The field with ``original[start:end]`` replaced, or, for a long field, that edit in its context."""
    if len(original) <= WHOLE_FIELD_LIMIT:
        return original[:start] + replacement + original[end:]
    left = max(0, start - CONTEXT)
    right = min(len(original), end + CONTEXT)
    return ("…" if left else "") + original[left:start] + replacement + original[end:right] + ("…" if right < len(original) else "")


def suggest_deletion(original: str, start: int, end: int, advice: str | None = None) -> str:
    """The field without ``original[start:end]`` (and the brackets or separator that go with it). ``advice``
    replaces the rewrite where it would show little: a long field, or a field the deletion leaves empty."""
    a, b = deletion_span(original, start, end)
    if advice is not None and (len(original) > WHOLE_FIELD_LIMIT or not (original[:a] + original[b:]).strip()):
        return advice
    return suggest_edit(original, a, b, "")


def deletion(original: str, start: int, end: int, *, safe: bool, advice: str | None = None) -> tuple[str, Fix]:
    """What a finding that asks to delete ``original[start:end]`` carries: its suggestion (see
    :func:`suggest_deletion`) and the fix, which takes the brackets or separator that go with it too."""
    return suggest_deletion(original, start, end, advice), Fix(*deletion_span(original, start, end), "", safe=safe)


def rewrite(original: str, start: int, end: int, replacement: str, *, safe: bool) -> tuple[str, Fix]:
    """What a finding that asks to replace ``original[start:end]`` with ``replacement`` carries: its suggestion
    and fix; with no replacement, a :func:`deletion`."""
    if not replacement:
        return deletion(original, start, end, safe=safe)
    return suggest_edit(original, start, end, replacement), Fix(start, end, replacement, safe=safe)
