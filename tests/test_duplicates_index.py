"""listing_lint.duplicates.index (DuplicateIndex), ``listing-lint index build|add`` and ``check --index``."""

from __future__ import annotations

import io
import json
import multiprocessing
import pickle
import sqlite3

import pytest

from listing_lint import Config, Linter
from listing_lint.cli import main
from listing_lint.duplicates import DuplicateIndex
from listing_lint.duplicates.index import IndexOpenError, open_index
from listing_lint.lexicon import Lexicon

CATALOG = [
    {"id": "p1", "shop_id": "s1", "title": "美的电饭煲 3L 家用智能预约 不粘内胆", "category": "厨房电器/电饭煲", "brand": "美的"},
    {"id": "p2", "shop_id": "s1", "title": "美的电饭煲 5L 家用智能预约 不粘内胆", "category": "厨房电器/电饭煲", "brand": "美的"},
    {"id": "p3", "shop_id": "s1", "title": "美的电热水壶 1.7L 304不锈钢 自动断电", "category": "厨房电器/电热水壶"},
    {"id": "p4", "shop_id": "s2", "title": "美的电饭煲 3L 家用智能预约 不粘内胆", "category": "厨房电器/电饭煲", "brand": "美的"},
    {"id": "p5", "shop_id": "s1"},  # no title: nothing to index
]
NEW = {"id": "n1", "shop_id": "s1", "title": "【新款】美的 家用电饭煲 智能预约 3L 不粘内胆 包邮",
       "category": "厨房电器/电饭煲", "brand": "美的"}


@pytest.fixture
def index(tmp_path):
    built = DuplicateIndex.build(CATALOG, tmp_path / "catalog.idx")
    yield built
    built.close()


def test_query_finds_the_same_goods_of_the_same_shop(index):
    assert len(index) == 4
    assert index.query(NEW) == ["p1"]
    assert index.query({**NEW, "shop_id": "s2"}) == ["p4"]
    assert index.query({**NEW, "shop_id": "s3"}) == []
    assert index.query({**NEW, "title": NEW["title"].replace("3L", "5L")}) == ["p2"]
    assert index.query({**NEW, "title": NEW["title"].replace("3L", "4L")}) == []
    assert index.query({**NEW, "brand": "苏泊尔"}) == []
    assert index.query({"id": "n2", "shop_id": "s1"}) == []


def test_a_listing_is_not_its_own_duplicate(index):
    assert index.query(CATALOG[0]) == []


def test_add_and_replace(index, tmp_path):
    assert index.add([NEW]) == 1
    assert sorted(index.query({**NEW, "id": "n9"})) == ["n1", "p1"]
    # Adding a listing again under its id replaces it.
    index.add([{**NEW, "title": "美的电热水壶 1.7L 304不锈钢 自动断电", "category": "厨房电器/电热水壶", "brand": None}])
    assert index.query({**NEW, "id": "n9"}) == ["p1"]
    assert len(index) == 5
    reopened = DuplicateIndex.open(tmp_path / "catalog.idx")
    assert sorted(reopened.query(CATALOG[2])) == ["n1"]
    reopened.close()


def test_large_buckets_are_searched_by_bands(tmp_path):
    # One shop, one bucket of 30 listings: with brute_force_max 10 the bucket gets LSH band keys.
    titles = [f"家居收纳盒 款式{i} 多功能 桌面整理" for i in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒"]
    listings = [{"id": f"b{i}", "shop_id": "s", "title": t} for i, t in enumerate(titles)]
    index = DuplicateIndex.build(listings, tmp_path / "big.idx", options={"brute_force_max": 10})
    with sqlite3.connect(tmp_path / "big.idx") as connection:
        assert connection.execute("SELECT COUNT(*) FROM bands").fetchone()[0] == 30 * index.options.bands
    probe = {"id": "new", "shop_id": "s", "title": "【爆款】家居收纳盒 多功能 款式甲 桌面整理"}
    assert index.query(probe) == ["b0"]
    index.add([{"id": "b99", "shop_id": "s", "title": "家居收纳盒 款式甲 多功能 桌面整理 现货"}])
    assert sorted(index.query(probe)) == ["b0", "b99"]
    # Replacing a banded listing drops its old band keys.
    index.add([{"id": "b0", "shop_id": "s", "title": "家居收纳盒 款式乙 多功能 桌面整理"}])
    assert index.query(probe) == ["b99"]
    with sqlite3.connect(tmp_path / "big.idx") as connection:
        assert connection.execute("SELECT COUNT(*) FROM bands").fetchone()[0] == 31 * index.options.bands
    index.close()


def test_open_errors(tmp_path):
    with pytest.raises(IndexOpenError, match="索引文件不存在"):
        open_index(tmp_path / "missing.idx", Lexicon())
    not_an_index = tmp_path / "catalog.jsonl"
    not_an_index.write_text('{"id": "1"}\n', encoding="utf-8")
    with pytest.raises(IndexOpenError, match="不是 listing-lint 重复铺货索引"):
        open_index(not_an_index, Lexicon())
    other_db = tmp_path / "other.db"
    with sqlite3.connect(other_db) as connection:
        connection.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    with pytest.raises(IndexOpenError, match="不是 listing-lint 重复铺货索引"):
        open_index(other_db, Lexicon())
    damaged = tmp_path / "damaged.idx"
    DuplicateIndex.build(CATALOG, damaged).close()
    with sqlite3.connect(damaged) as connection:
        connection.execute("UPDATE meta SET value = '{\"bands\": 2}' WHERE key = 'options'")
    with pytest.raises(IndexOpenError, match="选项无法读取"):
        open_index(damaged, Lexicon())


def test_an_index_opened_with_the_configured_dictionaries_matches_as_it_was_built(tmp_path):
    # A hot word of the user's dictionaries: without it, 第二件半价 reads as an amount (2 件), a variant.
    hot_words = tmp_path / "hot_words.tsv"
    hot_words.write_text("word\tkind\tsource\n第二件半价\tprice\t本店活动\n", encoding="utf-8")
    configured = {"duplicates/hot_words": [hot_words]}
    published = {**NEW, "id": "t1", "title": "美的电饭煲 3L 家用智能预约 不粘内胆 第二件半价"}
    DuplicateIndex.build([published], tmp_path / "catalog.idx", lexicon=Lexicon(configured)).close()
    again = {**published, "id": "t2"}
    with open_index(tmp_path / "catalog.idx", Lexicon(configured)) as index:
        assert index.query(again) == ["t1"]
    # The shipped dictionaries alone summarize the same title otherwise than index build did: no match.
    with open_index(tmp_path / "catalog.idx", Lexicon()) as index:
        assert index.query(again) == []


def test_the_index_pickles_as_its_path(index):
    copy = pickle.loads(pickle.dumps(index))
    assert copy.query(NEW) == ["p1"]
    copy.close()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork()")
def test_a_forked_process_opens_its_own_connection(index):
    # SQLite connections must not be used across fork(): `check --index X --jobs N` forks workers from a linter
    # whose index the parent has queried (warm_up), so a child must open its own connection to the file.
    assert index.query(NEW) == ["p1"]
    parent_connection = index._connection

    def child(pipe):
        answer = index.query(NEW), index.query({**NEW, "shop_id": "s2"})
        pipe.send((answer, index._connection is parent_connection, len(index)))
        index.close()  # closes the child's own connection only

    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=child, args=(sender,))
    process.start()
    answer, shared, size = receiver.recv()
    process.join()
    assert process.exitcode == 0
    assert answer == (["p1"], ["p4"]) and size == 4
    assert not shared
    # The parent's connection is still its own and still works.
    assert index._connection is parent_connection and index.query(NEW) == ["p1"]


