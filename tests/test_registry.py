"""The registry: rules are found, their codes unique, their docs complete."""

from __future__ import annotations

import pytest

from listing_lint.registry import UnknownRuleError, all_rules, expand, rule_class, select
from tests_support import CONTRACT_IDS


def test_codes_are_unique_and_the_rules_are_the_contracts():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert {r.id for r in rules} == CONTRACT_IDS


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_is_fully_declared(rule):
    assert rule.code.startswith("LL") and len(rule.code) == 5
    assert rule.title and rule.clause and rule.severity in ("error", "warning", "info")
    for part in ("catches", "why", "bad", "good", "fix"):
        assert getattr(rule.docs, part).strip(), f"{rule.id} docs.{part} is empty"


def test_selection_by_id_code_and_prefix():
    assert expand(["fake-platform-claim"]) == {"fake-platform-claim"}
    assert expand(["LL301"]) == {"fake-platform-claim"}
    assert "fake-platform-claim" in expand(["LL3"])
    assert rule_class("ll301").id == "fake-platform-claim"
    with pytest.raises(UnknownRuleError):
        expand(["no-such-rule"])


def test_select_ignore_and_extend():
    everything = {r.id for r in all_rules()}
    assert {r.id for r in select(None, None, None)} == everything
    assert {r.id for r in select(None, None, ["fake-platform-claim"])} == everything - {"fake-platform-claim"}
    assert {r.id for r in select(None, ["LL301"], None)} == {"fake-platform-claim"}
    # The profile's rules plus extend's: LL3 adds fake-platform-claim to a profile without it.
    assert {r.id for r in select(["absolute-wording"], None, None, ["LL3"])} == {"absolute-wording", "fake-platform-claim"}


def test_a_rule_is_ignored_by_its_id_or_its_code():
    rule = rule_class("absolute-wording")
    assert rule.ignored_by({"absolute-wording"}) and rule.ignored_by(["LL101"])
    assert not rule.ignored_by({"LL102", "misleading-claim"}) and not rule.ignored_by(())
