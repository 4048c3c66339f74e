"""A bounded load test of `listing-lint serve` over real HTTP: 16 concurrent clients, thousands of requests,
zero errors, every answer right; p50/p99 latency printed (bench/server_load.py does the work)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the [server] extra (fastapi, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the [server] extra (fastapi, uvicorn) is not installed")

BENCH = Path(__file__).resolve().parents[1] / "bench" / "server_load.py"


@pytest.fixture(scope="module")
def load():
    if not BENCH.is_file():
        pytest.skip("bench/server_load.py is not in this tree")
    spec = importlib.util.spec_from_file_location("server_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sixteen_concurrent_clients_get_no_error(load, capsys):
    with load.Served() as served:
        load.run_load(served.url, clients=4, requests=100)  # warm up: first requests load the rules
        result = load.run_load(served.url, clients=16, requests=2400)
        batches = load.run_load(served.url, clients=16, requests=160, batch=10)
    with capsys.disabled():
        print(f"\nserver load, single listings: {json.dumps(result, ensure_ascii=False)}")
        print(f"server load, batches of 10:   {json.dumps(batches, ensure_ascii=False)}")
    assert result["errors"] == 0, result["first_errors"]
    assert batches["errors"] == 0, batches["first_errors"]
    assert result["p50_ms"] <= result["p99_ms"] < 5000
