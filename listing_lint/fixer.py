"""Applying findings' Fixes to a catalog file, changing nothing else.

Every byte that is not part of a fixed field value stays identical: in JSONL/JSON only the characters of the
field's string literal that a fix covers are rewritten (the rest of the literal keeps its escapes; new text
is escaped in the literal's style, ``\\uXXXX`` if it used them); in CSV/TSV only the fixed cell is rewritten
(same encoding, delimiter, quoting and line endings); an XLSX cell is set with openpyxl, which keeps values
and styles but rewrites the whole zip (a workbook with drawings — images, charts, shapes, which openpyxl
may drop — is not fixed).

The file is read the way the linter read it (``reader.py``), each record is checked against the findings
(same listing id, same field value, same text at the finding's offsets) and a fix whose record changed since
is skipped. Fixes of one field apply right to left; one overlapping another is a conflict and is skipped.
Writing is atomic (a temporary file in the same directory, then ``os.replace``; permissions kept), so a
second run with the new findings changes nothing.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .finding import Finding, Fix
from .listing import JSON_TEXT_FIELDS, Listing, ListingError
from .locate import encode_like, find_string_literal, literal_positions
from .reader import (
    SAMPLE_SIZE, STDIN_SOURCE, CatalogError, JsonScanner, catalog_format, csv_delimiter, csv_rows,
    detect_encoding, header_names, load_openpyxl, named_columns, os_reason, xlsx_record,
)


@dataclass(frozen=True)
class FixReport:
    """What applying fixes to one file did (or, with ``write=False``, would do)."""

    path: str
    applied: int  # edits made
    skipped_unsafe: int  # fixes that change meaning, left out without ``unsafe``
    conflicts: int  # fixes overlapping another fix of the same field
    diff: str  # unified diff of the file's text, original vs fixed ("" when nothing changes)
    stale: int = 0  # fixes whose record or text is no longer what the findings saw


class FixError(Exception):
    """A file that cannot be fixed at all (stdin, unreadable, undecodable); the message is for the user."""


# A finding is wanted by (line, listing id, field).
Wanted = dict[int, dict[str, dict[str, list[Finding]]]]
Edit = tuple[int, int, str]  # replace text[start:end] with the string


@dataclass
class _Tally:
    applied: int = 0
    conflicts: int = 0
    stale: int = 0


def apply_fixes(path: str, findings: Iterable[Finding], *, unsafe: bool = False, write: bool = True,
                encoding: str | None = None) -> FixReport:
    """Apply the fixes of ``findings`` that point into ``path`` (safe ones; unsafe too with ``unsafe``).

    ``write=False`` leaves the file alone and only reports (the diff is what would change). Raises
    :class:`FixError` when the file as a whole cannot be fixed.
    """
    if path in ("-", STDIN_SOURCE):
        raise FixError("标准输入 (-) 无法就地修复: 请将目录保存为文件后再修复")
    wanted: Wanted = {}
    skipped_unsafe = 0
    for finding in findings:
        if finding.fix is None or finding.line is None or not _same_file(finding.source, path):
            continue
        if not finding.fix.safe and not unsafe:
            skipped_unsafe += 1
            continue
        by_id = wanted.setdefault(finding.line, {}).setdefault(finding.listing_id, {})
        by_id.setdefault(finding.field, []).append(finding)
    if not wanted:
        return FixReport(path, 0, skipped_unsafe, 0, "")

    try:
        before = os.stat(path)
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise FixError(f"无法读取 {path}: {os_reason(exc)}") from None
    head = data[:SAMPLE_SIZE]
    try:
        codec, bom = detect_encoding(head, complete=len(head) < SAMPLE_SIZE, encoding=encoding)
        b"\n".decode(codec, "ignore")
    except LookupError:
        raise FixError(f"未知的文本编码 {encoding!r}") from None
    fmt = catalog_format(path, head, codec, bom)
    tally = _Tally()

    if fmt == "xlsx":
        diff = _fix_xlsx(path, wanted, tally, write, before)
    elif fmt in ("jsonl", "json", "csv", "tsv"):
        text = _decode_exactly(path, data, codec, bom)
        if fmt == "jsonl":
            edits = _plan_jsonl(text, wanted, tally)
        elif fmt == "json":
            edits = _plan_json(text, wanted, tally)
        else:
            edits = _plan_csv(text, fmt, wanted, tally)
        fixed = splice(text, edits)
        diff = _text_diff(path, text, edits) if fixed != text else ""
        if write and fixed != text:
            _write_atomic(path, before, lambda out: out.write(bom + fixed.encode(codec, errors="surrogateescape")))
    else:
        raise FixError(f"{path}: 无法识别的商品目录格式, 未修复")
    # Findings whose record was not found at their line (the file changed) are stale too.
    tally.stale += sum(len(fs) for by_id in wanted.values() for fields in by_id.values() for fs in fields.values())
    return FixReport(path, tally.applied, skipped_unsafe, tally.conflicts, diff, tally.stale)


def _same_file(source: str | None, path: str) -> bool:
    if source is None:
        return False
    return source == path or os.path.abspath(source) == os.path.abspath(path)


def _decode_exactly(path: str, data: bytes, codec: str, bom: bytes) -> str:
    """The file's text; only if encoding it again gives the very same bytes (so untouched bytes stay).

    Bytes that do not decode (a line the reader reported) are carried through as lone surrogates
    (``surrogateescape``) and written back as they were.
    """
    body = data[len(bom):]
    try:
        text = body.decode(codec, errors="surrogateescape")
        if text.encode(codec, errors="surrogateescape") == body:
            return text
    except UnicodeError:
        pass
    raise FixError(f"{path}: 按 {codec} 解码后无法逐字节还原, 为保证其余内容不变, 未修复 (可用 --encoding 指定文件编码)")


# -- choosing the fixes of one field ---------------------------------------------------------------

def _take(wanted: Wanted, line: int, listing_id: str) -> dict[str, list[Finding]] | None:
    by_id = wanted.get(line)
    if not by_id:
        return None
    fields = by_id.pop(listing_id, None)
    if not by_id:
        del wanted[line]
    return fields


def _record_fixes(wanted: Wanted, line: int, data: Any, from_text: bool,
                  tally: _Tally) -> dict[str, tuple[str, list[Fix]]]:
    """field → (its current value, the fixes to apply right to left) for the record read at ``line``."""
    if line not in wanted or not isinstance(data, dict):
        return {}
    try:
        listing = Listing(data, from_text=from_text)
    except ListingError:
        return {}  # not linted as it is now; its findings stay wanted and end up stale
    fields = _take(wanted, line, listing.id)
    if not fields:
        return {}
    out = {}
    for field, findings in fields.items():
        try:
            value = listing.field_value(field)
        except (KeyError, ValueError, IndexError):
            value = None
        if not isinstance(value, str):
            tally.stale += len(findings)
            continue
        fixes = _choose(value, findings, tally)
        if fixes:
            out[field] = (value, fixes)
    return out


def _choose(value: str, findings: Sequence[Finding], tally: _Tally) -> list[Fix]:
    """The fixes to apply to ``value``, right to left: the stale ones dropped, duplicates merged, and of
    overlapping ones the rightmost kept."""
    fixes = []
    for finding in findings:
        fix = finding.fix
        assert fix is not None
        current = (finding.start is None or finding.end is None
                   or value[finding.start:finding.end] == finding.text)
        if current and 0 <= fix.start <= fix.end <= len(value):
            fixes.append(fix)
        else:
            tally.stale += 1
    kept: list[Fix] = []
    for fix in sorted(set((f.start, f.end, f.replacement) for f in fixes), reverse=True):
        start, end, replacement = fix
        if kept:
            last = kept[-1]
            both_inserts_here = start == end == last.start == last.end
            if end > last.start or both_inserts_here:
                tally.conflicts += 1
                continue
        kept.append(Fix(start, end, replacement))
    return kept


def splice(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping edits applied (in one pass, whatever their number)."""
    pieces = []
    at = 0
    for start, end, replacement in sorted(edits):
        pieces.append(text[at:start])
        pieces.append(replacement)
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _fixed_value(value: str, fixes: list[Fix]) -> str:
    return splice(value, [(f.start, f.end, f.replacement) for f in fixes])


