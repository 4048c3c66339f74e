"""Every rule has a table of should-flag and should-pass examples (tests/examples/<rule-id>.jsonl), as
proselint keeps for its checks; a registered rule without one fails this suite.

One example per line:
  {"expect": "flag" | "pass", "title": "...", "detail": "..."}         shorthand for a listing's text
  {"expect": "flag", "listing": {...}, "field": "title", "text": "…", "severity": "warning"}
  {"expect": "flag", "catalog": [{...}, ...], "ids": ["a", "b"]}      catalog rules: the flagged ids
  {"expect": "flag", "previous": {...}, "listing": {...}}             the same id before an edit
"flag": at least one finding of the rule (with that field/text/severity when given; severity defaults to
error or warning). "pass": no finding of the rule of severity error or warning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listing_lint import Config, Linter
from listing_lint.registry import all_rules

EXAMPLES = Path(__file__).parent / "examples"


def _examples():
    for rule in all_rules():
        path = EXAMPLES / f"{rule.id}.jsonl"
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("//"):
                yield pytest.param(rule.id, json.loads(line), id=f"{rule.id}:{number}")


def _listing(example: dict, index: int = 0) -> dict:
    if "listing" in example:
        listing = dict(example["listing"])
    else:
        listing = {key: example[key] for key in ("title", "detail") if key in example}
    listing.setdefault("id", f"ex{index}")
    # Structure rules judge whole listings; examples that only show text get a plausible rest.
    if "listing" not in example:
        listing.setdefault("detail", listing.get("title", ""))
    return listing


@pytest.mark.parametrize("rule_id", [rule.id for rule in all_rules()])
def test_every_rule_has_examples(rule_id):
    path = EXAMPLES / f"{rule_id}.jsonl"
    assert path.exists(), f"rule {rule_id} has no example table at {path}"
    kinds = [json.loads(line)["expect"] for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("//")]
    assert "flag" in kinds and "pass" in kinds, f"{path} needs should-flag and should-pass examples"


@pytest.mark.parametrize("rule_id,example", list(_examples()))
def test_rule_example(rule_id, example):
    context = {}
    if "previous" in example:
        from listing_lint import Listing

        previous = Listing({"id": _listing(example)["id"], **example["previous"]})
        context["previous"] = {previous.id: previous}
    linter = Linter(Config(select=(rule_id,)), context=context)
    if "catalog" in example:
        records = [dict(r) for r in example["catalog"]]
        findings = [f for f in linter.lint_many(records) if f.rule == rule_id]
    else:
        findings = [f for f in linter.lint(_listing(example)) if f.rule == rule_id]
    serious = [f for f in findings if f.severity in ("error", "warning")]
    if example["expect"] == "pass":
        assert not serious, f"should pass, got {[f.to_dict() for f in serious]}"
        return
    wanted_severity = example.get("severity")
    candidates = [f for f in findings if f.severity == wanted_severity] if wanted_severity else serious
    if "ids" in example:
        assert {f.listing_id for f in candidates} == set(example["ids"]), [f.to_dict() for f in findings]
        return
    if "field" in example:
        candidates = [f for f in candidates if f.field == example["field"]]
    if "text" in example:
        candidates = [f for f in candidates if f.text == example["text"]]
    assert candidates, f"should flag {example}, got {[f.to_dict() for f in findings]}"
    for finding in candidates:
        if finding.start is not None:
            value = _listing(example).get(finding.field) if "." not in finding.field and "[" not in finding.field else None
            if isinstance(value, str):
                assert value[finding.start:finding.end] == finding.text


@pytest.mark.parametrize("rule_id", [r.id for r in all_rules()])
def test_a_default_the_docs_justify_is_the_one_the_thresholds_set(rule_id):
    # Each rule's docs state and justify its defaults ("name (默认 X)"); the values live in
    # dictionaries/thresholds/<rule>.toml. A default changed in one place only fails here.
    import re

    from listing_lint.lexicon import Lexicon
    from listing_lint.registry import rule_class

    values = Lexicon().thresholds(rule_id)
    for name, written in re.findall(r"([a-z_]+)\s*\(默认 ([^()]*)\)", rule_class(rule_id).docs.options or ""):
        if name not in values or "/" in written:  # "(默认 1/1/3/6)": the zones' factors, named in the prose
            continue
        written = written.removesuffix(" 元")
        expected = values[name]
        if isinstance(expected, bool):
            assert written == str(expected).lower(), (name, written, expected)
        else:
            assert float(written) == float(expected), (name, written, expected)
