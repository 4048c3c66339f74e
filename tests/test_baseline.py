"""Baselines: findings recorded today are not reported again; stale entries are told."""

from __future__ import annotations

import json

import pytest

from listing_lint.baseline import Baseline, BaselineError, write_baseline
from listing_lint.finding import Finding


def finding(listing_id="1", text="百亿补贴", start=0):
    return Finding(listing_id, "fake-platform-claim", "error", "title", start, start + len(text), text, "m")


def test_round_trip_counts_identical_findings(tmp_path):
    path = tmp_path / "baseline.json"
    assert write_baseline(str(path), [finding(), finding(start=9), finding("2")]) == 3
    baseline = Baseline.load(str(path))
    assert baseline.known(finding(start=4))  # offsets moved: still the same finding
    assert baseline.known(finding(start=7))
    assert not baseline.known(finding(start=11))  # a third one in listing 1 is new
    assert baseline.stale() == [(("2", "fake-platform-claim", "title", "百亿补贴"), 1)]


@pytest.mark.parametrize("content", ["not json", json.dumps({"version": 99, "findings": []}),
                                     json.dumps({"version": 1, "findings": [{"rule": "x"}]})])
def test_bad_baseline_is_a_clear_error(tmp_path, content):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match="b.json"):
        Baseline.load(str(path))
