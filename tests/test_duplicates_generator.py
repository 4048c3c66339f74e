"""bench/generate_catalog.py: realistic catalogs whose duplicate ground truth is true."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))
from generate_catalog import generate  # noqa: E402

from listing_lint.listing import Listing  # noqa: E402


def test_records_fit_the_contract():
    records = list(generate(2000, seed=7))
    assert [r["id"] for r in records] == [f"L{i:07d}" for i in range(1, 2001)]
    for record in records:
        Listing(record)
        assert 20 <= len(record["title"]) <= 60
        assert 100 <= len(record["detail"]) <= 400
        assert 1 <= len(record["skus"]) <= 5 and record["images"]
        assert record["category"].count("/") >= 2
    kinds = Counter(r["_kind"] for r in records)
    assert {"single", "dup", "near", "template", "cross"} <= set(kinds)
    assert 0.07 <= kinds["dup"] / len(records) <= 0.14


def test_seeded_and_deterministic():
    assert list(generate(300, seed=1)) == list(generate(300, seed=1))
    assert list(generate(300, seed=1)) != list(generate(300, seed=2))


def test_duplicate_groups_are_rewordings_within_one_shop():
    groups = defaultdict(list)
    for record in generate(3000, seed=3):
        if record["_dup_group"]:
            groups[record["_dup_group"]].append(record)
    assert groups
    for members in groups.values():
        assert 2 <= len(members) <= 4
        assert len({m["shop_id"] for m in members}) == 1
        assert len({json.dumps(m["attributes"], sort_keys=True) for m in members}) == 1


def test_command_line(tmp_path):
    out = tmp_path / "catalog.jsonl"
    subprocess.run([sys.executable, str(BENCH / "generate_catalog.py"), "500", "-o", str(out), "--seed", "4"],
                   check=True, capture_output=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 500 and json.loads(lines[0])["id"] == "L0000001"
