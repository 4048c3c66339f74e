"""The ``listing-lint`` command: a thin adapter over :class:`~listing_lint.linter.Linter`.

Exit codes (CONTRACT §4): 0 no ``error`` finding (or ``--exit-zero``), 1 at least one ``error`` finding,
2 usage, configuration or input error (the other records are still checked and reported).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, NoReturn, TextIO

from . import __version__
from .collector import collector_paused

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class OutputClosed(Exception):
    """The reader of the output went away before the run completed; ``exit_code`` says how far it got."""

    def __init__(self, exit_code: int):
        super().__init__(exit_code)
        self.exit_code = exit_code


# Below this much input, starting worker processes costs more than it saves.
AUTO_JOBS_MIN_BYTES = 4 * 1024 * 1024
# Allocations between two collections of the youngest generation (Python's default is 700): a record's
# objects die young, by reference counting, and a collection every few records only costs time.
GC_THRESHOLD = 10_000


def _jobs(value: str) -> int | str:
    if value == "auto":
        return value
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("应为正整数或 auto") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("至少为 1")
    return jobs


def resolve_jobs(jobs: int | str, paths: list[str]) -> int:
    """``auto``: every CPU this process may use, when the input is large enough to pay for the processes."""
    if jobs != "auto":
        return int(jobs)
    if "-" in paths:
        return 1
    size = sum(os.path.getsize(p) for p in paths if os.path.isfile(p))
    if size < AUTO_JOBS_MIN_BYTES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, cpus)


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; directories searched for catalog files (hidden folders skipped), sorted."""
    from .reader import CATALOG_SUFFIXES

    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in files if f.lower().endswith(CATALOG_SUFFIXES))
            if not found:
                raise UsageError(f"{path}: 目录中没有商品文件 ({', '.join(CATALOG_SUFFIXES)})")
            yield from sorted(found)
        else:
            yield path


# --- check -----------------------------------------------------------------------------------------

def _load_config(args):
    from .config import ConfigError, discover, load_config

    try:
        config = load_config(Path(args.config)) if args.config else discover()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    return config.merged(profile=args.profile, select=_split(args.select), ignore=_split(args.ignore),
                         extend_select=config.extend_select + _split(args.extend_select))


def _previous_catalog(path: str, encoding: str | None, stderr: TextIO) -> tuple[dict, int]:
    """id → Listing of the catalog before the edit (for identity-change), and how many of its records are broken
    (each named on stderr). A file that cannot be read at all is a usage error: identity-change would check nothing."""
    from .listing import Listing, ListingError
    from .reader import InputError, read_catalog

    previous, broken = {}, 0
    for item in read_catalog(path, encoding):
        if isinstance(item, InputError):
            if item.line is None:  # the whole file, not one record
                raise UsageError(f"--previous {item}")
            print(f"listing-lint: --previous 输入错误 {item}", file=stderr)
            broken += 1
            continue
        try:
            listing = Listing(item.data, from_text=item.from_text)
        except ListingError as exc:
            print(f"listing-lint: --previous 输入错误 {InputError(item.source, item.line, exc.field, exc.message)}",
                  file=stderr)
            broken += 1
            continue
        previous[listing.id] = listing
    return previous, broken


def _progress_bar(stderr: TextIO, enabled: bool):
    """A progress bar of listings checked, on stderr when it is a terminal (never in pipes); else None."""
    if not enabled or not stderr.isatty():
        return None
    from tqdm import tqdm

    try:
        size = os.get_terminal_size(stderr.fileno())
    except (OSError, ValueError):
        size = os.terminal_size((0, 0))
    # A terminal that reports no size (a bare pty) would get no bar at all: assume the classic 80×24.
    return tqdm(file=stderr, unit=" 条", desc="listing-lint", mininterval=0.5, leave=False,
                ncols=None if size.columns else 80, nrows=None if size.lines else 24)


