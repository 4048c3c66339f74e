"""Columns of a field's characters in a raw JSON line, through escapes, at the right nesting level."""

from __future__ import annotations

import json
import time
import timeit

from hypothesis import given
from hypothesis import strategies as st

from listing_lint.locate import encode_like, find_string_literal, literal_positions, locate


def sliced(raw: str, columns: tuple[int, int] | None) -> str | None:
    return None if columns is None else raw[columns[0] - 1:columns[1] - 1]


RECORD = {
    "detail": '"title": "百亿补贴" 写在详情里',  # the key's text inside another value
    "meta": {"title": "嵌套的 title"},  # the key at another level
    "title": '【百亿补贴】纯棉"T恤"😀\n男',
    "attributes": {"材质": "纯棉", "a.b": "带点的键"},
    "skus": [{"name": "白色"}, {"name": "百亿补贴 黑色", "price": 1}],
}


def test_fields_at_every_level_and_both_escape_styles():
    for ascii_only in (False, True):
        raw = json.dumps(RECORD, ensure_ascii=ascii_only)
        encode = lambda s: json.dumps(s, ensure_ascii=ascii_only)[1:-1]  # noqa: E731
        title = RECORD["title"]
        assert sliced(raw, locate(raw, "title", 1, 5)) == encode("百亿补贴")
        assert sliced(raw, locate(raw, "title", 8, 15)) == encode(title[8:15])  # quotes, emoji, newline
        assert sliced(raw, locate(raw, "skus[1].name", 0, 4)) == encode("百亿补贴")
        assert sliced(raw, locate(raw, "attributes.材质", 0, 2)) == encode("纯棉")
        assert sliced(raw, locate(raw, "attributes.a.b", 1, 2)) == encode("点")
        assert sliced(raw, locate(raw, "detail", 0, 0)) == ""


def test_columns_are_code_points_and_end_column_is_exclusive_plus_one():
    raw = '{"id": "1", "title": "😀百亿补贴"}'
    assert locate(raw, "title", 1, 5) == (24, 28)
    assert raw[23] == "百" and raw[26] == "贴"


def test_escaped_key_and_repeated_key():
    raw = r'{"ti\u0074le": "first", "title": "百亿补贴"}'
    assert sliced(raw, locate(raw, "title", 0, 2)) == "百亿"  # the last of a repeated key counts, as in json
    raw = r'{"ti\u0074le": "百亿补贴"}'
    assert sliced(raw, locate(raw, "title", 0, 2)) == "百亿"


def test_not_found_is_none():
    raw = json.dumps(RECORD, ensure_ascii=False)
    assert locate(raw, "brand", 0, 1) is None
    assert locate(raw, "skus[5].name", 0, 1) is None
    assert locate(raw, "skus[1].price", 0, 1) is None  # not a string
    assert locate(raw, "title", 0, 99) is None  # beyond the value
    assert locate(raw, "title", 3, 2) is None
    assert locate("not json", "title", 0, 1) is None
    assert locate('{"title": "未闭合', "title", 0, 1) is None
    assert locate(r'{"title": "bad \q escape"}', "title", 0, 1) is None
    assert locate('[{"title": "x"}]', "title", 0, 1) is None
    assert locate('{"a": 1] "title": "x"}', "title", 0, 1) is None
    assert locate('{"skus": [{"name": "x"}}', "skus[1].name", 0, 1) is None


def test_deeply_nested_neighbour_does_not_crash():
    raw = '{"a": ' + "[" * 50_000 + "]" * 50_000 + ', "title": "x"}'
    assert sliced(raw, locate(raw, "title", 0, 1)) == "x"


def test_escaping_that_json_dumps_would_not_write():
    raw = r'{"title": "a\/b\u00E9\u4e2d\ud83d\ude00\n中"}'  # escaped slash, upper-case hex, mixed styles
    value = json.loads(raw)["title"]
    assert value == "a/bé中😀\n中"
    expected = ["a", "\\/", "b", "\\u00E9", "\\u4e2d", "\\ud83d\\ude00", "\\n", "中"]
    for offset, written in enumerate(expected):
        assert sliced(raw, locate(raw, "title", offset, offset + 1)) == written


