"""Reading catalogs: JSONL, JSON, CSV, XLSX and stdin, streamed, as Records or InputErrors."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator


@dataclass(frozen=True)
class Record:
    """One input record: its data (a dict), where it came from, and the raw line for locating columns."""

    source: str | None
    line: int | None
    data: Any
    from_text: bool = False  # CSV/XLSX: cells are text, structured fields hold JSON text
    raw: str | None = None  # the raw JSONL line (to turn field offsets into file columns)


@dataclass(frozen=True)
class InputError:
    """A record that could not be read or does not fit the contract. ``field`` is None for a broken line."""

    source: str | None
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source or '<stdin>'}:{self.line}" if self.line else (self.source or "<stdin>")
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


def read_catalog(path: str, encoding: str | None = None) -> Iterator[Record | InputError]:
    """Records of one catalog file (``-`` is stdin), streamed; errors come in place of the bad records."""
    source = "<stdin>" if path == "-" else path
    handle = sys.stdin if path == "-" else open(Path(path), encoding=encoding or "utf-8-sig")
    try:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(source, number, None, f"不是合法的 JSON ({exc.msg}, 第 {exc.colno} 列)")
                continue
            if not isinstance(data, dict):
                yield InputError(source, number, None, f"应为 JSON 对象, 实为 {type(data).__name__}")
                continue
            yield Record(source, number, data, raw=line)
    finally:
        if handle is not sys.stdin:
            handle.close()
