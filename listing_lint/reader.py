"""Reading catalogs: JSONL, JSON, CSV/TSV, XLSX and stdin, streamed, as Records or InputErrors.

Nothing here raises on user input: a file that cannot be read gives one InputError (and that file stops), a
broken record gives an InputError in its place and the records after it are still read. Memory stays flat:
JSONL and CSV go line by line, a JSON array element by element (incremental ``raw_decode`` over chunks).

The fixer (``fixer.py``) reuses the format detection, the encoding detection, the JSON value scanner and the
CSV row reader, so that it sees a file exactly as the linter did.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, BinaryIO, Iterable, Iterator

SAMPLE_SIZE = 1 << 20  # bytes looked at to detect the encoding and the format
CHUNK_SIZE = 1 << 16  # characters read at a time by the JSON scanner
CSV_CELL_LIMIT = 16 << 20  # a cell larger than this is a stray quote swallowing the file, not data
BATCH_SIZE = 1 << 18  # bytes of whole JSONL lines handed to a worker process at a time (see LineBatch)

JSONL_SUFFIXES = (".jsonl", ".ndjson")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CATALOG_SUFFIXES = JSONL_SUFFIXES + (".json", ".csv", ".tsv") + XLSX_SUFFIXES  # what a directory is searched for
INSTALL_XLSX = "pip install 'listing-lint[xlsx]'"
STDIN_SOURCE = "<stdin>"  # the source of records read from ``-``


@dataclass(frozen=True)
class Record:
    """One input record: its data (a dict), where it came from, and the raw line for locating columns."""

    source: str | None
    line: int | None
    data: Any
    from_text: bool = False  # CSV/XLSX: cells are text, structured fields hold JSON text
    raw: str | None = None  # the raw JSONL line, without its line ending (to turn offsets into columns)


@dataclass(frozen=True)
class LineBatch:
    """Whole JSONL lines not yet decoded nor parsed, for a worker process to read (``read_catalog(batched=True)``):
    the process that reads the file then only cuts it at line ends, and the parsing is shared out with the linting."""

    source: str | None
    first_line: int  # the line number of the first line in ``data``
    data: bytes
    codec: str

    def records(self) -> Iterator["Record | InputError"]:
        lines = text_lines(io.BytesIO(self.data), self.codec, b"", first=self.first_line)
        return _jsonl_records(lines, self.source)


@dataclass(frozen=True)
class InputError:
    """A record that could not be read or does not fit the contract. ``field`` is None for a broken line."""

    source: str | None
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source or STDIN_SOURCE}:{self.line}" if self.line else (self.source or STDIN_SOURCE)
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class CatalogError(Exception):
    """A whole file that cannot be read as a catalog (the reader turns it into one InputError)."""


# -- messages ---------------------------------------------------------------------------------------

_JSON_REASONS = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "键名应为双引号括起的字符串 (或对象末尾多了逗号)",
    "Expecting ':' delimiter": "键名之后缺少冒号",
    "Expecting ',' delimiter": "缺少逗号或右括号",
    "Unterminated string starting at": "字符串缺少结尾的双引号",
    "Invalid control character at": "字符串中有未转义的控制字符 (如换行)",
    "Invalid \\escape": "无效的反斜杠转义",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Extra data": "对象之后还有多余内容",
}

_TYPE_NAMES = {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值", type(None): "null"}

_OS_REASONS = {"ENOENT": "文件不存在", "EACCES": "没有读取权限", "EISDIR": "是一个目录, 不是文件", "EPERM": "没有读取权限"}


def json_reason(exc: json.JSONDecodeError) -> str:
    return _JSON_REASONS.get(exc.msg, exc.msg)


def not_an_object(value: Any) -> str:
    return f"应为 JSON 对象, 实为{_TYPE_NAMES.get(type(value), type(value).__name__)}"


def os_reason(exc: OSError) -> str:
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or exc.strerror or str(exc)


# -- encodings --------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with that one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def detect_encoding(sample: bytes, *, complete: bool, encoding: str | None = None) -> tuple[str, bytes]:
    """(codec, BOM bytes to skip) of a file beginning with ``sample`` (``complete``: the sample is the whole file).

    A BOM decides; else strict UTF-8 over the sample (a character cut at the sample's end is fine); else
    GB18030, the superset of GBK that merchants' Excel exports in China use. ``encoding`` overrides, but a
    BOM of that same encoding is still skipped.
    """
    if encoding:
        name = codecs.lookup(encoding).name  # LookupError: the caller reports an unknown encoding
        if name in ("utf-8", "utf-8-sig"):
            return "utf-8", codecs.BOM_UTF8 if sample.startswith(codecs.BOM_UTF8) else b""
        if name in ("utf-16", "utf-32"):
            for bom, codec in _BOMS:
                if codec.startswith(name) and sample.startswith(bom):
                    return codec, bom
        return name, b""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec, bom
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8", b""
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a stray bad byte stays UTF-8 (that line is reported), rather than turning every
    # character of the file into GB18030 mojibake: GBK text is almost never valid UTF-8, so a few errors
    # among many well-formed multibyte characters mean UTF-8.
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(sample, final=complete)
    bad = text.count("\ufffd")
    well_formed = len(text) - len(text.encode("ascii", "ignore")) - bad
    return ("utf-8" if well_formed >= 50 * bad else "gb18030"), b""


def ascii_compatible(codec: str) -> bool:
    """True when lines can be split on the byte ``\\n`` and decoded one by one (UTF-8, GB18030 …)."""
    probe = '\n\r,;\t"{}[]:'
    try:
        return probe.encode(codec) == probe.encode("ascii")
    except (UnicodeError, LookupError):
        return False


# -- opening and format detection -------------------------------------------------------------------

class _Replay(io.RawIOBase):
    """A non-seekable stream (stdin) with the bytes already read for sniffing put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        read = getattr(self._rest, "read1", self._rest.read)
        data = read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def _read_head(handle: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first SAMPLE_SIZE bytes, and a handle that still starts at the beginning."""
    head = b""
    while len(head) < SAMPLE_SIZE:
        part = handle.read(SAMPLE_SIZE - len(head))
        if not part:
            break
        head += part
    try:
        if handle.seekable():
            handle.seek(0)
            return head, handle
    except (OSError, ValueError):
        pass
    return head, io.BufferedReader(_Replay(head, handle), CHUNK_SIZE)


def _first_lines(text: str, count: int) -> list[str]:
    lines = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line)
            if len(lines) == count:
                break
    return lines


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def sniff_format(head: bytes, codec: str, bom: bytes) -> str | None:
    """``json``, ``jsonl`` or ``xlsx`` from a file's first bytes; None when it is none of them."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    text = head[len(bom):].decode(codec, errors="replace").lstrip(" \t\r\n\ufeff")
    if text.startswith("["):
        return "json"
    if not text.startswith("{"):
        return None
    # One object a line is JSONL (its first line is a complete object, or the first is broken and the
    # second is one); anything else starting with "{" is one pretty-printed object.
    lines = _first_lines(text, 2)
    truncated = "\n" not in text and len(head) >= SAMPLE_SIZE  # a first line longer than the sample
    if truncated or _is_json_object(lines[0]) or (len(lines) > 1 and _is_json_object(lines[1])):
        return "jsonl"
    return "json"


def catalog_format(path: str, head: bytes, codec: str, bom: bytes) -> str | None:
    """The format of a catalog: ``jsonl``, ``json``, ``csv``, ``tsv``, ``xlsx``, ``xls`` or None (unknown)."""
    suffix = os.path.splitext(path)[1].lower() if path != "-" else ""
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix == ".tsv":
        return "tsv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix == ".xls":
        return "xls"
    sniffed = sniff_format(head, codec, bom)
    if suffix == ".json":
        # A .json file holding one object a line is read as JSONL (same records, and columns for SARIF).
        return "jsonl" if sniffed == "jsonl" else "json"
    return sniffed


# -- lines ------------------------------------------------------------------------------------------

def text_lines(handle: BinaryIO, codec: str, bom: bytes, *, first: int = 1) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text with its line ending, decoding error or None) of each physical line, numbered
    from ``first``.

    Lines end at ``\\n`` only (as ``bytes.split``). A line that does not decode is given with replacement
    characters and an error message; the next lines are still read.
    """
    handle.read(len(bom))
    if ascii_compatible(codec):
        for number, data in enumerate(handle, first):
            try:
                yield number, data.decode(codec), None
            except UnicodeDecodeError as exc:
                yield number, data.decode(codec, errors="replace"), (
                    f"第 {exc.start + 1} 个字节起无法按 {codec} 解码 (可用 --encoding 指定文件编码)")
        return
    # UTF-16/32: decode as a stream; a decoding error stops the file.
    wrapper = io.TextIOWrapper(handle, encoding=codec, newline="\n")
    number = 0
    try:
        for number, line in enumerate(wrapper, 1):
            yield number, line, None
    except UnicodeDecodeError:
        yield number + 1, "", f"无法按 {codec} 解码, 之后的内容未读取 (可用 --encoding 指定文件编码)"
    finally:
        wrapper.detach()


def _strip_ending(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return line


# -- JSONL ------------------------------------------------------------------------------------------

def _read_jsonl(handle: BinaryIO, source: str, codec: str, bom: bytes) -> Iterator[Record | InputError]:
    return _jsonl_records(text_lines(handle, codec, bom), source)


def _jsonl_batches(handle: BinaryIO, source: str, codec: str, bom: bytes) -> Iterator[LineBatch]:
    """The file as LineBatches of about BATCH_SIZE bytes, each ending at a line end (or the end of the file)."""
    handle.read(len(bom))
    number = 1
    rest = b""
    while True:
        block = handle.read(BATCH_SIZE)
        if not block:
            break
        data = rest + block
        cut = data.rfind(b"\n") + 1
        if not cut:  # one line longer than a batch: keep reading until it ends
            rest = data
            continue
        yield LineBatch(source, number, data[:cut], codec)
        number += data.count(b"\n", 0, cut)
        rest = data[cut:]
    if rest:
        yield LineBatch(source, number, rest, codec)


def _jsonl_records(lines: Iterable[tuple[int, str, str | None]], source: str) -> Iterator[Record | InputError]:
    loads = json.loads
    for number, line, error in lines:
        if error:
            yield InputError(source, number, None, error)
            continue
        if not line.strip():
            continue
        line = _strip_ending(line)
        try:
            data = loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(source, number, None, f"不是合法的 JSON: {json_reason(exc)} (第 {exc.colno} 列)")
            continue
        except (ValueError, RecursionError):
            yield InputError(source, number, None, "不是合法的 JSON: 嵌套过深或数字过长")
            continue
        if type(data) is not dict:
            yield InputError(source, number, None, not_an_object(data))
            continue
        yield Record(source, number, data, raw=line)


# -- JSON: a streamed array, or a sequence of values ---------------------------------------------------

_WS = re.compile(r"[ \t\r\n]*")


@dataclass
class JsonItem:
    """One top-level value (an array element, or a whole value) and where it lies in the decoded text."""

    line: int
    start: int  # character offsets in the decoded text (after any BOM)
    end: int
    value: Any = None
    error: str | None = None  # a broken element: the reason (and value is None)
    fatal: bool = False  # the rest of the file cannot be read


class JsonScanner:
    """Top-level JSON values of a text that arrives in chunks, without holding more than one element.

    A file starting with ``[`` yields the array's elements; otherwise each top-level value (one object,
    or several objects one after the other). After a broken element, reading resumes at the next line
    that starts, at the broken element's indentation, with ``{`` — the next element of a pretty-printed
    or one-per-line array — and stops when there is none.
    """

    def __init__(self, chunks: Iterable[str]):
        self._chunks = iter(chunks)
        self._decoder = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.base = 0  # offset in the whole text of buf[0]
        self.eof = False
        self._line = 1  # line number at buf[_line_pos]
        self._line_pos = 0
        self._starts_line = True  # buf[0] begins a line
        self._want = CHUNK_SIZE

    # buffer --------------------------------------------------------------------------------------

    def _more(self) -> bool:
        """Read another chunk (larger each time one element needs more); False at the end of the text."""
        if self.eof:
            return False
        if self.pos > CHUNK_SIZE:
            # Forget what has been consumed, but keep the current line's indentation (to resync on).
            line_start = self.buf.rfind("\n", 0, self.pos) + 1
            if line_start == 0 and not self._starts_line:
                line_start = self.pos  # where the line starts is not known
            drop = line_start if self.pos - line_start <= 1024 else self.pos
            if drop > 0:
                if drop > self._line_pos:
                    self.line_at(drop)
                self._starts_line = self.buf[drop - 1] == "\n"
                self.buf = self.buf[drop:]
                self.base += drop
                self._line_pos -= drop
                self.pos -= drop
        got = 0
        parts = []
        for chunk in self._chunks:
            parts.append(chunk)
            got += len(chunk)
            if got >= self._want:
                break
        else:
            self.eof = True
        self.buf += "".join(parts)
        return got > 0 or not self.eof

    def line_at(self, index: int) -> int:
        """The line number of buf[index]; indexes asked for only grow."""
        self._line += self.buf.count("\n", self._line_pos, index)
        self._line_pos = index
        return self._line

    def _column(self, index: int) -> int:
        return index - (self.buf.rfind("\n", 0, index) + 1) + 1

    def _skip_ws(self) -> bool:
        """Skip whitespace; False at the end of the text."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return True
            if not self._more():
                return False

    # values --------------------------------------------------------------------------------------

    def _decode(self) -> tuple[Any, int]:
        """Decode the value at pos, reading more while it may merely be cut by the chunk's end."""
        self._want = CHUNK_SIZE
        while True:
            try:
                value, end = self._decoder.raw_decode(self.buf, self.pos)
                # A number at the buffer's end may go on in the next chunk.
                if end < len(self.buf) or self.eof:
                    return value, end
            except json.JSONDecodeError as exc:
                cut = exc.pos >= len(self.buf) - 8 or exc.msg.startswith("Unterminated string")
                if self.eof or not cut:
                    raise
            self._want *= 2
            self._more()

    def _resync(self, indent: str | None, after: int) -> bool:
        """Move pos to the next line starting with ``indent`` + ``{`` after ``after``; False if none."""
        if indent is None:
            return False
        pattern = re.compile("^" + re.escape(indent) + r"\{", re.M)
        self.pos = max(self.pos, after)
        while True:
            for found in pattern.finditer(self.buf, self.pos):
                if found.start() > 0 or self._starts_line:
                    self.pos = found.end() - 1
                    return True
            # The last line may still become a match: search again from its start.
            self.pos = max(self.pos, self.buf.rfind("\n") + 1)
            if not self._more():
                return False

    def _indent(self, index: int) -> str | None:
        """The whitespace before buf[index] on its line, or None if something else comes first."""
        line_start = self.buf.rfind("\n", 0, index) + 1
        prefix = self.buf[line_start:index]
        return prefix if not prefix.strip() and (line_start > 0 or self._starts_line) else None

    def _element(self) -> JsonItem:
        line = self.line_at(self.pos)
        try:
            value, end = self._decode()
        except json.JSONDecodeError as exc:
            start = self.pos  # reading more may have moved the buffer: pos is still the element's start
            where = self.line_at(exc.pos)
            message = f"不是合法的 JSON: {json_reason(exc)} (第 {where} 行第 {self._column(exc.pos)} 列)"
            indent = self._indent(start)
            resumed = self._resync(indent, max(exc.pos, start + 1))
            suffix = "" if resumed else "; 之后的内容无法读取"
            return JsonItem(line, self.base + start, self.base + start, error=message + suffix, fatal=not resumed)
        except (ValueError, RecursionError):
            at = self.base + self.pos
            return JsonItem(line, at, at, error="不是合法的 JSON: 嵌套过深或数字过长", fatal=True)
        start, self.pos = self.pos, end
        return JsonItem(line, self.base + start, self.base + end, value)

    def items(self) -> Iterator[JsonItem]:
        if not self._skip_ws():
            return
        if self.buf[self.pos] != "[":
            yield from self._values()
            return
        self.pos += 1
        expect_comma = False
        while True:
            if not self._skip_ws():
                yield self._problem("JSON 数组缺少结尾的 ]")
                return
            char = self.buf[self.pos]
            if char == "]":
                self.pos += 1
                if self._skip_ws():
                    yield self._problem("JSON 数组之后还有多余内容, 已忽略")
                return
            if expect_comma:
                if char != ",":
                    # A missing comma before an element that starts its own line: report it, read on.
                    at_element = char == "{" and self._indent(self.pos) is not None
                    if at_element or self._resync(self._indent(self.pos), self.pos):
                        line = self.line_at(self.pos)
                        yield JsonItem(line, self.base + self.pos, self.base + self.pos,
                                       error=f"JSON 数组元素之间缺少逗号 (第 {line} 行之前)")
                        expect_comma = False
                        continue
                    yield self._problem("JSON 数组元素之间缺少逗号")
                    return
                self.pos += 1
                expect_comma = False
                continue
            item = self._element()
            yield item
            if item.fatal:
                return
            expect_comma = item.error is None

    def _values(self) -> Iterator[JsonItem]:
        while self._skip_ws():
            item = self._element()
            yield item
            if item.fatal:
                return

    def _problem(self, message: str) -> JsonItem:
        line = self.line_at(min(self.pos, len(self.buf)))
        at = self.base + self.pos
        return JsonItem(line, at, at, error=message + "; 之后的内容无法读取", fatal=True)


def decoded_chunks(handle: BinaryIO, codec: str, bom: bytes) -> Iterator[str]:
    """The text of a binary stream in chunks; a decoding error ends it with UnicodeDecodeError."""
    handle.read(len(bom))
    decoder = codecs.getincrementaldecoder(codec)()
    while True:
        data = handle.read(CHUNK_SIZE)
        text = decoder.decode(data, final=not data)
        if text:
            yield text
        if not data:
            return


def _read_json(handle: BinaryIO, source: str, codec: str, bom: bytes) -> Iterator[Record | InputError]:
    scanner = JsonScanner(decoded_chunks(handle, codec, bom))
    try:
        for item in scanner.items():
            if item.error:
                yield InputError(source, item.line, None, item.error)
            elif type(item.value) is not dict:
                yield InputError(source, item.line, None, not_an_object(item.value))
            else:
                yield Record(source, item.line, item.value)
    except UnicodeDecodeError:
        line = scanner.line_at(len(scanner.buf))
        yield InputError(source, line, None, f"第 {line} 行附近的字节无法按 {codec} 解码, 之后的内容未读取 "
                                             "(可用 --encoding 指定文件编码)")


# -- CSV / TSV --------------------------------------------------------------------------------------

def csv_delimiter(header_line: str, fmt: str) -> str:
    """TSV: tab. CSV: the commonest of , ; and tab in the header line (exports from some tools use ;)."""
    if fmt == "tsv":
        return "\t"
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def header_names(cells: list[Any]) -> list[str | None]:
    """Column names of a header row (BOM and whitespace stripped); None for a nameless column."""
    names: list[str | None] = []
    for cell in cells:
        name = "" if cell is None else str(cell).replace("\ufeff", "").strip()
        names.append(name or None)
    return names


@dataclass
class CsvRow:
    first_line: int
    last_line: int
    cells: list[str] | None  # None: the row could not be parsed
    error: str | None = None


def csv_rows(lines: Iterator[tuple[int, str, str | None]], delimiter: str) -> Iterator[CsvRow]:
    """Rows of CSV text given as physical lines, with the lines each spans; bad rows carry an error."""
    bad_lines: dict[int, str] = {}

    def feed() -> Iterator[str]:
        for number, text, error in lines:
            if error:
                bad_lines[number] = error
            yield text

    csv.field_size_limit(CSV_CELL_LIMIT)
    reader = csv.reader(feed(), delimiter=delimiter)
    while True:
        first = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = "单元格超过 16 MB (可能是未闭合的引号)" if "field larger" in str(exc) else str(exc)
            yield CsvRow(first, reader.line_num, None, f"无法解析的 CSV 行: {reason}")
            continue
        last = reader.line_num
        errors = [bad_lines.pop(n) for n in range(first, last + 1) if n in bad_lines]
        if errors:
            yield CsvRow(first, last, None, errors[0])
        else:
            yield CsvRow(first, last, cells)


def _read_csv(handle: BinaryIO, source: str, codec: str, bom: bytes, fmt: str,
              head: bytes) -> Iterator[Record | InputError]:
    first_line = head[len(bom):].decode(codec, errors="replace").split("\n", 1)[0]
    delimiter = csv_delimiter(first_line, fmt)
    header: list[str | None] | None = None
    for row in csv_rows(text_lines(handle, codec, bom), delimiter):
        if row.cells is None:
            yield InputError(source, row.first_line, None, row.error or "无法解析的 CSV 行")
            continue
        if not any(row.cells):
            continue  # a blank line, or a row of empty cells
        if header is None:
            header = header_names(row.cells)
            columns = named_columns(header)
            yield from _header_problems(source, row.first_line, header)
            continue
        if len(row.cells) > len(header) and any(row.cells[len(header):]):
            yield InputError(source, row.first_line, None,
                             f"这一行有 {len(row.cells)} 个单元格, 多于表头的 {len(header)} 列 (可能是未加引号的分隔符)")
            continue
        data = {}
        for index, name in columns:
            if index < len(row.cells) and row.cells[index] != "":
                data[name] = row.cells[index]
        yield Record(source, row.first_line, data, from_text=True)
    if header is None:
        yield InputError(source, None, None, f"{source}: 表格为空 (没有表头行)")


def named_columns(header: list[str | None]) -> list[tuple[int, str]]:
    """(index, name) of each named column; of a repeated name, the first column only."""
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name is not None and name not in seen:
            seen[name] = index
    return [(index, name) for name, index in seen.items()]


def _header_problems(source: str, line: int, header: list[str | None]) -> Iterator[InputError]:
    seen = set()
    for name in header:
        if name is not None and name in seen:
            yield InputError(source, line, None, f"表头中列名「{name}」重复, 只读取第一列")
        seen.add(name)
    if "id" not in seen:
        yield InputError(source, line, None, f"表头中没有 id 列 (表头: {', '.join(n for n in header if n)[:200]})")


# -- XLSX -------------------------------------------------------------------------------------------

def xlsx_cell(value: Any) -> Any:
    """A cell's value as a record field: numbers and booleans pass, dates become ISO text, "" is absent."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()  # Excel stores dates as datetimes at midnight
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if value == "":
        return None
    return value


def xlsx_record(columns: list[tuple[int, str]], values: tuple[Any, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for index, name in columns:
        value = xlsx_cell(values[index]) if index < len(values) else None
        if value is not None:
            data[name] = value
    return data


def load_openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise CatalogError(f"读取 xlsx 需要 openpyxl: {INSTALL_XLSX}") from None
    return openpyxl


def _read_xlsx(handle: BinaryIO, source: str) -> Iterator[Record | InputError]:
    openpyxl = load_openpyxl()
    if not handle.seekable():
        handle = io.BytesIO(handle.read())  # a workbook from stdin: a zip needs seeking
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt zip or workbook: openpyxl raises many kinds
        raise CatalogError(f"{source}: 不是可读取的 xlsx 工作簿 ({type(exc).__name__}: {exc})"[:300]) from None
    try:
        if not workbook.worksheets:
            raise CatalogError(f"{source}: 工作簿中没有工作表")
        sheet = workbook.worksheets[0]
        header: list[str | None] | None = None
        number = 0
        try:
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
                if all(value is None or value == "" for value in values):
                    continue
                if header is None:
                    header = header_names(list(values))
                    columns = named_columns(header)
                    yield from _header_problems(source, number, header)
                    continue
                extra = [v for v in values[len(header):] if v is not None and v != ""]
                if extra:
                    yield InputError(source, number, None, f"这一行在表头之外的列中还有内容 ({str(extra[0])[:40]})")
                    continue
                yield Record(source, number, xlsx_record(columns, values), from_text=True)
        except Exception as exc:
            yield InputError(source, number + 1, None, f"读取工作表出错, 之后的行未读取 ({type(exc).__name__}: {exc})"[:300])
        if header is None:
            yield InputError(source, None, None, f"{source}: 第一个工作表为空 (没有表头行)")
    finally:
        workbook.close()


# -- entry point ------------------------------------------------------------------------------------

def read_catalog(path: str, encoding: str | None = None, *, batched: bool = False
                 ) -> Iterator[Record | InputError | LineBatch]:
    """Records of one catalog file (``-`` is stdin), streamed; errors come in place of the bad records.

    The format comes from the extension (``.jsonl``/``.ndjson``, ``.json``, ``.csv``, ``.tsv``, ``.xlsx``),
    else from the content (stdin, other names). ``encoding`` overrides the detected text encoding.
    ``batched``: JSONL in an encoding that splits at the byte ``\n`` comes as LineBatches instead (their
    ``records()`` are the same Records and InputErrors), for linting in several processes.
    """
    path = os.fspath(path)
    source = STDIN_SOURCE if path == "-" else path
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:  # a text stream put in place of stdin (tests, embedding)
                stream = io.BytesIO(sys.stdin.read().encode("utf-8"))
            yield from _read_stream(stream, path, source, encoding, batched)
            return
        try:
            handle = open(path, "rb")
        except OSError as exc:
            yield InputError(source, None, None, f"无法打开 {path}: {os_reason(exc)}")
            return
        with handle:
            yield from _read_stream(handle, path, source, encoding, batched)
    except CatalogError as exc:
        yield InputError(source, None, None, str(exc))
    except OSError as exc:
        yield InputError(source, None, None, f"读取 {source} 出错: {os_reason(exc)}")


def _read_stream(handle: BinaryIO, path: str, source: str, encoding: str | None,
                 batched: bool = False) -> Iterator[Record | InputError | LineBatch]:
    head, handle = _read_head(handle)
    try:
        codec, bom = detect_encoding(head, complete=len(head) < SAMPLE_SIZE, encoding=encoding)
        b"\n".decode(codec, "ignore")  # LookupError for codecs that are not text encodings (base64 …)
    except LookupError:
        raise CatalogError(f"未知的文本编码 {encoding!r} (例如 utf-8, gb18030, utf-16)") from None
    if not head[len(bom):].strip():
        return  # an empty catalog has no records
    fmt = catalog_format(path, head, codec, bom)
    if fmt == "jsonl" and batched and ascii_compatible(codec):
        yield from _jsonl_batches(handle, source, codec, bom)
    elif fmt == "jsonl":
        yield from _read_jsonl(handle, source, codec, bom)
    elif fmt == "json":
        yield from _read_json(handle, source, codec, bom)
    elif fmt in ("csv", "tsv"):
        yield from _read_csv(handle, source, codec, bom, fmt, head)
    elif fmt == "xlsx":
        yield from _read_xlsx(handle, source)
    elif fmt == "xls":
        raise CatalogError(f"{source}: 不支持旧版 .xls 工作簿, 请在 Excel 中另存为 .xlsx 或 CSV")
    else:
        raise CatalogError(f"{source}: 无法识别的商品目录格式 (应为 JSONL、JSON、CSV、TSV 或 XLSX)")
