"""Cost of each rule per listing, in process, on a generated catalog (medians of --runs passes).

    python bench/rule_costs.py [--listings 3000] [--runs 3]

Normalization is done once up front and not counted, so each figure is the rule's own work; the first line
is what normalizing the text fields of a listing costs, the last two what all rules cost together on the same
listings (where they share per-listing facts and detector results): listing after listing, and as the linter runs
them, rule after rule over batches of listings (``Linter.check_listings``: a rule's code and tables stay in the
processor's caches). The garbage collector is paused inside
each timed loop: otherwise a whole-heap collection lands in whichever loop happens to run then.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from check_speed import write_catalog  # noqa: E402

from listing_lint import Config, Linter  # noqa: E402
from listing_lint.collector import collector_paused  # noqa: E402
from listing_lint.linter import CHECK_BATCH, batched  # noqa: E402
from listing_lint.listing import Listing  # noqa: E402
from listing_lint.reader import read_catalog  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.jsonl"
        write_catalog(path, args.listings)
        records = [item.data for item in read_catalog(str(path))]
    linter = Linter(Config())

    def fresh() -> list[Listing]:
        listings = [Listing(r) for r in records]
        return listings

    def warm(listings: list[Listing]) -> None:
        for listing in listings:
            for field in listing.text_fields():
                listing.text(field).skeleton

    def timed(action) -> float:
        gc.collect()
        with collector_paused():
            started = time.process_time()
            action()
            return time.process_time() - started

    timings = []
    for _ in range(args.runs):
        listings = fresh()
        timings.append(timed(lambda: warm(listings)))
    print("CPU time per listing, medians of --runs passes")
    print(f"{'normalize + skeleton (all text fields)':40} {statistics.median(timings) / len(records) * 1e6:8.1f} µs/listing")
    for rule in linter.rules:
        timings = []
        for _ in range(args.runs):
            listings = fresh()
            warm(listings)
            timings.append(timed(lambda: [hit for listing in listings for hit in rule.check(listing)]))
        print(f"{rule.code} {rule.id:34} {statistics.median(timings) / len(records) * 1e6:8.1f} µs/listing")
    for name, check_all in (
            ("all rules, listing after listing", lambda listings: [linter.check_listing(l) for l in listings]),
            (f"all rules, batches of {CHECK_BATCH}",
             lambda listings: [linter.check_listings(batch) for batch in batched(listings, CHECK_BATCH)])):
        timings = []
        for _ in range(args.runs):
            listings = fresh()
            warm(listings)
            timings.append(timed(lambda: check_all(listings)))
        print(f"{name:40} {statistics.median(timings) / len(records) * 1e6:8.1f} µs/listing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
