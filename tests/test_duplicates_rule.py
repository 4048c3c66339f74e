"""The duplicate-listing rule (LL601) over catalogs: findings, related ids, cross-shop info, suppression, --jobs."""

from __future__ import annotations

import json
from pathlib import Path

from listing_lint import Config, Linter
from listing_lint.reader import Record
from tests_support import RICE_COOKERS

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "labeled" / "duplicates.jsonl"


def lint(records, **options):
    config = Config(select=("duplicate-listing",), rule_options={"duplicate-listing": options} if options else {})
    return list(Linter(config).lint_many(records))


def test_every_member_names_the_others():
    findings = lint(RICE_COOKERS)
    assert {(f.listing_id, f.related) for f in findings} == {("a", ("b", "c")), ("b", ("a", "c")), ("c", ("a", "b"))}
    for finding in findings:
        record = next(r for r in RICE_COOKERS if r["id"] == finding.listing_id)
        assert finding.field == "title" and finding.code == "LL601" and finding.severity == "error"
        assert record["title"][finding.start:finding.end] == finding.text == record["title"]
        assert "重复铺货" in finding.message and "第 7 类" in finding.message
        assert "保留 a" in finding.suggestion


def test_cross_shop_copies_are_info_only():
    findings = lint(RICE_COOKERS, cross_shop=True)
    info = {(f.listing_id, f.related) for f in findings if f.severity == "info"}
    assert info == {("a", ("d",)), ("b", ("d",)), ("c", ("d",)), ("d", ("a", "b", "c")), ("e", ("g",)), ("g", ("e",))}
    assert {f.listing_id for f in findings if f.severity == "error"} == {"a", "b", "c"}


def test_lint_ignore_suppresses_one_member():
    records = [dict(r) for r in RICE_COOKERS]
    records[1]["lint_ignore"] = ["duplicate-listing"]
    assert {f.listing_id for f in lint(records)} == {"a", "c"}


def test_jobs_give_the_same_findings():
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    linter = Linter(Config(select=("duplicate-listing",)))

    def findings(jobs):
        stream = (Record("corpus.jsonl", i + 1, r) for i, r in enumerate(records))
        return [f.to_dict() for o in linter.run(stream, jobs=jobs) for f in o.findings]

    single = findings(1)
    assert single and single == findings(2)


def test_the_labeled_corpus():
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    flagged = {f.listing_id for f in lint(records) if f.severity == "error"}
    expected = {r["id"] for r in records if "duplicate-listing" in r["expect"]}
    assert flagged == expected
