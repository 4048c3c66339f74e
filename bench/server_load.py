"""Load on the HTTP service: N concurrent clients POST realistic listings to /v1/lint; latency percentiles.

    python bench/server_load.py                       # starts `listing-lint serve` on a free port itself
    python bench/server_load.py --url http://127.0.0.1:8080 --clients 16 --requests 3200 [--batch 10]

A fifth of the listings carry a disguised 百亿补贴 in the title; every answer is checked: status 200, one
result per listing sent, and a fake-platform-claim finding exactly where one was planted.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_catalog import generate  # noqa: E402

CLAIMS = ["百亿补贴", "百億補貼", "佰亿补帖", "【百亿补贴】", "百.亿.补.贴"]


def payloads(count: int, seed: int = 0) -> list[tuple[dict, bool]]:
    """(listing, planted) pairs: realistic listings, a fifth with a disguised claim in the title."""
    rng = random.Random(seed)
    out = []
    for record in generate(count, seed=seed):
        record = {k: v for k, v in record.items() if not k.startswith("_")}
        planted = rng.random() < 0.2
        if planted:
            record["title"] = f"{rng.choice(CLAIMS)} {record['title']}"
        out.append((record, planted))
    return out


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def run_load(url: str, clients: int = 16, requests: int = 3200, batch: int = 0, seed: int = 0) -> dict:
    """Send ``requests`` requests from ``clients`` threads (one keep-alive connection each)."""
    size = max(1, batch)
    items = payloads(min(requests * size, 5000), seed)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def client() -> None:
        mine, wrong = [], []
        with httpx.Client(base_url=url, timeout=30) as http:
            for number in counter:  # next() on a shared range iterator is atomic under the GIL
                chosen = [items[(number * size + k) % len(items)] for k in range(size)]
                body = {"listings": [record for record, _ in chosen]} if batch else chosen[0][0]
                started = time.perf_counter()
                try:
                    response = http.post("/v1/lint", json=body)
                except httpx.HTTPError as exc:
                    wrong.append(f"{type(exc).__name__}: {exc}")
                    continue
                mine.append(time.perf_counter() - started)
                if response.status_code != 200:
                    wrong.append(f"HTTP {response.status_code}: {response.text[:200]}")
                    continue
                answer = response.json()
                results = answer["results"] if batch else [answer]
                if len(results) != len(chosen):
                    wrong.append(f"{len(results)} results for {len(chosen)} listings")
                for (record, planted), result in zip(chosen, results):
                    flagged = any(f["rule"] == "fake-platform-claim" and f["field"] == "title"
                                  for f in result["findings"])
                    if result["listing_id"] != record["id"] or flagged != planted:
                        wrong.append(f"{record['id']}: planted={planted} flagged={flagged}")
        with lock:
            latencies.extend(mine)
            errors.extend(wrong)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "clients": clients, "requests": requests, "batch": batch, "errors": len(errors), "first_errors": errors[:5],
        "seconds": round(elapsed, 2), "requests_per_second": round(requests / elapsed, 1),
        "listings_per_second": round(requests * size / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2), "p90_ms": round(percentile(latencies, 0.90) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2), "max_ms": round(latencies[-1] * 1000, 2) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else None,
    }


class ServeProcess:
    """``listing-lint serve`` in a subprocess on a free loopback port, run in ``cwd`` (where it looks for
    listing-lint.toml). uvicorn logs every request to stdout, which goes nowhere: an unread pipe would fill up
    and stall the server. stderr goes to a file, so that a server that does not start can say why."""

    def __init__(self, *args: str, cwd: Path | None = None):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "listing_lint.cli", "serve", "--port", str(self.port), *args]
        self.cwd = cwd

    def __enter__(self) -> "ServeProcess":
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.command, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=self._stderr)
        deadline = time.monotonic() + 30
        while self.process.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        exited = self.process.poll()
        self._stderr.seek(0)
        said = self._stderr.read().decode(errors="replace").strip()
        self.__exit__()
        problem = f"exited with {exited}" if exited is not None else "did not answer /healthz within 30 s"
        raise RuntimeError(f"listing-lint serve {problem}: {said}")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running service (default: start one)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3200)
    parser.add_argument("--batch", type=int, default=0, help="listings per request (0: one listing, not a batch)")
    args = parser.parse_args()
    if args.url:
        result = run_load(args.url, args.clients, args.requests, args.batch)
    else:
        with ServeProcess() as served:
            run_load(served.url, 4, 200, args.batch)  # warm up: the first requests load the rules
            result = run_load(served.url, args.clients, args.requests, args.batch)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
