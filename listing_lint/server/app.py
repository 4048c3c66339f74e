"""The ASGI app: a thin adapter over :class:`~listing_lint.linter.Linter`.

    POST /v1/lint     one listing, {"listings": [...]} or [...] → findings (CONTRACT §3), per listing
    GET  /v1/rules    the active rules: id, code, title, clause, severity, penalty, docs
    GET  /healthz     liveness
    GET  /openapi.json, /docs   the API described
    GET  /            the pre-publish check page (static files in ``static/``)

Every answer is JSON with a precise status: malformed JSON 400, a record that does not fit the contract
422 naming the field, a body or batch over the limit 413, a wrong method 405. Errors look like
``{"error": {"status": 422, "field": "listings[3].price", "message": "..."}}``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..config import Config, discover
from ..lexicon import Lexicon
from ..linter import Linter, ProfileError
from ..listing import Listing, ListingError
from ..reader import Record
from . import DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY, schema

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("listing_lint.server")


class ApiError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers


def _error_response(status: int, message: str, field: str | None = None, headers: dict | None = None) -> JSONResponse:
    error: dict[str, Any] = {"status": status, "message": message}
    if field:
        error["field"] = field
    return JSONResponse({"error": error}, status_code=status, headers=headers)


class _Linters:
    """One Linter per profile asked for, all sharing the configuration and the duplicate index."""

    def __init__(self, config: Config, context: dict[str, Any]):
        self.config = config
        self.context = context
        self.default = Linter(config, context=context)  # a bad configuration fails at start, not per request
        self._by_profile = {config.profile: self.default}

    def get(self, profile: str | None) -> Linter:
        if not profile:
            return self.default
        linter = self._by_profile.get(profile)
        if linter is None:
            try:
                linter = Linter(self.config.merged(profile=profile), context=self.context)
            except ProfileError as exc:
                raise ApiError(422, str(exc), field="profile") from None
            self._by_profile[profile] = linter
        return linter


async def _read_body(request: Request, limit: int) -> bytes:
    too_big = ApiError(413, f"请求体超过上限 {limit} 字节 (listing-lint serve --max-body 可调整)")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json(body: bytes) -> Any:
    if not body.strip():
        raise ApiError(400, "请求体为空: 应为 JSON (一条商品, {\"listings\": [...]} 或数组)")
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"请求体不是合法的 JSON: {exc.msg} (第 {exc.lineno} 行第 {exc.colno} 列)") from None
    except UnicodeDecodeError:
        raise ApiError(400, "请求体不是 UTF-8 编码的 JSON") from None
    except (ValueError, RecursionError) as exc:  # over-long integers, absurd nesting
        raise ApiError(400, f"请求体不是可接受的 JSON ({type(exc).__name__})") from None


def _listings(payload: Any, max_batch: int) -> tuple[list[Listing], bool]:
    """The listings of a request, validated, and whether it was a batch."""
    if isinstance(payload, dict) and "listings" in payload and "id" not in payload:
        items, prefix = payload["listings"], "listings"
        if not isinstance(items, list):
            raise ApiError(422, f"listings 应为数组, 实为 {type(items).__name__}", field="listings")
    elif isinstance(payload, list):
        items, prefix = payload, ""
    elif isinstance(payload, dict):
        try:
            return [Listing(payload)], False
        except ListingError as exc:
            raise ApiError(422, exc.message, field=exc.field) from None
    else:
        raise ApiError(422, f"应为一条商品 (对象), {{\"listings\": [...]}} 或数组, 实为 {type(payload).__name__}",
                       field="(body)")
    if len(items) > max_batch:
        raise ApiError(413, f"一批最多 {max_batch} 条商品, 收到 {len(items)} 条 (listing-lint serve --max-batch 可调整)")
    listings = []
    for index, item in enumerate(items):
        try:
            listings.append(Listing(item))
        except ListingError as exc:
            where = f"{prefix}[{index}]"
            raise ApiError(422, exc.message, field=where if exc.field == "(record)" else f"{where}.{exc.field}") from None
    return listings, True


def _lint(linter: Linter, listings: list[Listing]) -> list[dict[str, Any]]:
    """Findings per listing, in request order. A batch is one small catalog: duplicates within it count."""
    results = [{"listing_id": listing.id, "findings": []} for listing in listings]
    first_of = {}
    for index, listing in enumerate(listings):
        first_of.setdefault(listing.id, index)
    position = 0
    for outcome in linter.run(Record(None, None, listing) for listing in listings):
        if outcome.catalog:
            index = first_of[outcome.listing_id]
        else:
            index, position = position, position + 1
        results[index]["findings"].extend(finding.to_dict() for finding in outcome.findings)
    return results


class IndexUnavailable(Exception):
    """The duplicate index given cannot be used (module missing, file missing or not an index)."""


def open_index(path: str, config: Config):
    """The index, reading new listings with the configuration's dictionaries (as ``index build`` did)."""
    try:
        from ..duplicates.index import IndexOpenError, open_index as open_duplicate_index
    except ImportError as exc:
        raise IndexUnavailable(f"重复铺货索引不可用 ({exc})") from None
    try:
        return open_duplicate_index(path, Lexicon(config.dictionaries))
    except IndexOpenError as exc:
        raise IndexUnavailable(str(exc)) from None


