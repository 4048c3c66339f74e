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


def _lexicon_and_options(stderr):
    from ..config import ConfigError, discover
    from ..lexicon import Lexicon

    try:
        config = discover()
    except ConfigError as exc:
        print(f"listing-lint: {exc}", file=stderr)
        return None
    return Lexicon(config.dictionaries), config.rule_options.get("duplicate-listing", {})


def _finish(errors: list, count: int, path: str, started: float, verb: str, stderr) -> int:
    for error in errors:
        print(f"listing-lint: {error}", file=stderr)
    print(f"listing-lint: 索引 {path}: {verb} {count} 个商品 ({time.perf_counter() - started:.1f} 秒)", file=stderr)
    return 2 if errors else 0


def run_build(args, stdout, stderr) -> int:
    from ..duplicates import DuplicateIndex
    from ..lexicon import LexiconError

    loaded = _lexicon_and_options(stderr)
    if loaded is None:
        return 2
    lexicon, options = loaded
    started = time.perf_counter()
    errors: list = []
    try:
        index = DuplicateIndex.build(_listings(args.catalogs, args.encoding, errors), args.output,
                                     lexicon=lexicon, options=options)
    except (OSError, ValueError, LexiconError) as exc:
        print(f"listing-lint: 无法建立索引 {args.output}: {exc}", file=stderr)
        return 2
    count = len(index)
    index.close()
    return _finish(errors, count, args.output, started, "共", stderr)


def run_add(args, stdout, stderr) -> int:
    from ..duplicates import DuplicateIndex

    loaded = _lexicon_and_options(stderr)
    if loaded is None:
        return 2
    lexicon, _ = loaded
    started = time.perf_counter()
    errors: list = []
    try:
        index = DuplicateIndex.open(args.index, lexicon=lexicon)
    except (OSError, ValueError) as exc:
        print(f"listing-lint: --index {args.index}: {exc}", file=stderr)
        return 2
    with index:
        added = index.add(_listings(args.catalogs, args.encoding, errors))
    return _finish(errors, added, args.index, started, "加入", stderr)
