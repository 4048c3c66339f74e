"""``listing-lint serve``: the HTTP service and the pre-publish check page (needs the ``[server]`` extra)."""

from __future__ import annotations

import argparse

from ..server import DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数: {text!r}")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="启动 HTTP 服务与发布前检查页面",
        description="启动 HTTP 服务: POST /v1/lint, GET /v1/rules, GET /healthz, /openapi.json (文档页 /docs), "
                    "以及发布前检查页面 /。配置取自当前目录向上查找的 [tool.listing-lint]。"
                    "需要 server 扩展: pip install 'listing-lint[server]'。")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址 (默认 127.0.0.1; 对外服务用 0.0.0.0)")
    parser.add_argument("--port", type=int, default=8080, help="端口 (默认 8080)")
    parser.add_argument("--index", metavar="FILE", help="已持久化的重复铺货索引: 对照它检查重复铺货")
    parser.add_argument("--max-body", type=_positive, default=DEFAULT_MAX_BODY, metavar="BYTES",
                        help=f"请求体上限 (默认 {DEFAULT_MAX_BODY} 字节), 超过返回 413")
    parser.add_argument("--max-batch", type=_positive, default=DEFAULT_MAX_BATCH, metavar="N",
                        help=f"一次请求最多商品数 (默认 {DEFAULT_MAX_BATCH}), 超过返回 413")
    parser.set_defaults(run=run)


def run(args, stdout, stderr) -> int:
    try:
        import uvicorn

        from ..server.app import IndexUnavailable, create_app
    except ImportError as exc:
        print(f"listing-lint: serve 需要 server 扩展 ({exc.name} 未安装): pip install 'listing-lint[server]'",
              file=stderr)
        return 2
    from ..config import ConfigError, discover
    from ..lexicon import LexiconError
    from ..linter import ProfileError
    from ..registry import UnknownRuleError

    try:
        app = create_app(discover(), index=args.index, max_body=args.max_body, max_batch=args.max_batch)
    except IndexUnavailable as exc:
        print(f"listing-lint: --index {args.index}: {exc}", file=stderr)
        return 2
    except (ConfigError, ProfileError, UnknownRuleError, LexiconError) as exc:
        print(f"listing-lint: {exc}", file=stderr)
        return 2
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"listing-lint: 发布前检查页面 http://{host}:{args.port}/ · API 文档 http://{host}:{args.port}/docs",
          file=stderr)
    stderr.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
