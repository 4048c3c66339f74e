"""Applying fixes: only the fixed characters change, byte for byte; a second run changes nothing."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listing_lint import Config, Finding, Fix, Linter
from listing_lint.fixer import FixError, apply_fixes, cell_spans
from listing_lint.locate import find_string_literal
from listing_lint.reader import InputError, Record, read_catalog

LINTER = Linter(Config(select=("fake-platform-claim",)))


def lint_file(path) -> list[Finding]:
    return [finding for outcome in LINTER.run(read_catalog(str(path))) for finding in outcome.findings]


def fix_twice(path: Path, **options):
    """Fix, then lint the fixed file and fix again: the second run must change nothing at all."""
    first = apply_fixes(str(path), lint_file(path), **options)
    fixed = path.read_bytes()
    modified = path.stat().st_mtime_ns
    second = apply_fixes(str(path), lint_file(path), **options)
    assert (second.applied, second.conflicts, second.stale, second.diff) == (0, 0, 0, "")
    assert path.read_bytes() == fixed and path.stat().st_mtime_ns == modified
    return first


def manual(path, line, field, value, start, end, replacement, *, safe=True, listing_id="1") -> Finding:
    """A finding as a rule would report it, with a fix of ``value[start:end]``."""
    return Finding(listing_id=listing_id, rule="absolute-wording", severity="error", field=field,
                   start=start, end=end, text=value[start:end], message="m", source=str(path), line=line,
                   fix=Fix(start, end, replacement, safe=safe))


# -- JSONL ------------------------------------------------------------------------------------------

JSONL_LINES = [
    b'{"id":"1","title":"\xe3\x80\x90\xe7\x99\xbe\xe4\xba\xbf\xe8\xa1\xa5\xe8\xb4\xb4\xe3\x80\x91\xe7\xba\xaf\xe6\xa3\x89T\xe6\x81\xa4","detail":"a\\/b \\u00e9"}\n',
    b'{ "id" : "2" , "title" : "\\u7eaf\\u68c9T\\u6064 \\u767e\\u4ebf\\u8865\\u8d34 \\u7537" }\r\n',
    b'{"id": "3", title}\n',
    b'\n',
    '{"id": "5", "skus": [{"name": "百亿补贴 白色", "price": 9}, {"name": "黑色"}], "title": "短袖"}\n'.encode(),
    '{"id": "6", "title": "百亿补贴 纯棉T恤", "campaigns": ["百亿补贴"]}\n'.encode(),
    '{"id": "7",  "title": "纯棉T恤 \\"百亿补贴\\"款"}'.encode(),  # the last line has no newline
]


def test_jsonl_only_the_fixed_literals_change(tmp_path):
    path = tmp_path / "c.jsonl"
    original = b"\xef\xbb\xbf" + b"".join(JSONL_LINES)
    path.write_bytes(original)
    report = fix_twice(path)
    expected = (original
                .replace("【百亿补贴】纯棉T恤".encode(), "纯棉T恤".encode())
                .replace(b"\\u7eaf\\u68c9T\\u6064 \\u767e\\u4ebf\\u8865\\u8d34 \\u7537", b"\\u7eaf\\u68c9T\\u6064 \\u7537")
                .replace("百亿补贴 白色".encode(), "白色".encode())
                .replace('纯棉T恤 \\"百亿补贴\\"款'.encode(), '纯棉T恤款'.encode()))  # the quotes go too
    assert path.read_bytes() == expected
    assert (report.applied, report.skipped_unsafe, report.conflicts, report.stale) == (4, 0, 0, 0)
    changed = [line for line in report.diff.splitlines() if line.startswith(("-", "+"))]
    assert len(changed) == 2 + 2 * 4  # the two file names, then one - and one + per fixed line
    assert changed[0] == f"--- a/{path}" and changed[1] == f"+++ b/{path}"


def test_unicode_escaped_literal_gets_escaped_replacement(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "1", "title": "\\u6700\\u597d\\u7684T\\u6064"}\n')
    value = "最好的T恤"
    report = apply_fixes(str(path), [manual(path, 1, "title", value, 0, 2, "优质", safe=False)], unsafe=True)
    assert report.applied == 1
    assert path.read_bytes() == b'{"id": "1", "title": "\\u4f18\\u8d28\\u7684T\\u6064"}\n'
    path.write_bytes('{"id": "1", "title": "最好的T恤"}\n'.encode())
    apply_fixes(str(path), [manual(path, 1, "title", value, 0, 2, '"优"\n', safe=False)], unsafe=True)
    assert path.read_bytes() == '{"id": "1", "title": "\\"优\\"\\n的T恤"}\n'.encode()
    assert next(iter(read_catalog(str(path)))).data["title"] == '"优"\n的T恤'


def test_unsafe_fixes_only_when_asked(tmp_path):
    path = tmp_path / "c.jsonl"
    original = '{"id": "1", "title": "最好的纯棉T恤"}\n'.encode()
    path.write_bytes(original)
    finding = manual(path, 1, "title", "最好的纯棉T恤", 0, 3, "", safe=False)
    report = apply_fixes(str(path), [finding])
    assert (report.applied, report.skipped_unsafe, report.diff) == (0, 1, "")
    assert path.read_bytes() == original
    report = apply_fixes(str(path), [finding], unsafe=True)
    assert report.applied == 1 and path.read_bytes() == '{"id": "1", "title": "纯棉T恤"}\n'.encode()


def test_overlapping_fixes_are_conflicts_and_the_rightmost_wins(tmp_path):
    path = tmp_path / "c.jsonl"
    value = "百亿补贴最好的纯棉T恤"
    path.write_text(json.dumps({"id": "1", "title": value}, ensure_ascii=False) + "\n", encoding="utf-8")
    findings = [
        manual(path, 1, "title", value, 0, 4, ""),
        manual(path, 1, "title", value, 2, 6, "X"),  # overlaps both neighbours
        manual(path, 1, "title", value, 4, 6, "优质"),
        manual(path, 1, "title", value, 4, 6, "优质"),  # the same edit twice is one edit
        manual(path, 1, "title", value, 11, 11, "!"),  # an insertion at the end
    ]
    report = apply_fixes(str(path), findings)
    assert (report.applied, report.conflicts) == (3, 1)
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "优质的纯棉T恤!"


def test_changed_file_makes_fixes_stale(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "1", "title": "【百亿补贴】纯棉T恤"}\n{"id": "2", "title": "百亿补贴 短裤"}\n',
                    encoding="utf-8")
    findings = lint_file(path)
    edited = '{"id": "1", "title": "新【百亿补贴】纯棉T恤"}\n{"id": "9", "title": "百亿补贴 短裤"}\n'
    path.write_text(edited, encoding="utf-8")
    report = apply_fixes(str(path), findings)
    assert (report.applied, report.stale, report.diff) == (0, 2, "")
    assert path.read_text(encoding="utf-8") == edited


def test_write_false_only_reports(tmp_path):
    path = tmp_path / "c.jsonl"
    original = '{"id": "1", "title": "【百亿补贴】纯棉T恤"}\n'
    path.write_text(original, encoding="utf-8")
    report = apply_fixes(str(path), lint_file(path), write=False)
    assert report.applied == 1 and "+{\"id\": \"1\", \"title\": \"纯棉T恤\"}" in report.diff
    assert path.read_text(encoding="utf-8") == original


def test_findings_of_other_files_and_without_fix_are_ignored(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "1", "title": "【百亿补贴】纯棉T恤"}\n', encoding="utf-8")
    other = tmp_path / "other.jsonl"
    findings = [manual(other, 1, "title", "【百亿补贴】纯棉T恤", 1, 5, "")]
    assert apply_fixes(str(path), findings).applied == 0
    relative = os.path.relpath(path)  # the same file named differently still counts
    assert apply_fixes(str(path), [manual(relative, 1, "title", "【百亿补贴】纯棉T恤", 0, 6, "")]).applied == 1


# -- JSON -------------------------------------------------------------------------------------------

def test_json_array_keeps_its_layout(tmp_path):
    path = tmp_path / "c.json"
    text = ('[\n  {"id": "1", "title": "【百亿补贴】纯棉T恤"},\t{"id": "2", "title": "短裤 百亿补贴"},\n'
            '  {\n    "id": "3",\n    "skus": [ {"name": "百亿补贴白色"} ],\n    "title": "x"\n  }\n]\n')
    path.write_text(text, encoding="utf-8")
    report = fix_twice(path)
    assert report.applied == 3
    assert path.read_text(encoding="utf-8") == (
        text.replace("【百亿补贴】纯棉T恤", "纯棉T恤").replace("短裤 百亿补贴", "短裤").replace("百亿补贴白色", "白色"))


def test_single_pretty_object(tmp_path):
    path = tmp_path / "one.json"
    text = json.dumps({"id": "1", "title": "【百亿补贴】纯棉T恤", "detail": "x"}, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    fix_twice(path)
    assert path.read_text(encoding="utf-8") == text.replace("【百亿补贴】", "")


# -- CSV --------------------------------------------------------------------------------------------

CSV_TEXT = (
    'id,title,detail,skus\r\n'
    '1,【百亿补贴】纯棉T恤,"多行\r\n详情, 有逗号",\r\n'
    '2,"短裤, 百亿补贴 男",,"[{""name"": ""百亿补贴 白色"", ""price"": 9}]"\r\n'
    '3,夏季衬衫,,\r\n'
    '4,"""百亿补贴""T恤",,'  # no line ending at the end
)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16"])
def test_csv_only_the_fixed_cells_change(tmp_path, encoding):
    path = tmp_path / "c.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    report = fix_twice(path)
    assert report.applied == 4
    expected = (CSV_TEXT.replace("【百亿补贴】纯棉T恤", "纯棉T恤")
                .replace('"短裤, 百亿补贴 男"', '"短裤, 男"')
                .replace('""百亿补贴 白色""', '""白色""')
                .replace('"""百亿补贴""T恤"', '"T恤"'))  # the quotes go too; the cell keeps its quoting
    assert path.read_bytes() == expected.encode(encoding)
    assert [r.data.get("title") for r in read_catalog(str(path))] == ["纯棉T恤", "短裤, 男", "夏季衬衫", "T恤"]


