"""Reading catalogs: every format and encoding, line numbers, broken records in the middle, stdin."""

from __future__ import annotations

import datetime
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listing_lint import reader
from listing_lint.linter import Linter
from listing_lint.config import Config
from listing_lint.reader import InputError, LineBatch, Record, detect_encoding, read_catalog

DATA = Path(__file__).parent / "data"

ROWS = [
    {"id": "1", "title": "【百亿补贴】纯棉T恤", "price": 59.0, "skus": [{"name": "白色 XL", "price": 59.0}]},
    {"id": "2", "title": "夏季宽松短裤 男", "detail": "<p>面料: 棉</p>", "attributes": {"材质": "棉"}},
    {"id": "3", "title": "轮滑鞋 成人 😀", "images": ["a.jpg"], "campaigns": ["百亿补贴"]},
]


def records(items):
    return [item for item in items if isinstance(item, Record)]


def errors(items):
    return [item for item in items if isinstance(item, InputError)]


def write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


# -- JSONL ------------------------------------------------------------------------------------------

def test_jsonl_records_lines_and_raw(tmp_path):
    lines = [json.dumps(row, ensure_ascii=False) for row in ROWS]
    path = write(tmp_path / "c.jsonl", lines[0] + "\n\n" + lines[1] + "\r\n" + lines[2])
    items = list(read_catalog(path))
    assert [(r.line, r.data) for r in items] == [(1, ROWS[0]), (3, ROWS[1]), (4, ROWS[2])]
    assert [r.raw for r in items] == lines  # line endings stripped
    assert all(r.source == path and not r.from_text for r in items)


def test_jsonl_broken_lines_in_the_middle_do_not_stop_the_file():
    items = list(read_catalog(str(DATA / "broken.jsonl")))
    assert [r.data["id"] for r in records(items)] == ["1", "2", "3", "4"]
    problems = {e.line: e.message for e in errors(items)}
    assert set(problems) == {2, 4, 5, 7}
    assert "不是合法的 JSON" in problems[2] and "第 13 列" in problems[2]
    assert "缺少逗号" in problems[4]
    assert problems[5] == "应为 JSON 对象, 实为数组"
    assert "字符串缺少结尾的双引号" in problems[7]
    assert [r.line for r in records(items)] == [1, 3, 6, 8]


def test_jsonl_deep_nesting_and_bom(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"id": "1"}\n' + deep.encode() + b"\n" + b'{"id": "2"}\n')
    items = list(read_catalog(str(path)))
    assert [r.data["id"] for r in records(items)] == ["1", "2"]
    assert records(items)[0].raw == '{"id": "1"}'  # the BOM is not part of the first line
    assert [e.line for e in errors(items)] == [2]


def test_jsonl_line_that_does_not_decode(tmp_path):
    good = "".join(json.dumps({"id": str(i), "title": "纯棉短袖T恤男 夏季宽松 圆领"}, ensure_ascii=False) + "\n"
                   for i in range(20))
    path = tmp_path / "bad-byte.jsonl"
    path.write_bytes(good.encode() + b'{"id": "x", "title": "\xff\xfe"}\n' + good.encode())
    items = list(read_catalog(str(path)))
    assert len(records(items)) == 40  # still UTF-8: one stray byte does not make the file GB18030
    assert records(items)[0].data["title"] == "纯棉短袖T恤男 夏季宽松 圆领"
    assert [(e.line, "无法按 utf-8 解码" in e.message) for e in errors(items)] == [(21, True)]


def _unbatched(items):
    out = []
    for item in items:
        out.extend(item.records() if isinstance(item, LineBatch) else [item])
    return out


@pytest.mark.parametrize("batch_size", [1, 7, 64, 1 << 18])
@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")])
def test_jsonl_batches_hold_the_same_records_as_plain_reading(tmp_path, monkeypatch, batch_size, encoding, bom):
    monkeypatch.setattr(reader, "BATCH_SIZE", batch_size)
    lines = [json.dumps(row, ensure_ascii=False) for row in ROWS]
    text = lines[0] + "\n\n" + "{broken\n" + lines[1] + "\r\n" + "[1]\n" + lines[2]  # no line end at the end
    path = tmp_path / "c.jsonl"
    path.write_bytes(bom + text.encode(encoding))
    plain = list(read_catalog(str(path)))
    batched = list(read_catalog(str(path), batched=True))
    assert all(isinstance(item, LineBatch) for item in batched)
    assert _unbatched(batched) == plain
    assert [getattr(item, "line") for item in plain] == [1, 3, 4, 5, 6]
    assert b"".join(batch.data for batch in batched) == text.encode(encoding)  # every byte, once