def test_literal_positions_at_escapes_and_end():
    raw = r'{"t": "a\nb\u4e2d\ud83d\ude00c"}'
    literal = find_string_literal(raw, "t")
    assert raw[literal[0]:literal[1]] == r'"a\nb\u4e2d\ud83d\ude00c"'
    value = json.loads(raw)["t"]
    positions = literal_positions(raw, literal, range(len(value) + 1))
    assert [raw[p] for p in positions] == ["a", "\\", "b", "\\", "\\", "c", '"']
    assert literal_positions(raw, literal, [len(value) + 1]) is None


def test_encode_like_keeps_the_literals_style():
    assert encode_like('纯棉"T恤"', '"\\u7eaf"') == '\\u7eaf\\u68c9\\"T\\u6064\\"'
    assert encode_like('纯棉"T恤"', '"纯 \\n"') == '纯棉\\"T恤\\"'


def test_fast_enough_for_one_call_per_finding():
    raw = json.dumps({"id": "1", "detail": "详情" * 200, "title": "百亿补贴 纯棉T恤 " * 3,
                      "skus": [{"name": f"款{i}", "price": 9.9} for i in range(5)]}, ensure_ascii=False)
    decoding = min(timeit.repeat(lambda: json.loads(raw), number=2000, repeat=3))
    locating = min(timeit.repeat(lambda: locate(raw, "skus[4].name", 0, 1), number=2000, repeat=3))
    assert locating < 20 * decoding  # measured ≈6× one json.loads of the line


KEYS = st.sampled_from(["title", "detail", "id", "brand", "x"])
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=8,
)


@given(value=st.text(), others=st.dictionaries(KEYS.filter(lambda k: k != "title"), JSON_VALUES, max_size=4),
       ascii_only=st.booleans(), cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
       title_first=st.booleans(), indent=st.sampled_from([None, 1]))
def test_columns_slice_the_json_encoding_of_the_substring(value, others, ascii_only, cut, title_first, indent):
    start, end = sorted(int(c * len(value)) for c in cut)
    record = {"title": value, **others} if title_first else {**others, "title": value}
    raw = json.dumps(record, ensure_ascii=ascii_only, indent=indent)
    columns = locate(raw, "title", start, end)
    assert columns is not None
    assert sliced(raw, columns) == json.dumps(value[start:end], ensure_ascii=ascii_only)[1:-1]


@given(names=st.lists(st.text(max_size=6), min_size=1, max_size=4), data=st.data(), ascii_only=st.booleans())
def test_sku_names_property(names, data, ascii_only):
    index = data.draw(st.integers(0, len(names) - 1))
    raw = json.dumps({"id": "1", "skus": [{"price": 1, "name": n} for n in names]}, ensure_ascii=ascii_only)
    name = names[index]
    columns = locate(raw, f"skus[{index}].name", 0, len(name))
    assert sliced(raw, columns) == json.dumps(name, ensure_ascii=ascii_only)[1:-1]


@given(value=st.text(st.sampled_from(["😀", "\U0001f3fd", "中", "a", '"', "\\", "\n", "\u2028", "\x00", "\udfff"])),
       cut=st.tuples(st.floats(0, 1), st.floats(0, 1)), ascii_only=st.booleans())
def test_runs_of_escapes_and_surrogate_pairs(value, cut, ascii_only):
    start, end = sorted(int(c * len(value)) for c in cut)
    raw = json.dumps({"detail": value, "title": value}, ensure_ascii=ascii_only)
    assert sliced(raw, locate(raw, "title", start, end)) == json.dumps(value[start:end], ensure_ascii=ascii_only)[1:-1]


def test_megabyte_of_escaped_text_is_cheap():
    value = "纯棉面料亲肤透气😀" * 120_000  # a 1 MB detail written with ensure_ascii: one long run of \\u escapes
    raw = json.dumps({"id": "1", "detail": value})
    decoding = max(timeit.repeat(lambda: json.loads(raw), number=1, repeat=3))  # the yardstick, in C
    started = time.perf_counter()
    for offset in range(len(value) - 50, len(value) - 40):
        assert sliced(raw, locate(raw, "detail", offset, offset + 3)) == json.dumps(value[offset:offset + 3])[1:-1]
    assert (time.perf_counter() - started) / 10 < 10 * decoding  # ≈3×; a walk escape by escape is ≈30×
