"""``listing-lint index build|add``: the persisted duplicate index (重复铺货) that ``check --index`` reads."""

from __future__ import annotations

import time


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "index", help="建立/更新重复铺货索引 (供 check --index 在发布前检查新商品)",
        description="重复铺货索引: 一个 SQLite 文件, 记录已发布商品的匹配特征。listing-lint check NEW --index FILE "
                    "对照它检查新商品是否与本店已发布商品重复。")
    actions = parser.add_subparsers(dest="index_command", metavar="ACTION")
    build = actions.add_parser("build", help="由目录建立新索引 (覆盖已有文件)")
    build.add_argument("catalogs", nargs="+", metavar="CATALOG", help="商品目录 (JSONL/JSON/CSV/XLSX, - 为标准输入)")
    build.add_argument("-o", "--output", required=True, metavar="FILE", help="索引文件, 如 catalog.idx")
    build.add_argument("--encoding", help="CSV 的编码 (默认自动识别)")
    build.set_defaults(run=run_build)
    add = actions.add_parser("add", help="把商品加入已有索引 (同 id 的商品被替换)")
    add.add_argument("catalogs", nargs="+", metavar="CATALOG", help="商品目录 (JSONL/JSON/CSV/XLSX, - 为标准输入)")
    add.add_argument("--index", required=True, metavar="FILE", help="已有的索引文件")
    add.add_argument("--encoding", help="CSV 的编码 (默认自动识别)")
    add.set_defaults(run=run_add)
    parser.set_defaults(run=lambda args, stdout, stderr: _usage(parser, stderr))


def _usage(parser, stderr) -> int:
    parser.print_help(stderr)
    return 2


def _listings(paths: list[str], encoding: str | None, errors: list):
    """Valid listings of the catalogs; input errors are collected (and the other records still read)."""
    from ..listing import Listing, ListingError
    from ..reader import InputError, read_catalog

    for path in paths:
        for item in read_catalog(path, encoding):
            if isinstance(item, InputError):
                errors.append(item)
                continue
            try:
                yield Listing(item.data, from_text=item.from_text)
            except ListingError as exc:
                errors.append(InputError(item.source, item.line, exc.field, exc.message))


def _index_action(args, target: str, failure: str, verb: str, action, stderr) -> int:
    """Run ``action(listings, lexicon, options)``, which returns how many listings it stored, with the configuration's
    dictionaries and duplicate-listing options. A configuration, dictionary or index file that cannot be used is a
    usage error (exit 2) named on stderr; broken records are input errors (exit 2, the others still stored)."""
    import sqlite3

    from ..config import discover
    from ..lexicon import Lexicon, LexiconError

    started = time.perf_counter()
    errors: list = []
    try:
        config = discover()
        lexicon = Lexicon(config.dictionaries)
        options = config.rule_options.get("duplicate-listing", {})
        count = action(_listings(args.catalogs, args.encoding, errors), lexicon, options)
    except (OSError, ValueError, LexiconError, sqlite3.Error) as exc:
        print(f"listing-lint: {failure} {target}: {exc}", file=stderr)
        return 2
    for error in errors:
        print(f"listing-lint: {error}", file=stderr)
    print(f"listing-lint: 索引 {target}: {verb} {count} 个商品 ({time.perf_counter() - started:.1f} 秒)", file=stderr)
    return 2 if errors else 0


def run_build(args, stdout, stderr) -> int:
    def build(listings, lexicon, options) -> int:
        from ..duplicates import DuplicateIndex

        with DuplicateIndex.build(listings, args.output, lexicon=lexicon, options=options) as index:
            return len(index)

    return _index_action(args, args.output, "无法建立索引", "共", build, stderr)


def run_add(args, stdout, stderr) -> int:
    def add(listings, lexicon, options) -> int:
        from ..duplicates import DuplicateIndex

        # The index keeps the options it was built with.
        with DuplicateIndex.open(args.index, lexicon=lexicon) as index:
            return index.add(listings)

    return _index_action(args, args.index, "无法更新索引", "加入", add, stderr)
