"""Benchmark of duplicate-listing (重复铺货) at catalog scale; prints its figures as a table and JSON.

    python bench/duplicates.py                       # 1M listings, 3 runs (generates the catalog once)
    python bench/duplicates.py --n 100000 --runs 5   # smaller
    python bench/duplicates.py --catalog my.jsonl    # a catalog of your own (no ground truth: no recall)

What it measures, each in a fresh process (so peak memory is the step's own), medians over ``--runs``:

* **grouping**: reading the catalog is not counted; from the parsed records, the matching summaries
  (:class:`listing_lint.duplicates.Features`) and :func:`listing_lint.duplicates.find_groups` (exact hashing →
  brute force in small buckets / banded MinHash in large ones → rapidfuzz → veto → components). Wall and CPU
  seconds, peak RSS of the process (``ru_maxrss``, which includes the parsed catalog it keeps: ids, shops,
  summaries, ground truth).
* **jieba**: ``jieba.lcut`` on a sample of the same titles, extrapolated to all of them; the ratio grouping/jieba.
* **candidate recall**: the share of the generator's true duplicate pairs that exact hashing or the candidate
  step puts together (before verification), and the precision/recall of the final pairs.
* **index**: ``DuplicateIndex.build`` of the catalog; then, in a fresh process, ``DuplicateIndex.open`` and
  ``query`` of new listings of the same shops (rewordings of catalog listings and new goods): p50/p99 latency.
* **crossover**: candidates + verification by bucket size, all pairs vs banded MinHash (``brute_force_max``).
* **F1** of duplicate-listing on ``corpus/labeled/duplicates.jsonl`` (``listing_lint.evaluate``).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read(path: str):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


# -- steps, each run in its own process ------------------------------------------------------------------

def step_group(catalog: str) -> dict:
    """Summaries and groups of the catalog; candidate recall against ``_dup_group`` when present."""
    from listing_lint.duplicates.features import Features
    from listing_lint.duplicates.grouping import (GroupingOptions, candidate_pairs, components, expand, prepare,
                                                  verify)
    from listing_lint.lexicon import Lexicon
    from listing_lint.listing import Listing

    lexicon = Lexicon()
    features = Features(lexicon)
    options = GroupingOptions.from_config(lexicon)
    gc.disable()  # millions of small objects, no cycles
    # Stream the catalog: parse a chunk into listings (not timed), summarize it (timed), keep only what grouping
    # needs.
    shops: list[str] = []
    summaries = []
    truth_of: list[str | None] = []
    title_chars = 0
    summarize_wall = summarize_cpu = 0.0
    chunk: list[Listing] = []

    def summarize(chunk: list[Listing]) -> None:
        nonlocal summarize_wall, summarize_cpu
        wall, cpu = time.perf_counter(), time.process_time()
        summaries.extend(features.summarize_listing(listing) for listing in chunk)
        summarize_wall += time.perf_counter() - wall
        summarize_cpu += time.process_time() - cpu

    for record in _read(catalog):
        shops.append(sys.intern(record.get("shop_id") or ""))
        truth_of.append(record.get("_dup_group"))
        title_chars += len(record.get("title") or "")
        chunk.append(Listing(record))
        if len(chunk) == 10_000:
            summarize(chunk)
            chunk = []
    summarize(chunk)
    del chunk
    wall, cpu = time.perf_counter(), time.process_time()
    prepared = prepare(shops, summaries)
    candidates = candidate_pairs(prepared, options)
    verified = verify(prepared, candidates, options)
    groups = expand(prepared, components(len(prepared.bodies), verified))
    # Grouping = the summaries plus everything after them.
    grouped_wall = summarize_wall + time.perf_counter() - wall
    grouped_cpu = summarize_cpu + time.process_time() - cpu
    result = {"listings": len(shops), "title_chars": title_chars, "groups": len(groups),
              "load_average": os.getloadavg()[0],
              "grouped_listings": sum(len(g) for g in groups), "representatives": len(prepared.bodies),
              "candidate_pairs": int(len(candidates)), "verified_pairs": int(len(verified)),
              "summarize_wall_s": summarize_wall, "summarize_cpu_s": summarize_cpu,
              "group_wall_s": grouped_wall, "group_cpu_s": grouped_cpu, "peak_rss_mb": _rss_mb()}
    truth = defaultdict(list)
    for index, group in enumerate(truth_of):
        if group:
            truth[group].append(index)
    if truth:
        true_pairs = {p for members in truth.values() for p in itertools.combinations(sorted(members), 2)}
        rep = prepared.rep_of
        candidate_set = set(map(tuple, candidates.tolist()))
        covered = sum(1 for a, b in true_pairs if rep[a] >= 0 and (
            rep[a] == rep[b] or (min(rep[a], rep[b]), max(rep[a], rep[b])) in candidate_set))
        found = {p for group in groups for p in itertools.combinations(group, 2)}
        hits = len(found & true_pairs)
        result.update(true_pairs=len(true_pairs), candidate_recall=covered / len(true_pairs),
                      pair_precision=hits / len(found) if found else 1.0, pair_recall=hits / len(true_pairs))
    return result


def step_crossover(listings: int) -> dict:
    """CPU seconds of candidates + verification, all pairs vs banded MinHash, by bucket size: where brute force
    stops paying (the rule's ``brute_force_max``). Generated titles, variants left out, so buckets are as large
    as asked."""
    from generate_catalog import generate

    from listing_lint.duplicates.features import Features, Summary
    from listing_lint.duplicates.grouping import GroupingOptions, candidate_pairs, prepare, verify
    from listing_lint.lexicon import Lexicon

    lexicon = Lexicon()
    features = Features(lexicon)
    summaries = [Summary(features.summarize(r["title"]).body, "") for r in generate(listings, seed=9, shops=200)]
    table = {}
    for size in (8, 16, 32, 64, 128, 256, 1024, 4096):
        prepared = prepare([str(i // size) for i in range(len(summaries))], summaries)
        row = {}
        for name, options in (("all pairs", GroupingOptions.from_config(lexicon, {"brute_force_max": 10**9})),
                              ("minhash", GroupingOptions.from_config(lexicon, {"brute_force_max": 1}))):
            cpu = time.process_time()
            verified = verify(prepared, candidate_pairs(prepared, options), options)
            row[name] = {"cpu_s": time.process_time() - cpu, "verified_pairs": int(len(verified))}
        table[size] = row
    return table


def step_jieba(catalog: str, sample: int) -> dict:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    titles = [t for t in itertools.islice((r.get("title") or "" for r in _read(catalog)), sample)]
    chars = sum(map(len, titles))
    wall, cpu = time.perf_counter(), time.process_time()
    for title in titles:
        jieba.lcut(title)
    return {"sample_titles": len(titles), "sample_chars": chars,
            "us_per_char_wall": (time.perf_counter() - wall) / chars * 1e6,
            "us_per_char_cpu": (time.process_time() - cpu) / chars * 1e6}


def step_build(catalog: str, index: str) -> dict:
    from listing_lint.duplicates import DuplicateIndex

    wall = time.perf_counter()
    built = DuplicateIndex.build(_read(catalog), index)
    count = len(built)
    built.close()
    return {"indexed": count, "build_wall_s": time.perf_counter() - wall, "index_mb": os.path.getsize(index) / 2**20,
            "peak_rss_mb": _rss_mb()}


def step_query(catalog: str, index: str, queries: int, seed: int) -> dict:
    """Open the index, then check new listings one at a time: rewordings of catalog listings and new goods."""
    from listing_lint.duplicates import DuplicateIndex
    from listing_lint.listing import Listing

    rng = random.Random(seed)
    sample = []
    for number, record in enumerate(_read(catalog)):  # reservoir sample of catalog listings
        if len(sample) < queries:
            sample.append(record)
        elif rng.random() < queries / (number + 1):
            sample[rng.randrange(queries)] = record
    probes = []
    for number, record in enumerate(sample):
        probe = dict(record, id=f"probe{number}")
        if number % 2 == 0:  # a reworded copy (order changed, a hot word added): should be found
            words = record["title"].split()
            rng.shuffle(words)
            probe["title"] = "【新款】" + " ".join(words)
        else:  # other goods for this shop: another shop's title, category and brand
            other = sample[(number + 1) % len(sample)]
            probe.update(title=other["title"], category=other["category"], brand=other["brand"],
                         attributes=other["attributes"])
        probes.append(Listing(probe))
    started = time.perf_counter()
    index_ = DuplicateIndex.open(index)
    index_.query(probes[0])  # the first query loads the dictionaries (counted apart)
    opened = time.perf_counter() - started
    latencies, cpu_times, found = [], [], 0
    for probe in probes:
        begin, begin_cpu = time.perf_counter(), time.thread_time()
        found += bool(index_.query(probe))
        cpu_times.append(time.thread_time() - begin_cpu)
        latencies.append(time.perf_counter() - begin)
    latencies.sort()
    cpu_times.sort()
    p99 = int(len(latencies) * 0.99)
    return {"queries": len(probes), "open_and_first_query_s": opened, "found": found,
            "p50_ms": latencies[len(latencies) // 2] * 1000, "p99_ms": latencies[p99] * 1000,
            "max_ms": latencies[-1] * 1000, "cpu_p99_ms": cpu_times[p99] * 1000,
            "load_average": os.getloadavg()[0]}


def step_open(index: str) -> dict:
    from listing_lint.duplicates import DuplicateIndex

    started = time.perf_counter()
    index_ = DuplicateIndex.open(index)
    return {"open_s": time.perf_counter() - started, "listings": len(index_)}


def step_f1() -> dict:
    from listing_lint.evaluate import evaluate

    report = evaluate([str(ROOT / "corpus" / "labeled" / "duplicates.jsonl")])
    return report.get("duplicate-listing", {})


STEPS = {"group": step_group, "crossover": step_crossover, "jieba": step_jieba, "build": step_build,
         "query": step_query, "open": step_open, "f1": step_f1}


def run_step(name: str, *args) -> dict:
    completed = subprocess.run([sys.executable, __file__, "--step", name, *map(str, args)], capture_output=True,
                               text=True, cwd=ROOT)
    if completed.returncode:
        raise SystemExit(f"step {name} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="listings to generate (default 1M)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timed step (medians are reported)")
    parser.add_argument("--catalog", help="use this catalog instead of generating one")
    parser.add_argument("--workdir", default="/tmp/listing-lint-bench", help="where generated files go")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--jieba-sample", type=int, default=20000)
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--only-index", action="store_true", help="only the index steps (catalog generated before)")
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        name, *rest = args.step
        converted = [int(x) if x.isdigit() else x for x in rest]
        print(json.dumps(STEPS[name](*converted)))
        return 0

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    catalog = args.catalog or str(work / f"catalog-{args.n}-{args.seed}.jsonl")
    if not args.catalog and not Path(catalog).exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / "generate_catalog.py"), str(args.n), "-o", catalog, "--seed",
                        str(args.seed)], check=True)
        print(f"generated {catalog} in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    results: dict = {"catalog": catalog, "cpus": os.cpu_count()}
    if args.only_index:
        index = str(work / (Path(catalog).stem + ".idx"))
        if not Path(index).exists():
            run_step("build", catalog, index)
        queries = [run_step("query", catalog, index, args.queries, args.seed + run) for run in range(args.runs)]
        opens = [run_step("open", index) for _ in range(args.runs)]
        for key in ("p50_ms", "p99_ms", "cpu_p99_ms", "max_ms", "load_average", "open_and_first_query_s"):
            print(f"{key:<24} {median(queries, key):.4f}")
        print(f"{'open_s':<24} {median(opens, 'open_s'):.4f}")
        return 0
    groups = [run_step("group", catalog) for _ in range(args.runs)]
    results["group_runs"] = groups
    jieba = [run_step("jieba", catalog, args.jieba_sample) for _ in range(args.runs)]
    results["jieba_runs"] = jieba
    first = groups[0]
    jieba_wall = median(jieba, "us_per_char_wall") * first["title_chars"] / 1e6
    jieba_cpu = median(jieba, "us_per_char_cpu") * first["title_chars"] / 1e6
    summary = {
        "listings": first["listings"],
        "grouping wall s (median)": median(groups, "group_wall_s"),
        "grouping cpu s (median)": median(groups, "group_cpu_s"),
        "  of which summaries wall s": median(groups, "summarize_wall_s"),
        "peak RSS MB (median)": median(groups, "peak_rss_mb"),
        "load average after grouping (median; 2 = both cores busy)": median(groups, "load_average"),
        "jieba.lcut on the titles, wall s (extrapolated)": jieba_wall,
        "jieba.lcut on the titles, cpu s (extrapolated)": jieba_cpu,
        "grouping / jieba (wall)": median(groups, "group_wall_s") / jieba_wall,
        "grouping / jieba (cpu)": median(groups, "group_cpu_s") / jieba_cpu,
        "groups": first["groups"], "grouped listings": first["grouped_listings"],
        "candidate pairs": first["candidate_pairs"],
    }
    if "candidate_recall" in first:
        summary.update({"candidate recall": first["candidate_recall"], "pair precision": first["pair_precision"],
                        "pair recall": first["pair_recall"]})
    if not args.skip_index:
        index = str(work / (Path(catalog).stem + ".idx"))
        build = run_step("build", catalog, index)
        opens = [run_step("open", index) for _ in range(args.runs)]
        queries = [run_step("query", catalog, index, args.queries, args.seed + run) for run in range(args.runs)]
        results.update(build=build, open_runs=opens, query_runs=queries)
        summary.update({
            "index build s": build["build_wall_s"], "index MB": build["index_mb"],
            "index build peak RSS MB": build["peak_rss_mb"],
            "index open s (median)": median(opens, "open_s"),
            "index open + first query (loads the dictionaries) s": median(queries, "open_and_first_query_s"),
            "query p50 ms (median)": median(queries, "p50_ms"), "query p99 ms (median)": median(queries, "p99_ms"),
            "query max ms (median)": median(queries, "max_ms"),
            "query p99 ms of CPU time (median)": median(queries, "cpu_p99_ms"),
            "load average during the queries (median)": median(queries, "load_average"),
            "queries that found a duplicate (half are rewordings)": f"{queries[0]['found']}/{queries[0]['queries']}",
        })
    crossover = run_step("crossover", 32768)
    results["crossover"] = crossover
    f1 = run_step("f1")
    summary["F1 on corpus/labeled/duplicates.jsonl"] = f1.get("f1")
    results["summary"] = summary
    width = max(map(len, summary))
    for key, value in summary.items():
        shown = f"{value:.4f}" if isinstance(value, float) and value < 10 else (
            f"{value:.1f}" if isinstance(value, float) else str(value))
        print(f"{key:<{width}}  {shown}")
    out = work / "duplicates-bench.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print("bucket size → CPU s of candidates + verification over 32768 listings (all pairs | banded MinHash):")
    for size, row in crossover.items():
        print(f"  {size:>5}: {row['all pairs']['cpu_s']:.2f} | {row['minhash']['cpu_s']:.2f}  "
              f"(verified pairs {row['all pairs']['verified_pairs']} | {row['minhash']['verified_pairs']})")
    print(f"(all runs: {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