def test_a_line_longer_than_a_batch_stays_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "BATCH_SIZE", 16)
    rows = [{"id": "1", "detail": "纯棉" * 500}, {"id": "2", "title": "T恤"}]
    path = write(tmp_path / "c.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    batched = list(read_catalog(path, batched=True))
    assert [r.data for r in _unbatched(batched)] == rows
    assert [r.line for r in _unbatched(batched)] == [1, 2]


def test_only_jsonl_comes_in_batches(tmp_path):
    path = write(tmp_path / "c.json", json.dumps(ROWS, ensure_ascii=False))
    items = list(read_catalog(path, batched=True))
    assert [r.data for r in items] == ROWS and all(isinstance(r, Record) for r in items)


# -- JSON -------------------------------------------------------------------------------------------

def test_json_array_gives_each_element_its_starting_line(tmp_path):
    path = write(tmp_path / "c.json", json.dumps(ROWS, ensure_ascii=False, indent=2))
    items = list(read_catalog(path))
    text = Path(path).read_text(encoding="utf-8").split("\n")
    assert [r.data for r in items] == ROWS
    assert [text[r.line - 1].strip() for r in items] == ["{"] * 3
    assert [r.line for r in items] == [2, 13, 21]


def test_json_single_object_pretty_printed(tmp_path):
    path = write(tmp_path / "one.json", json.dumps(ROWS[1], ensure_ascii=False, indent=4))
    assert [(r.line, r.data) for r in read_catalog(path)] == [(1, ROWS[1])]


def test_json_broken_element_resumes_at_the_next_one():
    items = list(read_catalog(str(DATA / "broken-array.json")))
    assert [(r.line, r.data["id"]) for r in records(items)] == [(2, "1"), (4, "2"), (9, "3"), (11, "4")]
    assert [e.line for e in errors(items)] == [6, 11]
    assert "第 7 行" in errors(items)[0].message
    assert "缺少逗号" in errors(items)[1].message


@pytest.mark.parametrize("text, message", [
    ('[{"id": "1"}, {"id": "2"', "缺少逗号或右括号 (第 1 行第 25 列); 之后的内容无法读取"),
    ('[{"id": "1"},\n ', "缺少结尾的 ]"),
    ('[{"id": "1"}] trailing', "多余内容"),
    ('[{"id": "1"}, {"id": 2 "x"}, {"id": "3"}]', "之后的内容无法读取"),
])
def test_json_array_problems_keep_what_came_before(tmp_path, text, message):
    items = list(read_catalog(write(tmp_path / "p.json", text)))
    assert records(items)[0].data == {"id": "1"}
    assert message in errors(items)[-1].message


def test_json_non_object_elements(tmp_path):
    items = list(read_catalog(write(tmp_path / "n.json", '[{"id": "1"}, 2, "x", null]')))
    assert [e.message for e in errors(items)] == ["应为 JSON 对象, 实为数字", "应为 JSON 对象, 实为字符串",
                                                 "应为 JSON 对象, 实为null"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries({
    "id": st.text(min_size=1, max_size=5),
    "title": st.text(max_size=30),
    "price": st.one_of(st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False)),
    "skus": st.lists(st.fixed_dictionaries({"name": st.text(max_size=8), "price": st.integers()}), max_size=3),
}), max_size=8), indent=st.sampled_from([None, 0, 1, 2, "\t"]), ascii=st.booleans(),
    chunk=st.integers(1, 40))