def _rule_entry(linter: Linter, rule) -> dict[str, Any]:
    docs = rule.docs
    return {
        "id": rule.id, "code": rule.code, "title": rule.title, "clause": rule.clause,
        "severity": linter.rule_severity(rule), "scope": rule.scope, "penalty": linter.penalty_of(rule.id),
        "docs": {"catches": docs.catches, "why": docs.why, "bad": docs.bad, "good": docs.good, "fix": docs.fix},
    }


def create_app(config: Config | None = None, *, index: str | None = None, max_body: int = DEFAULT_MAX_BODY,
               max_batch: int = DEFAULT_MAX_BATCH) -> FastAPI:
    """The app. ``config`` defaults to the ``[tool.listing-lint]`` configuration found from the working
    directory; ``index`` is a persisted duplicate index (``listing-lint index``) to check listings against."""
    config = config if config is not None else discover()
    context: dict[str, Any] = {"index": open_index(index, config)} if index else {}
    linters = _Linters(config, context)

    app = FastAPI(
        title="listing-lint",
        version=__version__,
        description="检查电商商品信息 (抖店/抖音, TikTok Shop) 是否违反平台发布规则。"
                    "发布前检查页面在 `/`。问题的 start/end 是字段原文中的 Unicode 码点下标。",
        docs_url=None,  # FastAPI's docs pages load scripts from a CDN; ours is self-contained
        redoc_url=None,
    )

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error_response(exc.status, exc.message, exc.field, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: f"没有这个地址: {request.url.path}",
                    405: f"{request.url.path} 不支持 {request.method} 方法 (可用: {(exc.headers or {}).get('Allow', '')})"}
        return _error_response(exc.status_code, messages.get(exc.status_code, str(exc.detail)), headers=exc.headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        return _error_response(500, f"内部错误 ({type(exc).__name__}); 请把请求体附在问题报告里")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = (exc.errors() or [{}])[0]
        field = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "body"))
        return _error_response(422, first.get("msg", "请求参数不合法"), field or None)

    @app.post("/v1/lint", summary="检查商品", tags=["lint"], responses=schema.LINT_RESPONSES,
              openapi_extra={"requestBody": schema.LINT_REQUEST, "parameters": [schema.PROFILE_PARAMETER]})
    async def lint(request: Request) -> JSONResponse:
        """检查一条商品或一批商品, 返回每条商品的问题 (顺序同请求)。一批商品视为一个小商品库: 批内重复铺货也会报告;
        服务以 `--index` 启动时, 还对照已持久化的商品库检查重复铺货。"""
        linter = linters.get(request.query_params.get("profile"))
        payload = _parse_json(await _read_body(request, max_body))
        listings, batch = _listings(payload, max_batch)
        # Linting runs on the event loop's thread: it is CPU-bound (threads would not speed it up under the
        # GIL), --max-batch bounds how long one request holds the loop, and the rules and the index are
        # never used from two threads at once.
        try:
            results = _lint(linter, listings)
        except Exception as exc:  # a bug in a rule: answered (and logged), the connection kept
            log.exception("linting failed")
            raise ApiError(500, f"内部错误 ({type(exc).__name__}); 请把请求体附在问题报告里") from None
        if batch:
            return JSONResponse({"profile": linter.config.profile, "results": results})
        return JSONResponse({"profile": linter.config.profile, **results[0]})

    @app.get("/v1/rules", summary="当前启用的规则", tags=["rules"],
             openapi_extra={"parameters": [schema.PROFILE_PARAMETER]})
    async def rules(request: Request) -> JSONResponse:
        """当前配置与 profile 启用的规则: id、代码、标题、依据条款、级别、该 profile 下的处罚与规则说明。"""
        linter = linters.get(request.query_params.get("profile"))
        return JSONResponse({
            "profile": {"name": linter.config.profile, "title": linter.profile.get("title", "")},
            "profiles": [{"name": name, "title": profile.get("title", "")}
                         for name, profile in linter.lexicon.profiles().items()],
            "rules": [_rule_entry(linter, rule) for rule in linter.rules],
        })

    @app.get("/healthz", summary="健康检查", tags=["service"])
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "profile": config.profile,
                "rules": len(linters.default.rules), "index": index}

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
