"""The HTTP service over real HTTP on loopback: contract findings, batches, rules, errors, config."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi", reason="the [server] extra (fastapi, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the [server] extra (fastapi, uvicorn) is not installed")
import httpx  # noqa: E402

from listing_lint import Config, lint  # noqa: E402
from listing_lint.registry import all_rules  # noqa: E402
from listing_lint.server import create_app  # noqa: E402
from live_server import ServeProcess, ThreadedServer  # noqa: E402

CLAIM = "fake-platform-claim"


@pytest.fixture(scope="module")
def server():
    with ThreadedServer(create_app(Config(), max_body=64 * 1024, max_batch=50)) as live:
        yield live


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


def claims(findings):
    return [f for f in findings if f["rule"] == CLAIM]


# -- POST /v1/lint ----------------------------------------------------------------------------------

@pytest.mark.parametrize("title, text", [("百亿补贴 纯棉T恤", "百亿补贴"), ("百億補貼 純棉T恤", "百億補貼"),
                                         ("😀佰亿补帖 纯棉T恤", "佰亿补帖")])
def test_one_listing_gets_the_contract_findings(client, title, text):
    record = {"id": "a1", "title": title}
    response = client.post("/v1/lint", json=record)
    assert response.status_code == 200
    body = response.json()
    assert body["listing_id"] == "a1"
    assert body["profile"] == "douyin"
    found = claims(body["findings"])
    assert len(found) == 1
    finding = found[0]
    # The same findings the library gives, in the contract's shape, offsets into the original title.
    assert body["findings"] == [f.to_dict() for f in lint(record)]
    assert title[finding["start"]:finding["end"]] == finding["text"] == text
    assert {"listing_id", "rule", "severity", "field", "start", "end", "text", "message"} <= set(finding)
    assert finding["severity"] == "error" and finding["field"] == "title"
    assert finding["penalty"] and finding["suggestion"] is not None and finding["fix"]["safe"] is True


def test_a_clean_listing_has_no_claim_and_an_enrolled_one_is_allowed(client):
    clean = client.post("/v1/lint", json={"id": "c", "title": "纯棉短袖T恤男 夏季宽松"}).json()
    assert claims(clean["findings"]) == []
    enrolled = client.post("/v1/lint", json={"id": "e", "title": "百亿补贴 纯棉T恤", "campaigns": ["百亿补贴"]}).json()
    assert claims(enrolled["findings"]) == []


@pytest.mark.parametrize("wrap", [lambda items: {"listings": items}, lambda items: items], ids=["object", "array"])
def test_a_batch_is_answered_per_listing_in_order(client, wrap):
    items = [{"id": "b1", "title": "纯棉T恤"}, {"id": "b2", "title": "百亿补贴 保温杯"},
             {"id": "b3", "detail": "<p>百億補貼</p>", "skus": [{"name": "佰亿补帖 白色", "price": 9}]}]
    response = client.post("/v1/lint", json=wrap(items))
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["listing_id"] for r in results] == ["b1", "b2", "b3"]
    assert claims(results[0]["findings"]) == []
    assert [f["field"] for f in claims(results[1]["findings"])] == ["title"]
    assert sorted(f["field"] for f in claims(results[2]["findings"])) == ["detail", "skus[0].name"]
    for result in results:
        assert all(f["listing_id"] == result["listing_id"] for f in result["findings"])


def test_an_empty_batch_is_fine(client):
    assert client.post("/v1/lint", json={"listings": []}).json() == {"profile": "douyin", "results": []}


def test_profile_per_request(client):
    record = {"id": "p", "title": "百亿补贴 纯棉T恤"}
    body = client.post("/v1/lint", params={"profile": "tiktok-shop"}, json=record).json()
    assert body["profile"] == "tiktok-shop"
    assert claims(body["findings"])[0]["penalty"].startswith("误导性宣传")
    service = client.post("/v1/lint", params={"profile": "douyin-service"}, json=record).json()
    assert claims(service["findings"]) == []  # seed 004's rules have no platform-claim rule


# -- errors -------------------------------------------------------------------------------------------

def error_of(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    return error


@pytest.mark.parametrize("body", [b"{", b'{"id": "1",}', b"", b"   ", b"\xff\xfe{", b"[" * 30_000, b"[" * 20_000 + b"]" * 20_000, b"1" * 5000])
def test_malformed_json_is_400(client, body):
    error_of(client.post("/v1/lint", content=body, headers={"content-type": "application/json"}), 400)


@pytest.mark.parametrize("payload, field", [
    ({"title": "无 id"}, "id"),
    ({"id": "1", "price": "9.9元"}, "price"),
    ({"id": "1", "skus": [{"name": "白色", "price": "x"}]}, "skus[0].price"),
    ({"id": "1", "images": "a.jpg"}, "images"),
    ({"listings": [{"id": "1"}, {"id": "2", "title": 5}]}, "listings[1].title"),
    ({"listings": {"id": "1"}}, "listings"),
    ([{"id": "1"}, "not an object"], "[1]"),
    ([{"id": "1"}, {"id": "2", "freight": True}], "[1].freight"),
    ("just a string", "(body)"),
])
def test_schema_errors_are_422_naming_the_field(client, payload, field):
    assert error_of(client.post("/v1/lint", json=payload), 422)["field"] == field


def test_unknown_profile_is_422(client):
    error = error_of(client.post("/v1/lint", params={"profile": "taobao"}, json={"id": "1"}), 422)
    assert error["field"] == "profile" and "douyin" in error["message"]
    assert error_of(client.get("/v1/rules", params={"profile": "taobao"}), 422)["field"] == "profile"


def test_oversized_body_and_batch_are_413(client):
    big = {"id": "1", "detail": "纯棉" * 40_000}
    assert "字节" in error_of(client.post("/v1/lint", json=big), 413)["message"]
    # Without a Content-Length (chunked), the limit holds while reading.
    chunks = (json.dumps(big).encode()[i:i + 4096] for i in range(0, 200_000, 4096))
    error_of(client.post("/v1/lint", content=chunks, headers={"content-type": "application/json"}), 413)
    batch = {"listings": [{"id": str(i)} for i in range(51)]}
    assert "51" in error_of(client.post("/v1/lint", json=batch), 413)["message"]
    assert client.post("/v1/lint", json={"listings": [{"id": str(i)} for i in range(50)]}).status_code == 200


def test_wrong_method_is_405_and_unknown_path_404(client):
    for method in ("GET", "PUT", "DELETE", "PATCH"):
        response = client.request(method, "/v1/lint")
        assert "POST" in error_of(response, 405)["message"]
        assert response.headers["allow"] == "POST"
    error_of(client.post("/v1/rules"), 405)
    error_of(client.post("/healthz"), 405)
    error_of(client.get("/v2/lint"), 404)


def test_hostile_text_gets_an_answer(client):
    hostile = "".join(chr(c) for c in range(0x20, 0x3000, 7)) + "\ud7ff\U0010ffff" * 50 + "百\u200b亿\u200d补\u2060贴"
    response = client.post("/v1/lint", json={"id": "h", "title": hostile[:2000], "detail": hostile * 4})
    assert response.status_code == 200
    for finding in response.json()["findings"]:
        value = {"title": hostile[:2000], "detail": hostile * 4}.get(finding["field"])
        if value is not None and finding["start"] is not None:
            assert value[finding["start"]:finding["end"]] == finding["text"]


# -- rules, health, OpenAPI, page ---------------------------------------------------------------------

def test_rules_lists_the_active_rules_with_docs_and_penalty(client):
    body = client.get("/v1/rules").json()
    assert body["profile"]["name"] == "douyin"
    assert {p["name"] for p in body["profiles"]} >= {"douyin", "douyin-service", "tiktok-shop"}
    by_id = {rule["id"]: rule for rule in body["rules"]}
    assert set(by_id) == {rule.id for rule in all_rules()}  # douyin enables every rule
    for rule in body["rules"]:
        assert {"id", "code", "title", "clause", "severity", "penalty", "docs"} <= set(rule)
        assert rule["severity"] in ("error", "warning", "info")
        assert set(rule["docs"]) == {"catches", "why", "bad", "good", "fix"}
    claim = by_id[CLAIM]
    assert claim["code"] == "LL301" and claim["severity"] == "error" and "百亿补贴" in claim["docs"]["bad"]
    tiktok = {r["id"]: r for r in client.get("/v1/rules", params={"profile": "tiktok-shop"}).json()["rules"]}
    assert tiktok[CLAIM]["penalty"].startswith("误导性宣传")
    assert tiktok["keyword-stuffing"]["severity"] == "warning"  # the profile's, over the rule's default error


def test_healthz(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["rules"] == len(all_rules()) and body["index"] is None


def test_openapi_document_and_docs_page(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    lint_op = spec["paths"]["/v1/lint"]["post"]
    assert set(lint_op["responses"]) >= {"200", "400", "413", "422"}
    assert "oneOf" in lint_op["requestBody"]["content"]["application/json"]["schema"]
    assert {"/v1/rules", "/healthz"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text
    assert "cdn" not in docs.text.lower()


def test_the_page_and_its_static_files_are_served_without_network_references(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'lang="zh-CN"' in page.text and 'name="viewport"' in page.text
    for asset in ("/static/page.js", "/static/page.css", "/static/docs.js"):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert "http://" not in response.text and "https://" not in response.text, asset
    assert "https://" not in page.text.replace('placeholder="https://', "")


# -- configuration -----------------------------------------------------------------------------------

def test_config_is_discovered_from_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.listing-lint]\nprofile = "tiktok-shop"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with ThreadedServer(create_app()) as live:
        body = httpx.post(f"{live.url}/v1/lint", json={"id": "1", "title": "百亿补贴 T恤"}).json()
    assert body["profile"] == "tiktok-shop"
    assert claims(body["findings"])[0]["penalty"].startswith("误导性宣传")


def test_config_ignore_is_honoured(tmp_path, monkeypatch):
    (tmp_path / "listing-lint.toml").write_text(f'ignore = ["{CLAIM}"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with ThreadedServer(create_app()) as live:
        body = httpx.post(f"{live.url}/v1/lint", json={"id": "1", "title": "百亿补贴 T恤"}).json()
        rules = httpx.get(f"{live.url}/v1/rules").json()["rules"]
    assert claims(body["findings"]) == []
    assert CLAIM not in {rule["id"] for rule in rules}


def test_the_serve_command_runs_for_real(tmp_path):
    (tmp_path / "listing-lint.toml").write_text('profile = "tiktok-shop"\n', encoding="utf-8")
    with ServeProcess("--max-batch", "2", "--max-body", "5000", cwd=tmp_path) as live:
        ok = httpx.post(f"{live.url}/v1/lint", json={"id": "1", "title": "百億補貼 T恤"})
        assert ok.status_code == 200 and ok.json()["profile"] == "tiktok-shop"
        assert claims(ok.json()["findings"])[0]["text"] == "百億補貼"
        assert httpx.post(f"{live.url}/v1/lint", json=[{"id": "1"}] * 3).status_code == 413
        assert httpx.post(f"{live.url}/v1/lint", json={"id": "1", "detail": "x" * 6000}).status_code == 413
        assert httpx.get(f"{live.url}/").status_code == 200


@pytest.mark.parametrize("configuration, named", [
    ('profile = "taobao"\n', "taobao"),
    ('[dictionaries]\n"plaform_claims" = ["x.tsv"]\n', "plaform_claims"),  # no such table
])
def test_the_serve_command_reports_a_bad_configuration(tmp_path, configuration, named):
    import subprocess
    import sys

    (tmp_path / "listing-lint.toml").write_text(configuration, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "listing_lint.cli", "serve", "--port", "1"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert named in result.stderr and "Traceback" not in result.stderr


def test_the_serve_command_reports_a_missing_index(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "listing_lint.cli", "serve", "--port", "1",
                             "--index", str(tmp_path / "missing.idx")], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--index" in result.stderr and "Traceback" not in result.stderr


def test_a_failing_rule_is_answered_with_json_and_the_connection_survives(monkeypatch):
    from listing_lint.registry import rule_class

    def broken(self, listing):
        raise RuntimeError("boom")

    monkeypatch.setattr(rule_class(CLAIM), "check", broken)
    with ThreadedServer(create_app(Config(select=(CLAIM,)))) as live, httpx.Client(base_url=live.url) as http:
        error = error_of(http.post("/v1/lint", json={"id": "1", "title": "T恤"}), 500)
        assert "RuntimeError" in error["message"]
        assert http.get("/healthz").status_code == 200  # same keep-alive connection


PUBLISHED = {"id": "c1", "shop_id": "shop-a", "title": "家用电饭煲3L智能预约 一级能效",
             "detail": "3L容量, 适合2-4人使用。24小时预约, 一键煮饭。", "category": "家用电器/厨房电器/电饭煲",
             "brand": "美的", "price": 299.0, "freight": 0, "images": ["https://img.example.com/c1.jpg"],
             "skus": [{"name": "3L 白色", "price": 299.0}]}
REWORDED = {**PUBLISHED, "id": "n1", "title": "一级能效 家用电饭煲3L 智能预约"}


@pytest.fixture(scope="module")
def index_path(tmp_path_factory):
    from listing_lint.duplicates import DuplicateIndex

    path = tmp_path_factory.mktemp("index") / "catalog.idx"
    DuplicateIndex.build([PUBLISHED], path).close()
    return path


def duplicates_of(findings):
    return [f for f in findings if f["rule"] == "duplicate-listing"]


def test_with_an_index_a_new_listing_is_checked_against_the_published_catalog(index_path):
    with ThreadedServer(create_app(Config(), index=str(index_path))) as live, \
            httpx.Client(base_url=live.url, timeout=30) as http:
        assert http.get("/healthz").json()["index"] == str(index_path)
        found = duplicates_of(http.post("/v1/lint", json=REWORDED).json()["findings"])
        assert [f["related"] for f in found] == [["c1"]]
        other_shop = {**REWORDED, "id": "n2", "shop_id": "shop-b"}
        assert duplicates_of(http.post("/v1/lint", json=other_shop).json()["findings"]) == []
        batch = http.post("/v1/lint", json=[REWORDED, other_shop]).json()["results"]
        assert [len(duplicates_of(r["findings"])) for r in batch] == [1, 0]


def test_a_batch_without_an_index_finds_duplicates_within_itself(client):
    results = client.post("/v1/lint", json=[PUBLISHED, REWORDED]).json()["results"]
    # Catalog findings come after the listings; each is put back with its own listing.
    assert [[f["related"] for f in duplicates_of(r["findings"])] for r in results] == [[["n1"]], [["c1"]]]
    assert [r["listing_id"] for r in results] == ["c1", "n1"]


def test_the_serve_command_with_an_index(index_path, tmp_path):
    with ServeProcess("--index", str(index_path), cwd=tmp_path) as live:
        found = duplicates_of(httpx.post(f"{live.url}/v1/lint", json=REWORDED, timeout=30).json()["findings"])
        assert [f["related"] for f in found] == [["c1"]]
