"""The Linter: library API, suppression, severities and profiles, streaming and parallel runs."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from dataclasses import replace

import pytest

from listing_lint import Config, Finding, Linter, ListingError, lint
from listing_lint import linter as linter_module
from listing_lint.finding import Hit
from listing_lint.listing import Listing
from listing_lint.reader import InputError, Record

CLAIM = {"id": "a1", "title": "【百亿补贴】纯棉短袖T恤", "detail": "纯棉面料"}


def test_lint_returns_contract_findings():
    [finding] = lint(CLAIM)
    assert isinstance(finding, Finding)
    data = finding.to_dict()
    for key in ("listing_id", "rule", "severity", "field", "start", "end", "text", "message"):
        assert key in data
    assert CLAIM["title"][data["start"]:data["end"]] == data["text"] == "百亿补贴"
    with pytest.raises(Exception):
        finding.severity = "info"  # immutable


def test_invalid_record_names_the_field():
    with pytest.raises(ListingError) as info:
        lint({"id": "x", "title": "t", "price": "cheap"})
    assert info.value.field == "price"
    with pytest.raises(ListingError) as info:
        lint({"title": "no id"})
    assert info.value.field == "id"


def test_lint_ignore_suppresses_by_id_or_code():
    assert lint({**CLAIM, "lint_ignore": ["fake-platform-claim"]}) == []
    assert lint({**CLAIM, "lint_ignore": ["LL301"]}) == []


def test_campaign_enrolment_makes_the_claim_lawful():
    assert lint({**CLAIM, "campaigns": ["百亿补贴"]}) == []


def test_allow_words_from_config(tmp_path):
    allow = tmp_path / "allow.txt"
    allow.write_text("# our own programme name\n百亿补贴会员日\n", encoding="utf-8")
    linter = Linter(Config(allow_words=(str(allow),)))
    assert linter.lint({"id": "1", "title": "百亿补贴会员日 纯棉T恤"}) == []
    assert linter.lint({"id": "2", "title": "百亿补贴 纯棉T恤"})


def test_severity_from_rule_options_and_profile_penalty():
    linter = Linter(Config(rule_options={"fake-platform-claim": {"severity": "warning"}}))
    [finding] = linter.lint(CLAIM)
    assert finding.severity == "warning"
    [finding] = Linter(Config(profile="tiktok-shop")).lint(CLAIM)
    assert "误导性宣传" in finding.penalty


def test_a_rule_severity_is_its_configured_option_else_the_profile_s_else_its_own():
    stuffing = "keyword-stuffing"

    def severity(**config):
        linter = Linter(Config(select=(stuffing,), **config))
        return linter.rule_severity(linter.rules[0])

    assert severity() == "error"  # the rule's default
    assert severity(profile="tiktok-shop") == "warning"
    assert severity(profile="tiktok-shop", rule_options={stuffing: {"severity": "info"}}) == "info"


def test_a_hit_severity_yields_only_to_a_configured_one():
    hit = Hit(field="title", start=0, end=2, text="百亿", message="m", severity="info")
    linter = Linter(Config(select=("keyword-stuffing",), profile="tiktok-shop"))
    assert linter.severity_of(linter.rules[0], hit) == "info"
    assert linter.severity_of(linter.rules[0], replace(hit, severity=None)) == "warning"
    configured = Linter(Config(select=("keyword-stuffing",), rule_options={"keyword-stuffing": {"severity": "error"}}))
    assert configured.severity_of(configured.rules[0], hit) == "error"


def test_lint_keeps_its_linter_for_an_equal_configuration():
    def config():
        return Config(profile="tiktok-shop", rule_options={"fake-platform-claim": {"severity": "warning"}})

    lint(CLAIM, config())
    kept = linter_module._last_linter[1]
    [finding] = lint(CLAIM, config())  # an equal configuration, not the same object
    assert linter_module._last_linter[1] is kept and finding.severity == "warning"
    lint(CLAIM)
    assert linter_module._last_linter[1] is not kept
    assert lint(CLAIM)[0].severity == "error"


def test_lint_ignore_travels_with_the_outcome_to_the_catalog_rules():
    twin = {"shop_id": "s", "title": "美的电饭煲 4L 家用智能预约 不粘内胆", "detail": "不粘内胆", "category": "厨房电器/电饭煲"}
    records = [Record("c.jsonl", 1, {**twin, "id": "d1", "lint_ignore": ["duplicate-listing"]}),
               Record("c.jsonl", 2, {**twin, "id": "d2"})]
    for jobs in (1, 2):
        outcomes = list(Linter(Config(select=("duplicate-listing",))).run(records, jobs=jobs))
        assert outcomes[0].ignore == ("duplicate-listing",) and outcomes[0].values == {}
        assert [(o.listing_id, o.catalog) for o in outcomes if o.findings] == [("d2", True)], jobs


def test_unknown_profile_and_rule_options_are_errors():
    with pytest.raises(ValueError, match="profile"):
        Linter(Config(profile="taobao"))
    with pytest.raises(ValueError, match="no-such-rule"):
        Linter(Config(rule_options={"no-such-rule": {}}))


CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_lint_many_streams_lazily():
    produced = []

    def records():
        for i in itertools.count():
            produced.append(i)
            yield {"id": str(i), "title": "百亿补贴 T恤" if i % 2 else "T恤"}

    stream = Linter(Config(select=("fake-platform-claim",))).lint_many(records())
    first = next(stream)
    assert first.listing_id == "1"
    assert len(produced) <= linter_module.CHECK_BATCH  # it reads ahead one batch at most


def test_a_batch_gets_the_findings_of_its_listings_checked_one_by_one(tmp_path):
    # check_listings runs rule after rule over the batch: the findings, their order and what lint_ignore and the
    # allow-words drop must be those of checking each listing alone.
    allow = tmp_path / "allow.txt"
    allow.write_text("最好吃\n", encoding="utf-8")
    linter = Linter(Config(allow_words=(str(allow),)))
    records = [json.loads(line) for path in sorted((CORPUS / "labeled").glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines()]
    records += [{"id": "ignored", "title": "百亿补贴 全网最低价 加微信 abc12345", "lint_ignore": ["LL301", "absolute-wording"]},
                {"id": "allowed", "title": "最好吃的零食 销量第一"}]
    listings = [Listing(record) for record in records]
    alone = [linter.check_listing(Listing(record), "c.jsonl", n) for n, record in enumerate(records, 1)]
    together = linter.check_listings(listings, [("c.jsonl", n) for n in range(1, len(records) + 1)])
    assert together == alone
    assert sum(map(len, alone)) > 100
    rules_of = {f.listing_id: {f.rule for f in found} for found in alone for f in found}
    assert rules_of["ignored"].isdisjoint({"fake-platform-claim", "absolute-wording"}) and rules_of["ignored"]
    assert [f.text for f in alone[-1] if f.rule == "absolute-wording"] == ["销量第一"]


def test_run_reports_input_errors_in_place_and_goes_on():
    records = [
        Record("c.jsonl", 1, {"id": "1", "title": "百亿补贴"}),
        InputError("c.jsonl", 2, None, "不是合法的 JSON"),
        Record("c.jsonl", 3, {"id": "3", "price": [1]}),
        Record("c.jsonl", 4, {"id": "4", "title": "百亿补贴"}),
    ]
    outcomes = list(Linter(Config(select=("LL301",))).run(records))
    assert [o.line for o in outcomes] == [1, 2, 3, 4]
    assert outcomes[1].error and outcomes[2].error.field == "price"
    assert outcomes[3].findings[0].source == "c.jsonl" and outcomes[3].findings[0].line == 4


def test_parallel_run_gives_the_same_findings_in_the_same_order():
    records = [Record("c.jsonl", i, {"id": str(i), "title": ("百亿补贴 " if i % 3 else "") + f"T恤{i}"})
               for i in range(1, 1500)]
    serial = [f.to_dict() for o in Linter().run(records) for f in o.findings]
    parallel = [f.to_dict() for o in Linter().run(records, jobs=2) for f in o.findings]
    assert serial and serial == parallel


def test_catalog_rules_prepare_their_finish_while_the_workers_lint(monkeypatch):
    from listing_lint.rules.duplicate_listing import DuplicateListing

    read = []
    prepared_after = []
    monkeypatch.setattr(DuplicateListing, "prepare_finish", lambda self: prepared_after.append(len(read)))

    def records():
        for i in range(1, 3001):
            read.append(i)
            yield Record("c.jsonl", i, {"id": str(i), "shop_id": "s", "title": f"纯棉T恤 款{i % 7}"})

    outcomes = list(Linter().run(records(), jobs=2))
    assert len([o for o in outcomes if not o.catalog]) == 3000 and any(o.catalog for o in outcomes)
    # Once, as soon as both workers have a chunk (200 records each), long before the last record is read.
    assert len(prepared_after) == 1 and 2 * 200 < prepared_after[0] < 3000


def test_preparing_the_duplicate_finish_loads_the_grouping():
    import subprocess
    import sys

    probe = ("import sys; from listing_lint import Linter; r = Linter().catalog_rules[0]; "
             "before = 'numpy' in sys.modules; r.prepare_finish(); "
             "print(before, 'numpy' in sys.modules, 'listing_lint.duplicates.grouping' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True"]


def test_line_batches_are_linted_like_the_records_they_hold(tmp_path, monkeypatch):
    from listing_lint import reader

    monkeypatch.setattr(reader, "BATCH_SIZE", 2048)
    rows = [{"id": str(i), "title": ("百亿补贴 " if i % 3 else "") + f"T恤{i}"} for i in range(1, 400)]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[50] = "{broken"
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def seen(outcomes):
        return [(o.line, o.listing_id, str(o.error) if o.error else None, [f.to_dict() for f in o.findings])
                for o in outcomes]

    plain = seen(Linter().run(reader.read_catalog(str(path))))
    batched = list(reader.read_catalog(str(path), batched=True))
    assert len(batched) > 3
    assert seen(Linter().run(batched)) == plain
    assert seen(Linter().run(batched, jobs=2)) == plain
    assert plain[50][2] is not None and "c.jsonl:51" in plain[50][2]


def test_findings_are_ordered_by_field_then_offset():
    findings = lint({"id": "1", "title": "T恤 百亿补贴", "detail": "百亿补贴", "skus": [{"name": "百亿补贴", "price": 1}]})
    assert [f.field for f in findings] == ["title", "detail", "skus[0].name"]


@pytest.mark.parametrize("record,field", [
    ({"id": "1", "price": float("inf")}, "price"),
    ({"id": "1", "skus": [{"name": "a", "price": float("nan")}]}, "skus[0].price"),
    ({"id": "1", "skus": [{"name": 3, "price": 1}]}, "skus[0].name"),
    ({"id": "1", "attributes": {"材质": ["棉"]}}, "attributes.材质"),
    ({"id": "1", "images": "a.jpg"}, "images"),
    ({"id": "1", "virtual": "maybe"}, "virtual"),
    ({"id": 7}, "id"),
])
def test_wrong_types_name_the_field(record, field):
    with pytest.raises(ListingError) as info:
        lint(record)
    assert info.value.field == field


def test_an_outcome_crosses_to_the_parent_process_whole():
    # Outcomes pickle as positional arguments (workers send thousands): every field must come back.
    from dataclasses import fields
    import pickle

    finding = Finding(listing_id="a", rule="absolute-wording", severity="error", field="title", start=0, end=2,
                      text="最好", message="m")
    values = {"source": "c.jsonl", "line": 7, "listing_id": "a", "findings": [finding],
              "error": InputError("c.jsonl", 7, "price", "bad"), "values": {"title": "最好"}, "catalog": True,
              "shop_id": "s1", "ignore": ("LL101",)}
    assert set(values) == {f.name for f in fields(linter_module.Outcome)}
    outcome = linter_module.Outcome(**values)
    assert pickle.loads(pickle.dumps(outcome)) == outcome


def test_linting_makes_no_reference_cycles(tmp_path, monkeypatch):
    # Workers freeze what outlives a chunk out of the collector's reach (_worker_chunk): that is only sound while
    # linting leaves no cyclic garbage, even as the shared short texts are evicted and replaced.
    import functools
    import gc
    from pathlib import Path

    from listing_lint import listing as listing_module
    from listing_lint.normalize import normalize
    from listing_lint.reader import read_catalog

    monkeypatch.setattr(listing_module, "_shared_text", functools.lru_cache(maxsize=8)(normalize))
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "title": 5}\n{"id": "y",\n[1]\n{"id": "z", "skus": [{"price": "a"}]}\n',
                      encoding="utf-8")
    paths = [*sorted((corpus / "labeled").glob("*.jsonl")), *sorted((corpus / "heldout").glob("*/*.jsonl")), broken]
    linter = Linter(Config())
    linter.warm_up()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        outcomes = [outcome for path in paths for outcome in linter._process(list(read_catalog(str(path))))]
        del outcomes
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def test_a_worker_freezes_what_outlives_its_chunks():
    import gc

    linter_module._WORKER = Linter(Config())
    try:
        before = gc.get_freeze_count()
        [(outcome, _)] = linter_module._worker_chunk([Record("c.jsonl", 1, {"id": "1", "title": "纯棉T恤"})])
        assert outcome.listing_id == "1" and gc.get_freeze_count() > before
    finally:
        linter_module._WORKER = None
        gc.unfreeze()