def test_json_array_streamed_in_tiny_chunks_equals_json_load(tmp_path, monkeypatch, rows, indent, ascii, chunk):
    """Elements and numbers cut anywhere by the chunk boundaries still decode whole and at the right line."""
    monkeypatch.setattr(reader, "CHUNK_SIZE", chunk)
    text = json.dumps(rows, indent=indent, ensure_ascii=ascii)
    path = tmp_path / "h.json"
    path.write_text(text, encoding="utf-8")
    items = list(read_catalog(str(path)))
    assert [r.data for r in items] == rows
    decoder, at, lines = json.JSONDecoder(), text.index("[") + 1, []
    for _ in rows:  # the line of each element's first character
        while text[at] in " \t\r\n,":
            at += 1
        lines.append(text.count("\n", 0, at) + 1)
        at = decoder.raw_decode(text, at)[1]
    assert [r.line for r in items] == lines
    scanned = list(reader.JsonScanner(text[i:i + chunk] for i in range(0, len(text), chunk)).items())
    assert [json.loads(text[item.start:item.end]) for item in scanned] == rows  # offsets in the whole text


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 16])
def test_json_recovery_does_not_depend_on_chunk_size(monkeypatch, chunk):
    monkeypatch.setattr(reader, "CHUNK_SIZE", chunk)
    items = list(read_catalog(str(DATA / "broken-array.json")))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Record", 2), ("Record", 4), ("InputError", 6), ("Record", 9), ("InputError", 11), ("Record", 11)]


def test_large_json_array_is_streamed(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "CHUNK_SIZE", 1024)
    path = tmp_path / "big.json"
    with open(path, "w", encoding="utf-8") as out:
        out.write("[\n")
        out.write(",\n".join(json.dumps({"id": str(i), "title": "纯棉T恤" * 10}, ensure_ascii=False)
                             for i in range(5000)))
        out.write("\n]\n")
    scanner = reader.JsonScanner(reader.decoded_chunks(open(path, "rb"), "utf-8", b""))
    largest = 0
    count = 0
    for item in scanner.items():
        largest = max(largest, len(scanner.buf))
        count += 1
    assert count == 5000
    assert largest < 4 * 1024  # never more than a few chunks held, whatever the file's size


# -- CSV --------------------------------------------------------------------------------------------

CSV_TEXT = (
    "id,title,detail,skus,price,images\r\n"
    '1,【百亿补贴】纯棉T恤,"第一行\r\n第二行, 含逗号和""引号""","[{""name"": ""白色"", ""price"": 59}]",59,\r\n'
    "2,夏季短裤 男,,,,\r\n"
    '3,"轮滑鞋 成人",详情,,199,"[""a.jpg""]"\r\n'
)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = write(tmp_path / "c.csv", CSV_TEXT, encoding)
    items = list(read_catalog(path))
    assert not errors(items)
    assert [r.line for r in items] == [2, 4, 5]  # a quoted cell spanning two lines moves the next row down
    first = items[0].data
    assert first["title"] == "【百亿补贴】纯棉T恤"
    assert first["detail"] == '第一行\r\n第二行, 含逗号和"引号"'
    assert "images" not in first and items[1].data == {"id": "2", "title": "夏季短裤 男"}  # empty cells absent
    assert all(r.from_text and r.raw is None for r in items)


def test_detect_encoding():
    gbk = "纯棉短袖T恤男".encode("gbk")
    assert detect_encoding(gbk, complete=True) == ("gb18030", b"")
    assert detect_encoding(b"\xef\xbb\xbfid", complete=True) == ("utf-8", b"\xef\xbb\xbf")
    assert detect_encoding(b"\xff\xfei\x00", complete=True) == ("utf-16-le", b"\xff\xfe")
    cut = "纯棉".encode("utf-8")[:-1]  # a character cut by the sample's end
    assert detect_encoding(cut, complete=False) == ("utf-8", b"")
    assert detect_encoding(cut, complete=True) == ("gb18030", b"")
    assert detect_encoding(gbk, complete=True, encoding="UTF8") == ("utf-8", b"")


def test_csv_rows_become_listings_with_json_text_columns(tmp_path):
    path = write(tmp_path / "c.csv", CSV_TEXT, "gb18030")
    outcomes = list(Linter(Config(select=("fake-platform-claim",))).run(read_catalog(path)))
    assert not [o for o in outcomes if o.error]
    findings = [f for o in outcomes for f in o.findings]
    assert [(f.listing_id, f.line, f.field, f.text) for f in findings] == [("1", 2, "title", "百亿补贴")]


