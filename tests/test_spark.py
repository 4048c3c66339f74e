"""listing_lint.spark in Spark's local mode: the same findings and duplicate groups as one machine."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java", allow_module_level=True)

from listing_lint import Config, Linter  # noqa: E402
from listing_lint.duplicates import Features, GroupingOptions, find_groups  # noqa: E402
from listing_lint.duplicates.grouping import prepare  # noqa: E402
from listing_lint.lexicon import Lexicon  # noqa: E402
from listing_lint.listing import Listing  # noqa: E402
from listing_lint.spark import duplicate_groups, input_errors, lint_dataframe, listing_schema  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from generate_catalog import generate  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors import listing_lint from this venv
    session = (SparkSession.builder.master("local[2]").appName("listing-lint-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def spark_ready(record: dict) -> dict:
    """Numbers as the schema's doubles (JSON has one number type; Spark's schema two)."""
    record = {k: v for k, v in record.items() if k != "expect"}
    for key in ("price", "freight"):
        if isinstance(record.get(key), int):
            record[key] = float(record[key])
    record["skus"] = [{**sku, "price": float(sku["price"])} if isinstance(sku.get("price"), int) else sku
                      for sku in record.get("skus", [])]
    return record


@pytest.mark.parametrize("options", [{}, {"brute_force_max": 2}], ids=["default", "lsh"])
def test_duplicate_groups_equal_the_single_machine_path(spark, options):
    records = list(generate(2500, seed=5, shops=6))
    features = Features(Lexicon())
    summaries = [features.summarize_listing(Listing(r)) for r in records]
    shops = [r["shop_id"] for r in records]
    grouping = GroupingOptions.from_config(Lexicon(), options)
    if options:
        prepared = prepare(shops, summaries)
        sizes = {}
        for bucket in prepared.buckets.tolist():
            sizes[bucket] = sizes.get(bucket, 0) + 1
        assert max(sizes.values()) > grouping.brute_force_max  # the LSH path is exercised
    local = {frozenset(records[i]["id"] for i in group) for group in find_groups(shops, summaries, grouping)}
    rows = duplicate_groups(spark.createDataFrame(records, listing_schema()), options=options).collect()
    distributed: dict[int, set[str]] = {}
    for row in rows:
        distributed.setdefault(row["group"], set()).add(row["listing_id"])
    assert local and {frozenset(g) for g in distributed.values()} == local


def test_lint_dataframe_gives_the_cli_findings(spark):
    records = [spark_ready(json.loads(line)) for path in ("duplicates.jsonl", "wording.jsonl")
               for line in (ROOT / "corpus" / "labeled" / path).read_text(encoding="utf-8").splitlines()[:60]]
    expected = sorted(_key(f.to_dict()) for f in Linter(Config()).lint_many(records))
    findings = lint_dataframe(spark.createDataFrame(records, listing_schema())).collect()
    got = sorted(_key(row.asDict()) for row in findings)
    assert expected and got == expected
    assert any(key[1] == "duplicate-listing" for key in got)


def _key(finding: dict) -> tuple:
    return (finding["listing_id"], finding["rule"], finding["severity"], finding["field"], finding["start"],
            finding["end"], finding["text"], finding["message"], finding.get("suggestion"),
            tuple(finding.get("related") or ()))


def test_lint_ignore_drops_duplicate_findings_as_the_cli_does(spark):
    records = [spark_ready(json.loads(line)) for line in
               (ROOT / "corpus" / "labeled" / "duplicates.jsonl").read_text(encoding="utf-8").splitlines()[:60]]
    flagged = [f.listing_id for f in Linter(Config(select=("duplicate-listing",))).lint_many(records)]
    by_id, by_code = flagged[0], flagged[-1]
    for record in records:
        if record["id"] == by_id:
            record["lint_ignore"] = ["duplicate-listing"]
        elif record["id"] == by_code:
            record["lint_ignore"] = ["LL601"]
    expected = sorted(_key(f.to_dict()) for f in Linter(Config()).lint_many(records))
    assert not {by_id, by_code} & {key[0] for key in expected if key[1] == "duplicate-listing"}
    assert any(by_id in key[-1] for key in expected)  # still named in the other members' findings
    got = sorted(_key(row.asDict()) for row in lint_dataframe(spark.createDataFrame(records, listing_schema()))
                 .collect())
    assert got == expected


def test_group_findings_skip_members_that_ignore_the_rule():
    from listing_lint.registry import rule_class
    from listing_lint.spark import _group_findings

    linter = Linter(Config(), rules=[rule_class("duplicate-listing")])
    members = [(7, "b", "美的电饭煲 3L 家用", ["LL601"]), (3, "a", "美的电饭煲 3L", None),
               (9, "c", "美的电饭煲 3L 预约", ["duplicate-listing", "wording"]), (12, "d", "美的电饭煲", ["wording"])]
    rows = [dict(zip(("listing_id", "rule", "related"), (row[0], row[1], row[10])))
            for row in _group_findings(linter, members)]
    assert rows == [{"listing_id": "a", "rule": "duplicate-listing", "related": ["b", "c", "d"]},
                    {"listing_id": "d", "rule": "duplicate-listing", "related": ["a", "b", "c"]}]


def test_rows_that_do_not_fit_the_contract(spark):
    records = [{"id": "ok", "title": "美的电饭煲 3L"}, {"id": " ", "title": "美的电饭煲 3L"}]
    df = spark.createDataFrame(records, listing_schema())
    assert [(row["listing_id"], row["field"]) for row in input_errors(df).collect()] == [(" ", "id")]
    assert lint_dataframe(df).count() == 0
