"""A bounded load test of `listing-lint serve` over real HTTP: 16 concurrent clients, thousands of requests,
zero errors, every answer right; p50/p99 latency printed (bench/server_load.py does the work)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the [server] extra (fastapi, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the [server] extra (fastapi, uvicorn) is not installed")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from server_load import ServeProcess, run_load  # noqa: E402


def test_sixteen_concurrent_clients_get_no_error(capsys):
    with ServeProcess() as served:
        run_load(served.url, clients=4, requests=100)  # warm up: first requests load the rules
        result = run_load(served.url, clients=16, requests=2400)
        batches = run_load(served.url, clients=16, requests=160, batch=10)
    with capsys.disabled():
        print(f"\nserver load, single listings: {json.dumps(result, ensure_ascii=False)}")
        print(f"server load, batches of 10:   {json.dumps(batches, ensure_ascii=False)}")
    assert result["errors"] == 0, result["first_errors"]
    assert batches["errors"] == 0, batches["first_errors"]
    assert result["p99_ms"] < 5000