# -- JSON text --------------------------------------------------------------------------------------

def _json_edits(text: str, begin: int, fields: dict[str, tuple[str, list[Fix]]], tally: _Tally) -> list[Edit]:
    """Edits of the string literals of ``fields`` in the JSON object at ``text[begin:]``."""
    edits: list[Edit] = []
    for field, (value, fixes) in fields.items():
        literal = find_string_literal(text, field, begin)
        literal_text = text[literal[0]:literal[1]] if literal else ""
        if literal is None or json.loads(literal_text) != value:
            tally.stale += len(fixes)
            continue
        offsets = sorted({offset for fix in fixes for offset in (fix.start, fix.end)})
        positions = dict(zip(offsets, literal_positions(text, literal, offsets) or ()))
        for fix in fixes:
            edits.append((positions[fix.start], positions[fix.end], encode_like(fix.replacement, literal_text)))
        tally.applied += len(fixes)
    return edits


def _plan_jsonl(text: str, wanted: Wanted, tally: _Tally) -> list[Edit]:
    edits: list[Edit] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        if number in wanted:
            try:
                data = json.loads(line)
            except (ValueError, RecursionError):
                data = None
            fields = _record_fixes(wanted, number, data, False, tally)
            edits += _json_edits(text, offset, fields, tally)
        offset += len(line) + 1
    return edits


