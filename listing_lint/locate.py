"""Where a field's characters are in the raw JSON text of a record: file columns for SARIF and editors,
and the exact slice of the file that the fixer rewrites.

A finding's ``start``/``end`` index the DECODED field value; in the file, the value is a JSON string literal
whose escapes (``\\n``, ``\\"``, ``\\u4e2d``, a surrogate pair for one emoji) take more characters than they
stand for. :func:`locate` walks the object to the field's literal at the right nesting level and maps the
offsets through the escapes.
"""

from __future__ import annotations

import json
import re
from typing import Sequence

_WS = re.compile(r"[ \t\r\n]*")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')  # a string, or a bracket outside strings
_INDEX = re.compile(r"\[(\d+)\]")
# One member's key and colon; what follows a value. Few regex calls per member keep locate() cheap.
_MEMBER = re.compile(r'[ \t\r\n]*("[^"\\]*(?:\\.[^"\\]*)*")[ \t\r\n]*:[ \t\r\n]*')
_AFTER_VALUE = re.compile(r"[ \t\r\n]*([,}\]])")
_EMPTY_OBJECT = re.compile(r"[ \t\r\n]*\}")
_EMPTY_ARRAY = re.compile(r"[ \t\r\n]*\]")
# One escape sequence: a surrogate pair (one code point), another \uXXXX, or a one-character escape.
_ESCAPE = re.compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.S)
_NON_ASCII_ESCAPE = re.compile(r"\\u(?!00[0-7][0-9a-fA-F])[0-9a-fA-F]{4}")
_DECODER = json.JSONDecoder()


def locate(raw: str, field: str, start: int, end: int) -> tuple[int, int] | None:
    """1-based code-point columns in ``raw`` of ``value[start:end]`` of the string field ``field``.

    ``raw`` is one JSON object's text (a JSONL line); ``field`` a path such as ``title``,
    ``attributes.材质`` or ``skus[2].name``. Returns ``(column, end_column)``, ``end_column`` being the
    column just after the last character (SARIF's ``endColumn``); None when the field is not a string
    literal there or the offsets do not fit it.
    """
    literal = find_string_literal(raw, field)
    if literal is None or not 0 <= start <= end:
        return None
    positions = literal_positions(raw, literal, (start, end))
    if positions is None:
        return None
    return positions[0] + 1, positions[1] + 1


def find_string_literal(raw: str, field: str, begin: int = 0) -> tuple[int, int] | None:
    """The span (quotes included) of the string literal of ``field`` in the JSON object at ``raw[begin:]``."""
    try:
        return _find(raw, begin, field)
    except (ValueError, RecursionError, IndexError):
        return None


def literal_positions(raw: str, literal: tuple[int, int], offsets: Sequence[int]) -> list[int] | None:
    """Indexes in ``raw`` of the decoded ``offsets`` (ascending) into the string literal spanning ``literal``.

    An offset at an escape maps to the escape's backslash; the offset equal to the decoded length maps to
    the closing quote. None if an offset is beyond the decoded length.
    """
    first = literal[0] + 1
    if "\\" not in raw[first:literal[1] - 1]:  # no escapes: characters are code points
        length = literal[1] - 1 - first
        return [first + offset for offset in offsets] if all(o <= length for o in offsets) else None
    # A literal as json.dumps (or JSON.stringify) writes it, in either style: the prefix before an offset
    # is measured by encoding it again, in C — a 1 MB detail of \uXXXX escapes stays cheap.
    text = raw[literal[0]:literal[1]]
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if any(offset > len(value) for offset in offsets):
        return None
    for ascii_only in (False, True):
        if json.dumps(value, ensure_ascii=ascii_only) == text:
            return [first + len(json.dumps(value[:offset], ensure_ascii=ascii_only)) - 2 for offset in offsets]
    return _walk_positions(raw, literal, offsets)


def _walk_positions(raw: str, literal: tuple[int, int], offsets: Sequence[int]) -> list[int] | None:
    """literal_positions for any escaping (``\\/``, upper-case hex, mixed styles): escape by escape."""
    targets = list(offsets)
    out: list[int] = []
    decoded = 0
    at = literal[0] + 1
    content_end = literal[1] - 1
    pending = 0
    for escape in _ESCAPE.finditer(raw, at, content_end):
        run = escape.start() - at
        while pending < len(targets) and targets[pending] <= decoded + run:
            out.append(at + targets[pending] - decoded)
            pending += 1
        if pending == len(targets):
            return out
        decoded += run + 1
        at = escape.end()
    run = content_end - at
    while pending < len(targets) and targets[pending] <= decoded + run:
        out.append(at + targets[pending] - decoded)
        pending += 1
    return out if pending == len(targets) else None


