"""How fast is ``listing-lint check``, against merely tokenizing the same text with jieba?

    python bench/check_speed.py [--listings 20000] [--runs 5] [--jobs auto|1|N] [--select RULES]

Prints, as medians of --runs runs (whole processes, wall clock, so start-up counts on both sides):
  - jieba: a process that reads the catalog and runs ``jieba.lcut`` on every title and detail;
  - check: ``listing-lint check CATALOG --format json -o /dev/null`` with the default rules and, unless --jobs says
    otherwise, the default ``--jobs auto`` (every CPU: the check as users run it; jieba's side is one process);
  - their ratio (the target is check ≥ 4× faster): the median of the runs' ratios, each run timing jieba and
    check back to back; listings per second;
  - cold start of ``check`` on a one-listing file, and whether jieba was loaded for it;
  - peak memory (RSS) of ``check`` on the catalog and on a catalog 5× larger: streaming keeps it flat.
The catalog comes from bench/generate_catalog.py (realistic listings: title 20–60 chars, detail 100–400,
1–5 SKUs), with a share of violations mixed in so that rules report as they would on a real catalog.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_catalog import generate  # noqa: E402

VIOLATIONS = ["【百亿补贴】", "百億補貼 ", "加V❤: shop8899 ", "全网最低价 ", "根治失眠 ", "微.信 abc12345 ", "销量第一 "]

JIEBA_BASELINE = r"""
import json, sys, jieba
jieba.setLogLevel(60)
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        record = json.loads(line)
        jieba.lcut(record.get("title") or "")
        jieba.lcut(record.get("detail") or "")
"""

PEAK_RSS = r"""
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

JIEBA_LOADED = r"""
import sys
from listing_lint.cli import main
main(["check", "--format", "json", "--output", "/dev/null", "--exit-zero", sys.argv[1]])
print("jieba" in sys.modules)
"""


def write_catalog(path: Path, n: int, seed: int = 7, violation_share: float = 0.05) -> None:
    """The generator's listings, with details lengthened to the issue's spread (100–400 characters) by
    sentences taken from other listings' details, and a share of violations mixed in."""
    rng = random.Random(seed)
    sentences: list[str] = []
    with open(path, "w", encoding="utf-8") as handle:
        for record in generate(n, seed=seed):
            pieces = [p for p in record["detail"].split("。") if p]
            sentences.extend(pieces[:3])
            if len(sentences) > 5000:
                del sentences[:2500]
            target = rng.randint(100, 400)
            detail = record["detail"]
            while len(detail) < target and sentences:
                detail += rng.choice(sentences) + "。"
            record["detail"] = detail[:400]
            if rng.random() < violation_share:
                field = "title" if rng.random() < 0.6 else "detail"
                record[field] = rng.choice(VIOLATIONS) + record[field]
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_time(command: list[str], runs: int) -> float:
    return statistics.median(timed(command) for _ in range(runs))


def peak_rss_mb(command: list[str]) -> float:
    out = subprocess.run([sys.executable, "-c", PEAK_RSS, *command], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", default="auto", help="passed to check --jobs (a number, or auto: the CLI default)")
    parser.add_argument("--select", help="rules to run (default: the profile's)")
    args = parser.parse_args()

    command = str(Path(sys.executable).parent / "listing-lint")
    with tempfile.TemporaryDirectory() as folder:
        catalog = Path(folder) / "catalog.jsonl"
        write_catalog(catalog, args.listings)
        chars = 0
        with open(catalog, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                chars += len(record["title"]) + len(record["detail"])
        check = [command, "check", "--format", "json", "--output", os.devnull, "--exit-zero", "--no-progress",
                 "--jobs", str(args.jobs), str(catalog)]
        if args.select:
            check[2:2] = ["--select", args.select]
        print(f"catalog: {args.listings} listings, {chars / args.listings:.0f} title+detail chars per listing; "
              f"medians of {args.runs} runs")

        # Each run times jieba and then check, back to back: on a shared machine whose speed drifts, the ratio of
        # two runs taken together is steadier than the ratio of two medians taken minutes apart.
        jieba_times, check_times = [], []
        for _ in range(args.runs):
            jieba_times.append(timed([sys.executable, "-c", JIEBA_BASELINE, str(catalog)]))
            check_times.append(timed(check))
        jieba_time, check_time = statistics.median(jieba_times), statistics.median(check_times)
        ratio = statistics.median(j / c for j, c in zip(jieba_times, check_times))
        print(f"jieba.lcut on titles and details: {jieba_time:7.2f} s  ({args.listings / jieba_time:8.0f} listings/s)")
        print(f"listing-lint check (jobs={args.jobs}):    {check_time:7.2f} s  ({args.listings / check_time:8.0f} listings/s)")
        print(f"ratio jieba / check:              {ratio:7.2f}×  (target ≥ 4×; median of the runs' ratios, "
              f"{min(j / c for j, c in zip(jieba_times, check_times)):.2f}–"
              f"{max(j / c for j, c in zip(jieba_times, check_times)):.2f}×)")

        one = Path(folder) / "one.jsonl"
        one.write_text(json.dumps({"id": "1", "title": "【百亿补贴】纯棉短袖T恤", "detail": "纯棉面料"},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
        cold = median_time([command, "check", "--exit-zero", str(one)], args.runs)
        loaded = subprocess.run([sys.executable, "-c", JIEBA_LOADED, str(one)], capture_output=True, text=True)
        print(f"cold start, one listing:          {cold * 1000:7.0f} ms  (jieba loaded: {loaded.stdout.strip()})")

        rss_small = peak_rss_mb(check)
        bigger = Path(folder) / "bigger.jsonl"
        write_catalog(bigger, args.listings * 5, seed=8)
        rss_big = peak_rss_mb(check[:-1] + [str(bigger)])
        print(f"peak RSS: {rss_small:.0f} MB for {args.listings} listings, {rss_big:.0f} MB for {args.listings * 5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