def _plan_json(text: str, wanted: Wanted, tally: _Tally) -> list[Edit]:
    edits: list[Edit] = []
    for item in JsonScanner([text]).items():
        if item.line in wanted and item.error is None:
            fields = _record_fixes(wanted, item.line, item.value, False, tally)
            edits += _json_edits(text, item.start, fields, tally)
    return edits


# -- CSV / TSV --------------------------------------------------------------------------------------

def _column_of(field: str) -> str:
    """The column holding a field: ``title`` → title, ``skus[2].name`` → skus (a JSON-text column)."""
    return re.match(r"[^.\[]*", field).group()


def _nested(field: str) -> bool:
    column = _column_of(field)
    return column in JSON_TEXT_FIELDS and field != column


def _cell_value_fixed(value: str, fields: dict[str, tuple[str, list[Fix]]], tally: _Tally) -> str | None:
    """A cell's new value: fixes applied to it directly, or inside the JSON text it holds."""
    direct = [fixes for field, (_, fixes) in fields.items() if not _nested(field)]
    if direct:
        if len(fields) > 1:  # a JSON-text column fixed both as text and inside its JSON: ambiguous
            tally.conflicts += sum(len(fixes) for _, fixes in fields.values())
            return None
        tally.applied += len(direct[0])
        return _fixed_value(value, direct[0])
    inside = {_path_in_cell(field): planned for field, planned in fields.items()}
    edits = _json_edits(value, 0, inside, tally)
    return splice(value, edits) if edits else None


def _path_in_cell(field: str) -> str:
    """The path of a field inside its JSON-text cell: ``skus[2].name`` → ``[2].name``, ``attributes.材质`` → ``材质``."""
    rest = field[len(_column_of(field)):]
    return rest[1:] if rest.startswith(".") else rest