def test_csv_bad_rows_are_errors_and_the_rest_is_read(tmp_path):
    text = "\ufeff id ,title\n1,纯棉T恤\n2,a,b,c\n3,短裤,,\n4,\"x\x00\"\n5,衬衫\n"
    items = list(read_catalog(write(tmp_path / "bad.csv", text, "utf-8")))
    assert [r.data for r in records(items)][:2] == [{"id": "1", "title": "纯棉T恤"}, {"id": "3", "title": "短裤"}]
    assert records(items)[-1].data == {"id": "5", "title": "衬衫"}
    assert [e.line for e in errors(items)] == [3]
    assert "多于表头的 2 列" in errors(items)[0].message


def test_csv_undecodable_row(tmp_path):
    body = "".join(f"{i},纯棉短袖T恤男 夏季宽松 圆领\n" for i in range(30)).encode()
    path = tmp_path / "u.csv"
    path.write_bytes(b"id,title\n" + body + b"99,\xff\xff\n" + body)
    items = list(read_catalog(str(path)))
    assert len(records(items)) == 60
    assert [e.line for e in errors(items)] == [32]


def test_tsv_semicolons_and_encoding_override(tmp_path):
    tsv = write(tmp_path / "c.tsv", "id\ttitle\n1\t纯棉, T恤\n")
    assert [r.data for r in read_catalog(tsv)] == [{"id": "1", "title": "纯棉, T恤"}]
    semicolons = write(tmp_path / "s.csv", "id;title\n1;纯棉, T恤\n", "gbk")
    assert [r.data for r in read_catalog(semicolons)] == [{"id": "1", "title": "纯棉, T恤"}]
    # Big5 bytes happen to decode as GB18030 too; only the override gives the right text.
    big5 = write(tmp_path / "b.csv", "id,title\n1,純棉短袖\n", "big5")
    assert [r.data["title"] for r in read_catalog(big5, encoding="big5")] == ["純棉短袖"]
    for wrong in ("nope", "base64"):
        assert "未知的文本编码" in next(iter(read_catalog(big5, encoding=wrong))).message


def test_csv_header_problems(tmp_path):
    items = list(read_catalog(write(tmp_path / "h.csv", "title,title,detail\n纯棉,x,y\n")))
    messages = [e.message for e in errors(items)]
    assert any("重复" in m for m in messages) and any("没有 id 列" in m for m in messages)
    assert records(items)[0].data == {"title": "纯棉", "detail": "y"}


# -- XLSX -------------------------------------------------------------------------------------------

def make_xlsx(path: Path, rows: list[list]) -> str:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return str(path)


def test_xlsx_rows(tmp_path):
    path = make_xlsx(tmp_path / "c.xlsx", [
        ["id", " title ", "price", "skus", "virtual", "上架日期"],
        [1001, "【百亿补贴】纯棉T恤", 59.9, '[{"name": "白色", "price": 59.9}]', False, datetime.date(2024, 5, 1)],
        [None, None, None, None, None, None],
        ["A2", "短裤", None, None, True, None],
    ])
    items = list(read_catalog(path))
    assert [r.line for r in items] == [2, 4]
    assert items[0].data == {"id": 1001, "title": "【百亿补贴】纯棉T恤", "price": 59.9,
                             "skus": '[{"name": "白色", "price": 59.9}]', "virtual": False, "上架日期": "2024-05-01"}
    assert items[1].data == {"id": "A2", "title": "短裤", "virtual": True}
    outcomes = list(Linter(Config(select=("fake-platform-claim",))).run(iter(items)))
    assert [(f.listing_id, f.line) for o in outcomes for f in o.findings] == [("1001", 2)]


def test_xlsx_without_openpyxl(tmp_path, monkeypatch):
    path = make_xlsx(tmp_path / "c.xlsx", [["id"], ["1"]])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    [error] = list(read_catalog(path))
    assert "pip install 'listing-lint[xlsx]'" in error.message and error.line is None


def test_corrupt_xlsx_and_xls(tmp_path):
    [error] = read_catalog(write(tmp_path / "c.xlsx", "PK\x03\x04 not really a zip"))
    assert "不是可读取的 xlsx 工作簿" in error.message and str(tmp_path / "c.xlsx") in error.message
    [error] = read_catalog(write(tmp_path / "old.xls", "\xd0\xcf\x11\xe0", "latin-1"))
    assert "另存为 .xlsx" in error.message


# -- stdin, sniffing, whole-file errors -----------------------------------------------------------------