def test_linter_with_an_index_reports_published_duplicates(index):
    for jobs in (1, 2):
        linter = Linter(Config(select=("duplicate-listing",)), context={"index": index})
        records = [NEW, {**NEW, "id": "n2", "title": "美的电饭煲 4L 家用智能预约 不粘内胆"}]
        from listing_lint.reader import Record

        outcomes = list(linter.run((Record("new.jsonl", i + 1, r) for i, r in enumerate(records)), jobs=jobs))
        findings = [f for o in outcomes for f in o.findings]
        assert [(f.listing_id, f.related) for f in findings] == [("n1", ("p1",))], jobs
        assert "已发布" in findings[0].message and findings[0].severity == "error"


def write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def run(*argv):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    catalog = write(tmp_path / "catalog.jsonl", CATALOG)
    code, _, err = run("index", "build", catalog, "-o", tmp_path / "catalog.idx")
    assert code == 0, err
    assert "共 4 个商品" in err
    new = write(tmp_path / "new.jsonl", [NEW])
    code, out, err = run("check", new, "--index", tmp_path / "catalog.idx", "--select", "duplicate-listing",
                         "--format", "json")
    assert code == 1, err
    findings = json.loads(out)
    assert [(f["listing_id"], f["related"]) for f in findings] == [("n1", ["p1"])]
    # index add: a broken line is an input error (exit 2), the other records are added.
    (tmp_path / "more.jsonl").write_text(json.dumps(NEW, ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    code, _, err = run("index", "add", tmp_path / "more.jsonl", "--index", tmp_path / "catalog.idx")
    assert code == 2 and "more.jsonl:2" in err
    assert len(DuplicateIndex.open(tmp_path / "catalog.idx")) == 5
    assert run("index", "add", catalog, "--index", tmp_path / "missing.idx")[0] == 2
    assert run("index")[0] == 2


def test_command_line_with_jobs_gives_the_findings_of_one_process(tmp_path, monkeypatch):
    # Worker processes (forked where the platform can) each query the index: the findings equal --jobs 1's.
    monkeypatch.chdir(tmp_path)
    catalog = write(tmp_path / "catalog.jsonl", CATALOG)
    assert run("index", "build", catalog, "-o", tmp_path / "catalog.idx")[0] == 0
    titles = [NEW["title"], NEW["title"].replace("3L", "5L"), NEW["title"].replace("3L", "4L")]
    new = write(tmp_path / "new.jsonl", [{**NEW, "id": f"n{i}", "title": titles[i % 3], "shop_id": f"s{1 + i % 2}"}
                                         for i in range(600)])
    outputs = {}
    for jobs in (1, 2):
        code, out, err = run("check", new, "--index", tmp_path / "catalog.idx", "--select", "duplicate-listing",
                             "--format", "json", "--no-progress", "--jobs", jobs)
        assert code == 1, err
        outputs[jobs] = [(f["listing_id"], f["related"]) for f in json.loads(out) if f["rule"] == "duplicate-listing"]
    assert {("n0", ("p1",)), ("n3", ("p4",)), ("n4", ("p2",))} <= {(i, tuple(r)) for i, r in outputs[1]}
    assert outputs[2] == outputs[1]