def cmd_check(args, stdout: TextIO, stderr: TextIO) -> int:
    from .baseline import Baseline, BaselineError, write_baseline
    from .formats import Summary, formatters
    from .linter import Linter, ProfileError
    from .reader import read_catalog
    from .registry import UnknownRuleError

    config = _load_config(args)
    context = {}
    previous_errors = 0
    if args.previous:
        context["previous"], previous_errors = _previous_catalog(args.previous, args.encoding, stderr)
    if args.index:
        try:
            from .duplicates.index import IndexOpenError, open_index
        except ImportError as exc:
            raise UsageError(f"--index: 重复铺货索引不可用 ({exc})") from None
        from .lexicon import Lexicon, LexiconError

        try:
            lexicon = Lexicon(config.dictionaries)
        except LexiconError as exc:
            raise UsageError(str(exc)) from None
        try:
            context["index"] = open_index(args.index, lexicon)
        except IndexOpenError as exc:
            raise UsageError(f"--index {args.index}: {exc}") from None
    try:
        with collector_paused():
            linter = Linter(config, context=context)
    except (ProfileError, UnknownRuleError, ValueError) as exc:
        raise UsageError(str(exc)) from None

    baseline_path = args.baseline or (config.baseline if not args.write_baseline else None)
    baseline = None
    if baseline_path:
        try:
            baseline = Baseline.load(baseline_path)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None

    paths = list(expand_paths(args.paths))
    # A baseline is JSON too: when a directory (or a hook's file list) brings it along, it is no catalog.
    for baseline_file in (baseline_path, args.write_baseline):
        if baseline_file:
            skip = os.path.realpath(baseline_file)
            paths = [p for p in paths if p == "-" or os.path.realpath(p) != skip]
    format_class = formatters()[args.format]
    output = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else stdout
    color = args.color == "always" or (args.color == "auto" and output.isatty() and "NO_COLOR" not in os.environ)
    formatter = format_class(output, linter, color=color, statistics=args.statistics)
    summary = Summary(sources=paths, input_errors=previous_errors)
    recorded = []  # findings kept for --write-baseline
    if args.fix or args.diff:
        # First pass: apply (or show) the fixes; then the ordinary pass reports what remains.
        fixed_ok = _fix_pass(linter, paths, args, stdout, stderr)
        if args.diff:
            return EXIT_USAGE if fixed_ok is None else (EXIT_FINDINGS if fixed_ok and not args.exit_zero else EXIT_OK)
        if fixed_ok is None:
            return EXIT_USAGE

    jobs = resolve_jobs(args.jobs, paths)

    def records():
        for path in paths:
            # With workers, JSONL goes to them as batches of raw lines: they parse it as well as lint it.
            yield from read_catalog(path, args.encoding, batched=jobs > 1)

    # The rules' tables are built once and live as long as the run: built now and frozen, the collector stops
    # scanning them again and again, and a larger first generation suits a stream of short-lived records.
    with collector_paused():
        linter.warm_up(tokens=False)
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])

    started = time.perf_counter()
    bar = _progress_bar(stderr, not args.no_progress)
    try:
        formatter.begin()
        for outcome in linter.run(records(), jobs=jobs):
            if bar is not None and not outcome.catalog:
                bar.update()
            if outcome.error is not None:
                summary.input_errors += 1
                print(f"listing-lint: 输入错误 {outcome.error}", file=stderr)
                continue
            if not outcome.catalog:
                summary.listings += 1
            if baseline is not None:
                outcome.findings = [f for f in outcome.findings if not baseline.known(f)]
            if args.write_baseline:
                recorded.extend(outcome.findings)
            for finding in outcome.findings:
                summary.by_severity[finding.severity] = summary.by_severity.get(finding.severity, 0) + 1
                summary.by_rule[finding.rule] = summary.by_rule.get(finding.rule, 0) + 1
            if not args.write_baseline:
                formatter.outcome(outcome)
        summary.seconds = time.perf_counter() - started
        if baseline is not None:
            stale = baseline.stale()
            summary.stale_baseline = sum(n for _, n in stale)
        if not args.write_baseline:
            formatter.end(summary)
        if bar is not None:
            bar.close()  # before the notes below, which would land in the middle of the bar
        if baseline is not None and summary.stale_baseline:
            print(f"listing-lint: 基线中有 {summary.stale_baseline} 条记录已不再出现 (已修复或商品已删除), "
                  f"可用 --write-baseline 更新:", file=stderr)
            for (listing_id, rule, field, text), count in stale[:10]:
                print(f"  {listing_id} {rule} {field} 「{text}」" + (f" ×{count}" if count > 1 else ""), file=stderr)
        if args.statistics:
            _print_statistics(summary, linter, stdout if args.format == "text" and not args.output else stderr)
        output.flush()  # a reader that went away shows here, not at exit
    except BrokenPipeError:
        # `listing-lint check big.jsonl | head`: the run stops unfinished; an error finding seen so far still fails it.
        failed = summary.by_severity.get("error", 0) > 0 and not args.exit_zero
        raise OutputClosed(EXIT_FINDINGS if failed else EXIT_USAGE) from None
    finally:
        if bar is not None:
            bar.close()
        if args.output:
            output.close()

    if args.write_baseline:
        count = write_baseline(args.write_baseline, recorded)
        print(f"listing-lint: 已将 {count} 条问题写入基线 {args.write_baseline}", file=stderr)
        return EXIT_USAGE if summary.input_errors else EXIT_OK
    if summary.input_errors:
        return EXIT_USAGE
    if summary.by_severity.get("error", 0) > 0 and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _fix_pass(linter, paths: list[str], args, stdout: TextIO, stderr: TextIO) -> int | None:
    """Lint each file for its fixable findings and apply them (``--diff``: print the diff instead).
    Returns how many fixes were (or would be) applied, or None when a file could not be fixed."""
    from .fixer import FixError, apply_fixes
    from .reader import read_catalog

    if "-" in paths:
        print("listing-lint: --fix/--diff 不能用于标准输入 (请指定文件)", file=stderr)
        return None
    total, failed = 0, False
    for path in paths:
        fixable = [finding for outcome in linter.run(read_catalog(path, args.encoding)) for finding in outcome.findings
                   if finding.fix is not None]
        if not fixable:
            continue
        try:
            report = apply_fixes(path, fixable, unsafe=args.unsafe_fixes, write=not args.diff, encoding=args.encoding)
        except FixError as exc:
            print(f"listing-lint: --fix {exc}", file=stderr)
            failed = True
            continue
        if args.diff:
            stdout.write(report.diff)
        total += report.applied
        line = f"listing-lint: {path}: {'可修复' if args.diff else '已修复'} {report.applied} 处"
        if report.skipped_unsafe:
            line += f", {report.skipped_unsafe} 处会改变措辞, 需 --unsafe-fixes"
        if report.conflicts:
            line += f", {report.conflicts} 处与其他修复重叠, 再运行一次 --fix"
        if report.stale:
            line += f", {report.stale} 处内容已变化, 未修改"
        print(line, file=stderr)
    return None if failed else total