def test_csv_cell_that_needs_quotes_after_the_fix(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("id;title\n1;最好的T恤\n".encode("gbk"))
    finding = manual(path, 2, "title", "最好的T恤", 0, 2, '优质;"好"', safe=False)
    assert apply_fixes(str(path), [finding], unsafe=True).applied == 1
    assert path.read_bytes() == 'id;title\n1;"优质;""好""的T恤"\n'.encode("gbk")
    assert [r.data["title"] for r in read_catalog(str(path))] == ['优质;"好"的T恤']


def test_csv_cell_spans():
    row = 'a,"b,""c""\r\nd",,"e"x,f\r\n'
    assert [row[a:b] for a, b in cell_spans(row, ",")] == ["a", '"b,""c""\r\nd"', "", '"e"x', "f"]


def test_undecodable_bytes_elsewhere_are_kept(tmp_path):
    path = tmp_path / "c.csv"
    body = "".join(f"{i},纯棉短袖T恤男 夏季宽松 圆领\n" for i in range(30)).encode()
    original = "id,title\n1,【百亿补贴】T\n".encode() + body + b"x,\xff\n"
    path.write_bytes(original)
    findings = lint_file(path)
    report = apply_fixes(str(path), findings)
    assert report.applied == 1 and "\ufffd" not in report.diff
    assert path.read_bytes() == original.replace("【百亿补贴】".encode(), b"")
    path.write_bytes(original)
    with pytest.raises(FixError, match="无法逐字节还原"):
        apply_fixes(str(path), findings, encoding="utf-16")


# -- XLSX -------------------------------------------------------------------------------------------

def test_xlsx_cell_is_set_and_styles_kept(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.styles import Font

    path = tmp_path / "c.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "title", "price", "skus"])
    sheet.append([1001, "【百亿补贴】纯棉T恤", 59.9, '[{"name": "百亿补贴 白色", "price": 59.9}]'])
    sheet.append([1002, "夏季短裤", 29, None])
    sheet["B2"].font = Font(bold=True, color="FF0000")
    sheet.column_dimensions["B"].width = 40
    workbook.save(path)

    report = fix_twice(path)
    assert report.applied == 2
    assert "B2\ttitle" in report.diff and "+D2\tskus" in report.diff
    fixed = openpyxl.load_workbook(path).active
    assert [[cell.value for cell in row] for row in fixed.iter_rows()] == [
        ["id", "title", "price", "skus"],
        [1001, "纯棉T恤", 59.9, '[{"name": "白色", "price": 59.9}]'],
        [1002, "夏季短裤", 29, None],
    ]
    assert fixed["B2"].font.bold and fixed["B2"].font.color.rgb == "00FF0000"
    assert fixed.column_dimensions["B"].width == 40


def test_xlsx_without_openpyxl(tmp_path, monkeypatch):
    pytest.importorskip("openpyxl")
    path = tmp_path / "c.xlsx"
    path.write_bytes(b"PK\x03\x04")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(FixError, match=r"listing-lint\[xlsx\]"):
        apply_fixes(str(path), [manual(path, 2, "title", "最好", 0, 2, "")])


# -- the file as a whole ----------------------------------------------------------------------------

def test_stdin_cannot_be_fixed():
    for name in ("-", "<stdin>"):  # the path given, or the source the reader names stdin by
        with pytest.raises(FixError, match="标准输入"):
            apply_fixes(name, [])


def test_unreadable_file(tmp_path):
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(FixError, match="文件不存在"):
        apply_fixes(str(missing), [manual(missing, 1, "title", "最好", 0, 2, "")])


def test_write_is_atomic_keeps_permissions_and_symlinks(tmp_path):
    real = tmp_path / "data" / "c.jsonl"
    real.parent.mkdir()
    real.write_text('{"id": "1", "title": "【百亿补贴】纯棉T恤"}\n', encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    report = apply_fixes(str(link), lint_file(link))
    assert report.applied == 1
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["title"] == "纯棉T恤"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["c.jsonl"]  # no temporary file left


def test_fixed_catalog_reads_back_as_the_linter_expects(tmp_path):
    """End to end: every record of the fixed file reads and lints clean of the fixed rule."""
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"".join(JSONL_LINES))
    apply_fixes(str(path), lint_file(path))
    items = list(read_catalog(str(path)))
    assert [type(item) for item in items] == [Record, Record, InputError, Record, Record, Record]
    assert lint_file(path) == []


# -- properties -------------------------------------------------------------------------------------

ALPHABET = '纯棉T恤男女 "\\\n😀,;\t\u200b'
TITLES = st.tuples(st.text(ALPHABET, max_size=8), st.sampled_from(["百亿补贴", "【百亿补贴】", "百億補貼"]),
                   st.text(ALPHABET, max_size=8)).map("".join)
PLAIN = st.text(ALPHABET, max_size=10)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.one_of(TITLES, PLAIN), min_size=1, max_size=5), ascii_only=st.booleans(),
       crlf=st.booleans())