def fake_stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "\n".join(json.dumps(row, ensure_ascii=False) for row in ROWS) + "\n",  # JSONL
    json.dumps(ROWS, ensure_ascii=False, indent=2),  # a JSON array
    "  " + json.dumps(ROWS, ensure_ascii=False),  # one line
])
def test_stdin_is_sniffed(monkeypatch, text):
    fake_stdin(monkeypatch, text.encode())
    items = list(read_catalog("-"))
    assert [r.data for r in items] == ROWS
    assert {r.source for r in items} == {"<stdin>"}


def test_stdin_single_pretty_object_and_broken_first_line(monkeypatch):
    fake_stdin(monkeypatch, json.dumps(ROWS[0], ensure_ascii=False, indent=2).encode())
    assert [(r.line, r.data) for r in read_catalog("-")] == [(1, ROWS[0])]
    fake_stdin(monkeypatch, b'{"id": \n{"id": "2"}\n')
    items = list(read_catalog("-"))
    assert [type(i).__name__ for i in items] == ["InputError", "Record"] and items[1].raw == '{"id": "2"}'


def test_stdin_without_a_byte_buffer(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": "1", "title": "纯棉"}\n'))
    assert [r.data for r in read_catalog("-")] == [{"id": "1", "title": "纯棉"}]


def test_unknown_extension_is_sniffed(tmp_path):
    path = write(tmp_path / "catalog.txt", "\n".join(json.dumps(row, ensure_ascii=False) for row in ROWS))
    assert [r.data for r in read_catalog(path)] == ROWS
    assert [r.data for r in read_catalog(write(tmp_path / "c.dat", json.dumps(ROWS)))] == ROWS
    [error] = read_catalog(write(tmp_path / "notes.txt", "这不是商品目录"))
    assert "无法识别的商品目录格式" in error.message


def test_whole_file_errors_name_the_file(tmp_path):
    missing = str(tmp_path / "missing.jsonl")
    [error] = read_catalog(missing)
    assert (error.source, error.line, error.field) == (missing, None, None)
    assert missing in error.message and "文件不存在" in error.message
    [error] = read_catalog(str(tmp_path))
    assert str(tmp_path) in error.message
    assert list(read_catalog(write(tmp_path / "empty.jsonl", "\n\n"))) == []


def test_gzip_or_binary_junk_is_one_clear_error(tmp_path):
    path = tmp_path / "junk.json"
    path.write_bytes(bytes(range(256)) * 10)
    items = list(read_catalog(str(path)))
    assert len(items) == 1 and isinstance(items[0], InputError)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300),
                      st.text(alphabet='{}[]",:\n\r\t 0a\\\ufeff中', max_size=200).map(str.encode)),
       suffix=st.sampled_from([".jsonl", ".json", ".csv", ".tsv", ".xlsx", ".txt"]))
def test_no_input_raises(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in read_catalog(str(path)):
        assert isinstance(item, (Record, InputError))
        if isinstance(item, Record):
            assert isinstance(item.data, dict)


def test_xlsx_line_is_the_sheet_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"], sheet["C3"] = "id", "title"  # the table starts at row 3, column B
    sheet["B4"], sheet["C4"] = "1", "纯棉T恤"
    sheet["B7"], sheet["C7"] = "2", "短裤"
    workbook.save(tmp_path / "gap.xlsx")
    assert [(r.line, r.data) for r in read_catalog(str(tmp_path / "gap.xlsx"))] == [
        (4, {"id": "1", "title": "纯棉T恤"}), (7, {"id": "2", "title": "短裤"})]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".json"])
def test_memory_stays_flat(tmp_path, monkeypatch, suffix):
    import tracemalloc

    monkeypatch.setattr(reader, "SAMPLE_SIZE", 1 << 16)
    rows = ({"id": str(i), "title": "纯棉短袖T恤男 夏季宽松" * 3, "detail": "详情" * 100} for i in range(10_000))
    path = tmp_path / f"big{suffix}"
    with open(path, "w", encoding="utf-8") as out:
        if suffix == ".csv":
            out.write("id,title,detail\n")
            out.writelines(f"{r['id']},{r['title']},{r['detail']}\n" for r in rows)
        elif suffix == ".json":
            out.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n]")
        else:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    assert path.stat().st_size > 5_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_catalog(str(path)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert peak < 2_000_000  # a few chunks, whatever the size of the file