def _print_statistics(summary, linter, stream: TextIO) -> None:
    codes = {rule.id: (rule.code, rule.title) for rule in linter.rules}
    for rule_id, count in sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0])):
        code, title = codes.get(rule_id, ("", ""))
        stream.write(f"{count:<7d} {code:6} {rule_id:22} {title}\n")
    stream.write(f"{summary.listings} 条商品, 用时 {summary.seconds:.2f} 秒\n")


# --- rules / rule ------------------------------------------------------------------------------------

def cmd_rules(args, stdout: TextIO, stderr: TextIO) -> int:
    import json

    from .config import Config
    from .lexicon import Lexicon
    from .registry import all_rules

    profiles = Lexicon().profiles()
    if args.profile not in profiles:
        raise UsageError(f"未知 profile {args.profile!r} (可用: {', '.join(profiles)})")
    from .linter import Linter

    linter = Linter(Config(profile=args.profile))
    enabled = {rule.id for rule in linter.rules}
    rows = []
    for rule in all_rules():
        rows.append({"id": rule.id, "code": rule.code, "title": rule.title, "severity": linter.rule_severity(rule),
                     "clause": rule.clause, "enabled": rule.id in enabled, "scope": rule.scope,
                     "penalty": linter.penalty_of(rule.id)})
    if args.format == "json":
        json.dump(rows, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
        return EXIT_OK
    stdout.write(f"profile {args.profile}: {linter.profile.get('title', '')}\n\n")
    for row in rows:
        mark = " " if row["enabled"] else "-"
        stdout.write(f"{mark} {row['code']:6} {row['id']:22} {row['severity']:8} {row['title']}  ({row['clause']})\n")
    stdout.write("\n'-' = 该 profile 不启用; listing-lint rule ID 查看规则说明\n")
    return EXIT_OK


def cmd_rule(args, stdout: TextIO, stderr: TextIO) -> int:
    from .config import Config
    from .lexicon import Lexicon
    from .linter import Linter
    from .registry import UnknownRuleError, rule_class

    try:
        rule = rule_class(args.rule)
    except UnknownRuleError as exc:
        raise UsageError(str(exc)) from None
    linter = Linter(Config(profile=args.profile))
    docs = rule.docs
    options = Lexicon().thresholds(rule.id)
    lines = [
        f"{rule.code} {rule.id} — {rule.title}",
        f"依据: {rule.clause}",
        f"默认级别: {linter.rule_severity(rule)}    范围: {'整个商品库' if rule.scope == 'catalog' else '单个商品'}",
        f"处罚 ({args.profile}): {linter.penalty_of(rule.id) or '-'}",
        "",
        f"检查什么: {docs.catches}",
        f"为什么: {docs.why}",
        f"违规示例: {docs.bad}",
        f"合规示例: {docs.good}",
        f"如何修改: {docs.fix}",
    ]
    if options or docs.options:
        lines.append("")
        lines.append("选项 ([tool.listing-lint.rules." + rule.id + "]):")
        for name, value in options.items():
            lines.append(f"  {name} = {value!r}")
        if docs.options:
            lines.append(f"  {docs.options}")
    stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


# --- parser --------------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    from .formats import names as format_names

    parser = argparse.ArgumentParser(
        prog="listing-lint",
        description="检查电商商品信息 (抖店/抖音, TikTok Shop) 是否违反平台发布规则。",
    )
    parser.add_argument("--version", action="version", version=f"listing-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="检查商品文件 (JSONL/JSON/CSV/XLSX, - 为标准输入)",
                           description="检查商品文件 (JSONL/JSON/CSV/XLSX; 目录则递归查找; - 为标准输入)。")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", default="text", choices=format_names())
    check.add_argument("--select", action="append", metavar="RULES", help="只启用这些规则 (id、代码或代码前缀, 逗号分隔)")
    check.add_argument("--extend-select", action="append", metavar="RULES", help="在配置之外再启用这些规则")
    check.add_argument("--ignore", action="append", metavar="RULES", help="不启用这些规则")
    check.add_argument("--profile", help="douyin (默认) | douyin-service | tiktok-shop")
    check.add_argument("--config", metavar="FILE", help="配置文件 (默认向上查找 listing-lint.toml 或 pyproject.toml)")
    check.add_argument("--exit-zero", action="store_true", help="有 error 也以 0 退出")
    check.add_argument("--statistics", action="store_true", help="按规则统计问题数")
    check.add_argument("--output", "-o", metavar="FILE", help="结果写入文件")
    check.add_argument("--jobs", "-j", type=_jobs, default="auto", metavar="N",
                       help="并行进程数; 默认 auto: 大文件用全部 CPU, 小文件和标准输入用 1 (结果与 -j 1 完全相同)")
    check.add_argument("--encoding", help="CSV 文件编码 (默认自动识别 UTF-8/GB18030)")
    check.add_argument("--baseline", metavar="FILE", help="只报告基线中没有的新问题")
    check.add_argument("--write-baseline", metavar="FILE", help="把当前所有问题写入基线文件")
    check.add_argument("--previous", metavar="OLD_CATALOG", help="编辑前的商品库, 用于检查 identity-change")
    check.add_argument("--index", metavar="FILE", help="已持久化的重复铺货索引 (listing-lint index build)")
    check.add_argument("--fix", action="store_true", help="就地应用安全的修复, 再报告剩下的问题")
    check.add_argument("--unsafe-fixes", action="store_true", help="与 --fix/--diff 一起: 也应用会改变措辞的修复")
    check.add_argument("--diff", action="store_true", help="只显示修复的 diff, 不写文件 (有可修复之处则退出码 1)")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("--no-progress", action="store_true", help="不显示进度条")
    check.set_defaults(run=cmd_check)

    rules = sub.add_parser("rules", help="列出规则")
    rules.add_argument("--profile", default="douyin")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(run=cmd_rules, lists=True)

    rule = sub.add_parser("rule", help="查看一条规则的说明")
    rule.add_argument("rule", metavar="ID", help="规则 id 或代码, 如 fake-platform-claim 或 LL301")
    rule.add_argument("--profile", default="douyin")
    rule.set_defaults(run=cmd_rule, lists=True)

    from . import commands

    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(stderr)
        return EXIT_USAGE
    try:
        return args.run(args, stdout, stderr)
    except UsageError as exc:
        print(f"listing-lint: {exc}", file=stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except (OutputClosed, BrokenPipeError) as exc:
        _discard_unwritten_output()
        # A command without its reader was not completed: a usage error, unless a check had already seen error
        # findings (OutputClosed). A listing (`rules | head`, `lists`) whose reader has seen enough has done its job.
        if isinstance(exc, OutputClosed):
            return exc.exit_code
        return EXIT_OK if getattr(args, "lists", False) else EXIT_USAGE


def run() -> NoReturn:
    """The ``listing-lint`` command: :func:`main`, then, once everything is written and flushed, the process ends
    without tearing the interpreter down. The teardown would free a run's objects (the rules' tables, the catalog's
    summaries) one by one: 40–120 ms at the end of a 20k-listing check, for nothing."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)  # the usual exit, which reports what could not be written
    os._exit(code)


def _discard_unwritten_output() -> None:
    """Point stdout at the null device, so that what is still buffered does not fail again (a traceback) at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # stdout replaced by an object without a file descriptor
        pass


if __name__ == "__main__":
    run()