def test_jsonl_fix_property(tmp_path, titles, ascii_only, crlf):
    path = tmp_path / "p.jsonl"
    records = [{"id": str(i), "title": title, "detail": "详情 \"x\""} for i, title in enumerate(titles)]
    lines = [json.dumps(r, ensure_ascii=ascii_only) + ("\r\n" if crlf else "\n") for r in records]
    path.write_text("".join(lines), encoding="utf-8", newline="")
    findings = lint_file(path)
    suggestions = {f.listing_id: f.suggestion for f in findings if f.field == "title"}
    single = {i for i in suggestions if sum(f.listing_id == i for f in findings) == 1}
    fix_twice(path)
    fixed = path.read_bytes().decode("utf-8").split("\n")
    for record, old, new in zip(records, lines, fixed):
        if record["id"] not in suggestions:
            assert new + "\n" == old
            continue
        a, b = find_string_literal(old, "title")
        c, d = find_string_literal(new, "title")
        assert (old[:a], old[b:]) == (new[:c], new[d:] + "\n")  # only the literal changed
        if record["id"] in single:
            assert json.loads(new)["title"] == suggestions[record["id"]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.one_of(TITLES, PLAIN), min_size=1, max_size=5),
       encoding=st.sampled_from(["gb18030", "utf-8-sig", "utf-8"]), quote_all=st.booleans(),
       terminator=st.sampled_from(["\r\n", "\n"]), delimiter=st.sampled_from([",", ";", "\t"]))