def uses_unicode_escapes(literal_text: str) -> bool:
    """True when a string literal writes non-ASCII characters as ``\\uXXXX`` (``ensure_ascii`` style)."""
    return _NON_ASCII_ESCAPE.search(literal_text) is not None


def encode_like(value: str, literal_text: str) -> str:
    """``value`` as the inside of a JSON string literal, in the style (ASCII-only or not) of ``literal_text``."""
    return json.dumps(value, ensure_ascii=uses_unicode_escapes(literal_text))[1:-1]


# -- walking an object to a path ------------------------------------------------------------------

def _string_end(raw: str, pos: int) -> int:
    """The end of the string literal opening at ``pos``: the first quote not escaped by a backslash
    (``str.find`` runs through a long detail far faster than a regex)."""
    at = pos + 1
    while True:
        quote = raw.find('"', at)
        if quote < 0:
            raise ValueError("unterminated string")
        backslash = quote
        while raw[backslash - 1] == "\\":
            backslash -= 1
        if (quote - backslash) % 2 == 0:
            return quote + 1
        at = quote + 1


def _skip_value(raw: str, pos: int) -> int:
    """The end of the value at ``pos``: decoded in C, or, nested too deep for that, by counting brackets
    outside strings."""
    if raw.startswith('"', pos):
        return _string_end(raw, pos)
    try:
        return _DECODER.raw_decode(raw, pos)[1]
    except RecursionError:
        pass
    depth = 0
    for token in _TOKEN.finditer(raw, pos):
        char = token.group()[0]
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return token.end()
    raise ValueError("unterminated value")


def _key(literal: str) -> str:
    return literal[1:-1] if "\\" not in literal else json.loads(literal)


def _find(raw: str, pos: int, path: str) -> tuple[int, int] | None:
    """The literal at ``path`` (what is left of the field path) in the value at ``raw[pos:]``."""
    pos = _WS.match(raw, pos).end()
    if not path:
        return (pos, _string_end(raw, pos)) if raw.startswith('"', pos) else None
    if path.startswith("["):
        index = _INDEX.match(path)
        if index is None or not raw.startswith("[", pos):
            return None
        rest = path[index.end():]
        return _find_in_array(raw, pos + 1, int(index.group(1)), rest[1:] if rest.startswith(".") else rest)
    if not raw.startswith("{", pos):
        return None
    return _find_in_object(raw, pos + 1, path)


def _find_in_array(raw: str, pos: int, wanted: int, rest: str) -> tuple[int, int] | None:
    if _EMPTY_ARRAY.match(raw, pos):
        return None
    index = 0
    while True:
        if index == wanted:
            return _find(raw, pos, rest)
        after = _AFTER_VALUE.match(raw, _skip_value(raw, _WS.match(raw, pos).end()))
        if after is None or after.group(1) != ",":
            return None
        pos = after.end()
        index += 1


def _find_in_object(raw: str, pos: int, path: str) -> tuple[int, int] | None:
    """Members are read to the end: of a repeated key the last one counts, as in ``json.loads``. A key
    equal to the whole path wins over a key that is its first step (``attributes`` of ``attributes.材质``)."""
    exact = step = None
    while True:
        member = _MEMBER.match(raw, pos)
        if member is None:  # an empty object, or not JSON
            if _EMPTY_OBJECT.match(raw, pos):
                break
            return None
        key = _key(member.group(1))
        pos = member.end()
        if key == path:
            exact = pos
        elif path.startswith(key) and path[len(key):len(key) + 1] in (".", "["):
            step = (pos, key)
        after = _AFTER_VALUE.match(raw, _skip_value(raw, pos))
        if after is None or after.group(1) == "]":
            return None
        if after.group(1) == "}":
            break
        pos = after.end()
    if exact is not None:
        return _find(raw, exact, "")
    if step is not None:
        value_pos, key = step
        rest = path[len(key):]
        return _find(raw, value_pos, rest[1:] if rest.startswith(".") else rest)
    return None
