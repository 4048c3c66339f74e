"""Per-rule precision and recall on labeled listings.

A labeled listing is a contract record with one more field, ``expect``: the rule ids it must be flagged
for (with severity error or warning); ``[]`` for a clean listing. A record may also carry ``previous``: the
same listing before an edit (for identity-change). Catalog rules (duplicates) are judged over each file as
one catalog. Run: ``python -m listing_lint.evaluate corpus/labeled/*.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from .config import Config
from .linter import Linter
from .listing import Listing, ListingError
from .reader import InputError, read_catalog
from .registry import all_rules


def evaluate(paths: list[str], profile: str = "douyin", show: int = 0) -> dict[str, dict[str, float]]:
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    clean = clean_flagged = 0
    misses: list[str] = []
    for path in paths:
        records = []
        for item in read_catalog(path):
            if isinstance(item, InputError):
                raise SystemExit(f"{item}")
            records.append(item)
        expected = {r.data["id"]: set(r.data.get("expect", [])) for r in records}
        previous = {}
        for r in records:
            if isinstance(r.data.get("previous"), dict):
                try:
                    previous[r.data["id"]] = Listing({**r.data["previous"], "id": r.data["id"]})
                except ListingError as exc:
                    raise SystemExit(f"{path}:{r.line} previous.{exc.field}: {exc.message}") from None
        linter = Linter(Config(profile=profile), context={"previous": previous})
        titles = {r.data["id"]: r.data.get("title", "") for r in records}
        got: dict[str, set[str]] = defaultdict(set)
        for outcome in linter.run(iter(records)):
            if outcome.error:
                raise SystemExit(str(outcome.error))
            for finding in outcome.findings:
                if finding.severity in ("error", "warning"):
                    got[finding.listing_id].add(finding.rule)
        for listing_id, wanted in expected.items():
            flagged = got.get(listing_id, set())
            if not wanted:
                clean += 1
                clean_flagged += bool(flagged)
            for rule in wanted | flagged:
                if rule in wanted and rule in flagged:
                    tp[rule] += 1
                elif rule in flagged:
                    fp[rule] += 1
                    misses.append(f"FP {rule:22} {path}:{listing_id} {titles[listing_id]}")
                else:
                    fn[rule] += 1
                    misses.append(f"FN {rule:22} {path}:{listing_id} {titles[listing_id]}")
    report = {}
    for rule in [r.id for r in all_rules()]:
        t, f, n = tp[rule], fp[rule], fn[rule]
        if t + f + n == 0:
            continue
        precision = t / (t + f) if t + f else 1.0
        recall = t / (t + n) if t + n else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[rule] = {"tp": t, "fp": f, "fn": n, "precision": precision, "recall": recall, "f1": f1}
    report["_clean"] = {"listings": clean, "flagged": clean_flagged,
                        "share": clean_flagged / clean if clean else 0.0}
    if show:
        for line in misses[:show]:
            print(line, file=sys.stderr)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m listing_lint.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="labeled JSONL files (default: corpus/labeled/*.jsonl)")
    parser.add_argument("--profile", default="douyin")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print up to N misses to stderr")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(str(p) for p in Path("corpus/labeled").glob("*.jsonl"))
    report = evaluate(paths, args.profile, args.show_errors)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{'rule':22} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>9} {'recall':>7} {'f1':>6}")
    for rule, row in report.items():
        if rule.startswith("_"):
            continue
        print(f"{rule:22} {row['tp']:5d} {row['fp']:5d} {row['fn']:5d} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f}")
    clean = report["_clean"]
    print(f"clean listings flagged (error/warning): {clean['flagged']}/{clean['listings']} = {clean['share']:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