def test_csv_fix_property(tmp_path, titles, encoding, quote_all, terminator, delimiter):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(["id", "title", "detail"])
    for i, title in enumerate(titles):
        writer.writerow([str(i), title, "详情, \"x\""])
    path = tmp_path / ("p.tsv" if delimiter == "\t" else "p.csv")
    original = buffer.getvalue()
    path.write_bytes(original.encode(encoding))
    findings = lint_file(path)
    single = {f.listing_id: f.suggestion for f in findings
              if f.field == "title" and sum(g.listing_id == f.listing_id for g in findings) == 1}
    fix_twice(path)
    after = path.read_bytes().decode(encoding)
    rows = {r.data["id"]: r.data.get("title", "") for r in read_catalog(str(path))}
    flagged = {f.listing_id for f in findings}
    for i, title in enumerate(titles):
        if str(i) not in flagged:
            assert rows[str(i)] == title
        elif str(i) in single:
            assert rows[str(i)] == single[str(i)]
    # Outside the title cells nothing moved: the same text once every title cell is blanked.
    def without_titles(text: str) -> list:
        return [row[:1] + row[2:] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]

    assert without_titles(after) == without_titles(original)
    assert after.endswith(terminator) and after.count("\r\n") == original.count("\r\n")  # titles hold no \r


def test_xlsx_with_drawings_is_not_fixed(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.chart import BarChart, Reference

    path = tmp_path / "chart.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "title", "price"])
    sheet.append(["1", "【百亿补贴】纯棉T恤", 59])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=2))
    sheet.add_chart(chart, "E2")
    workbook.save(path)
    original = path.read_bytes()
    with pytest.raises(FixError, match="图片/图表/形状"):
        apply_fixes(str(path), lint_file(path))
    assert path.read_bytes() == original
    assert "+B2\ttitle\t\"纯棉T恤\"" in apply_fixes(str(path), lint_file(path), write=False).diff  # --diff still shows it