def _csv_cell(value: str, delimiter: str, quoted: bool) -> str:
    if quoted or any(char in value for char in (delimiter, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def _written_as(value: str, delimiter: str, quoted: bool) -> str:
    """How a cell holding ``value`` is written when it is the canonical form (else the fixer keeps off)."""
    return '"' + value.replace('"', '""') + '"' if quoted else value


def cell_spans(row: str, delimiter: str) -> list[tuple[int, int]]:
    """Spans of the cells of one CSV row's text (its physical lines, line ending included)."""
    end = len(row)
    if row.endswith("\r\n"):
        end -= 2
    elif row.endswith(("\n", "\r")):
        end -= 1
    spans = []
    at = 0
    while True:
        start = at
        if row.startswith('"', at):
            at += 1
            while True:
                quote = row.find('"', at, end)
                if quote < 0:
                    at = end
                    break
                if row.startswith('""', quote) and quote + 1 < end:
                    at = quote + 2
                    continue
                at = quote + 1
                break
        stop = row.find(delimiter, at, end)
        if stop < 0:
            spans.append((start, end))
            return spans
        spans.append((start, stop))
        at = stop + 1


def _plan_csv(text: str, fmt: str, wanted: Wanted, tally: _Tally) -> list[Edit]:
    lines = text.split("\n")
    physical = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    starts = [0]
    for line in physical:
        starts.append(starts[-1] + len(line))
    delimiter = csv_delimiter(physical[0] if physical else "", fmt)
    edits: list[Edit] = []
    columns: dict[str, int] | None = None
    for row in csv_rows(((n, line, None) for n, line in enumerate(physical, 1)), delimiter):
        if row.cells is None or not any(row.cells):
            continue
        if columns is None:
            columns = {name: index for index, name in named_columns(header_names(row.cells))}
            continue
        if row.first_line not in wanted:
            continue
        data = {name: row.cells[i] for name, i in columns.items() if i < len(row.cells) and row.cells[i] != ""}
        fields = _record_fixes(wanted, row.first_line, data, True, tally)
        if not fields:
            continue
        row_start = starts[row.first_line - 1]
        row_text = text[row_start:starts[row.last_line]]
        spans = cell_spans(row_text, delimiter)
        if len(spans) != len(row.cells):
            tally.stale += sum(len(fixes) for _, fixes in fields.values())
            continue
        for column, column_fields in _by_column(fields).items():
            index = columns.get(column)
            if index is None:
                tally.stale += sum(len(fixes) for _, fixes in column_fields.values())
                continue
            start, end = spans[index]
            value = row.cells[index]
            quoted = row_text.startswith('"', start)
            if _written_as(value, delimiter, quoted) != row_text[start:end]:
                tally.stale += sum(len(fixes) for _, fixes in column_fields.values())
                continue
            new_value = _cell_value_fixed(value, column_fields, tally)
            if new_value is not None:
                edits.append((row_start + start, row_start + end, _csv_cell(new_value, delimiter, quoted)))
    return edits


def _by_column(fields: dict[str, tuple[str, list[Fix]]]) -> dict[str, dict[str, tuple[str, list[Fix]]]]:
    out: dict[str, dict[str, tuple[str, list[Fix]]]] = {}
    for field, planned in fields.items():
        out.setdefault(_column_of(field), {})[field] = planned
    return out


# -- XLSX -------------------------------------------------------------------------------------------

def _fix_xlsx(path: str, wanted: Wanted, tally: _Tally, write: bool, before: os.stat_result) -> str:
    try:
        openpyxl = load_openpyxl()
    except CatalogError as exc:
        raise FixError(str(exc)) from None
    try:
        with zipfile.ZipFile(path) as archive:
            drawings = [name for name in archive.namelist() if name.startswith("xl/drawings/")]
        workbook = openpyxl.load_workbook(path, keep_vba=path.lower().endswith(".xlsm"))
    except Exception as exc:  # a corrupt workbook: zipfile and openpyxl raise many kinds
        raise FixError(f"{path}: 不是可读取的 xlsx 工作簿 ({type(exc).__name__})") from None
    if not workbook.worksheets:
        raise FixError(f"{path}: 工作簿中没有工作表")
    sheet = workbook.worksheets[0]
    columns: dict[str, int] | None = None
    old_lines: list[str] = []
    new_lines: list[str] = []
    for number, cells in enumerate(sheet.iter_rows(min_row=1), 1):
        values = tuple(cell.value for cell in cells)
        if all(value is None or value == "" for value in values):
            continue
        if columns is None:
            columns = {name: index for index, name in named_columns(header_names(list(values)))}
            continue
        if number not in wanted:
            continue
        data = xlsx_record([(index, name) for name, index in columns.items()], values)
        fields = _record_fixes(wanted, number, data, True, tally)
        for column, column_fields in _by_column(fields).items():
            cell = cells[columns[column]]
            if not isinstance(cell.value, str):
                tally.stale += sum(len(fixes) for _, fixes in column_fields.values())
                continue
            new_value = _cell_value_fixed(cell.value, column_fields, tally)
            if new_value is None or new_value == cell.value:
                continue
            old_lines.append(f"{cell.coordinate}\t{column}\t{json.dumps(cell.value, ensure_ascii=False)}\n")
            new_lines.append(f"{cell.coordinate}\t{column}\t{json.dumps(new_value, ensure_ascii=False)}\n")
            cell.value = new_value
            if new_value.startswith("="):
                cell.data_type = "s"  # text, not a formula
    if write and new_lines:
        if drawings:
            # openpyxl drops shapes (and images without Pillow) when it saves: better no fix than a loss.
            raise FixError(f"{path}: 工作簿含图片/图表/形状, 用 openpyxl 保存可能丢失它们, 未修复; "
                           "请用 --diff 查看修改后手工修改, 或导出为 CSV 后再修复")
        _write_atomic(path, before, workbook.save)
    return _diff(path, old_lines, new_lines)


# -- output -----------------------------------------------------------------------------------------

def _diff(path: str, old: list[str], new: list[str]) -> str:
    if old == new:
        return ""
    for lines in (old, new):
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += "\n"  # keep the last "-" and "+" lines apart in the diff
    return "".join(difflib.unified_diff(old, new, fromfile=f"a/{path}", tofile=f"b/{path}"))


_CONTEXT = 3
_UNDECODED = re.compile("[\udc80-\udcff]")
_HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def _lines(text: str) -> list[str]:
    """Lines split at ``\n`` only (as the readers count them), the last one given a newline for the diff."""
    lines = [line + "\n" for line in text.split("\n")]
    if text.endswith("\n"):
        lines.pop()
    return lines


def _text_diff(path: str, text: str, edits: list[Edit]) -> str:
    """The unified diff of ``text`` and ``splice(text, edits)``, computed around the edits only: difflib
    over a window of whole lines around each group of edits, its hunk numbers moved to the file's."""
    edits = sorted(edits)
    windows: list[list[int]] = []
    for start, end, _ in edits:
        begin = text.rfind("\n", 0, start) + 1
        for _ in range(_CONTEXT):
            if begin == 0:
                break
            begin = text.rfind("\n", 0, begin - 1) + 1
        stop = end
        for _ in range(_CONTEXT + 1):
            newline = text.find("\n", stop)
            stop = len(text) if newline < 0 else newline + 1
            if stop == len(text):
                break
        if windows and begin <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], stop)
        else:
            windows.append([begin, stop])
    out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    line, at, grown, index = 1, 0, 0, 0
    for begin, stop in windows:
        line += text.count("\n", at, begin)
        at = begin
        inside = []
        while index < len(edits) and edits[index][1] <= stop:
            start, end, replacement = edits[index]
            inside.append((start - begin, end - begin, replacement))
            index += 1
        old = _lines(text[begin:stop])
        new = _lines(splice(text[begin:stop], inside))

        def moved(match: re.Match) -> str:
            old_start, old_len, new_start, new_len = match.groups()
            return (f"@@ -{int(old_start) + line - 1}{old_len or ''} "
                    f"+{int(new_start) + line - 1 + grown}{new_len or ''} @@")

        for number, hunk_line in enumerate(difflib.unified_diff(old, new, n=_CONTEXT)):
            if number >= 2:
                out.append(_HUNK.sub(moved, hunk_line, count=1) if hunk_line.startswith("@@") else hunk_line)
        grown += len(new) - len(old)
    if len(out) == 2:
        return ""
    return _UNDECODED.sub("\ufffd", "".join(out))  # bytes that did not decode show as \ufffd


def _write_atomic(path: str, before: os.stat_result, save) -> None:
    """Write through ``save(file object)`` into a temporary file next to ``path``, then replace it."""
    target = os.path.realpath(path)
    now = os.stat(target)
    if (now.st_mtime_ns, now.st_size) != (before.st_mtime_ns, before.st_size):
        raise FixError(f"{path}: 修复期间文件被修改, 未写入; 请重新检查后再修复")
    directory, name = os.path.split(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            save(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(now.st_mode))
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
