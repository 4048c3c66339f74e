"""The Linter: runs the selected rules over listings and turns their Hits into Findings.

Library use::

    from listing_lint import Linter, lint
    lint({"id": "1", "title": "百亿补贴 纯棉T恤"})          # -> [Finding(...)]
    for finding in Linter(config).lint_many(records):      # streams; catalog rules report at the end
        ...

The command line uses :meth:`Linter.run`, which also carries input errors and source locations, and can
spread listings over worker processes while keeping the order of ``--jobs 1``.
"""

from __future__ import annotations

import copy
import gc
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence, TypeVar

from .config import Config
from .finding import SEVERITIES, Finding, Hit
from .lexicon import Lexicon
from .listing import Listing, ListingError
from .normalize import normalize
from .reader import InputError, LineBatch, Record
from .registry import all_rules, select
from .rule import CatalogRule, Collected, Rule


class ProfileError(ValueError):
    pass


@dataclass
class Outcome:
    """The result of one input record: its findings, or the input error that stopped it."""

    source: str | None
    line: int | None
    listing_id: str | None
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None
    # Original values of the fields the findings point into, for formats that show context.
    values: dict[str, str] = field(default_factory=dict)
    catalog: bool = False  # findings of a catalog rule, reported after the last record
    shop_id: str | None = None
    ignore: tuple[str, ...] = ()  # the listing's lint_ignore, for the catalog rules' findings at the end

    def __reduce__(self):
        # Workers send every outcome to the parent: its fields as positional arguments unpickle in about
        # two thirds of the time of the default (a new object, then its attribute dict).
        return Outcome, (self.source, self.line, self.listing_id, self.findings, self.error, self.values,
                         self.catalog, self.shop_id, self.ignore)


def _field_rank(path: str) -> tuple[int, str]:
    order = ("title", "detail", "category", "brand", "attributes", "price", "freight", "freight_regions",
             "skus", "images", "campaigns")
    head = path.split(".", 1)[0].split("[", 1)[0]
    return (order.index(head) if head in order else len(order), path)


class Linter:
    def __init__(self, config: Config | None = None, *, rules: Sequence[type[Rule]] | None = None,
                 context: Mapping[str, Any] | None = None):
        """``context`` is handed to every rule: ``previous`` (id → Listing of the catalog before an edit)
        and ``index`` (a persisted duplicate index) are the ones the rules know."""
        self.config = config or Config()
        self.context = dict(context or {})
        self.lexicon = Lexicon(self.config.dictionaries)
        profiles = self.lexicon.profiles()
        if self.config.profile not in profiles:
            raise ProfileError(f"未知 profile {self.config.profile!r} (可用: {', '.join(profiles)})")
        self.profile: Mapping[str, Any] = profiles[self.config.profile]
        profile_rules = [r for r in self.profile.get("rules", ["*"])]
        chosen = rules if rules is not None else select(profile_rules, self.config.select, self.config.ignore,
                                                        self.config.extend_select)
        known = {rule.id for rule in all_rules()}
        for rule_id in self.config.rule_options:
            if rule_id not in known:
                raise ProfileError(f"配置 [rules.{rule_id}]: 未知规则")
        self.rules: list[Rule] = [rule(self.lexicon, self.config.rule_options.get(rule.id), self.context,
                                       rule_options=self.config.rule_options)
                                  for rule in chosen]
        # Catalog rules also run per listing (``self.rules`` holds them too): with a persisted index, duplicates
        # are checked one by one.
        self.catalog_rules: list[CatalogRule] = [rule for rule in self.rules if rule.scope == "catalog"]  # type: ignore
        self._allow = self._load_allow_words()
        self._configured_severity = {rule_id: options["severity"]
                                     for rule_id, options in self.config.rule_options.items()
                                     if options.get("severity") in SEVERITIES}

    # -- severity and penalty from the profile ----------------------------------------------------

    def rule_severity(self, rule: Rule | type[Rule]) -> str:
        """The severity of a rule in this run: its configured ``severity`` option, else the profile's, else the rule's
        own default."""
        return self._configured_severity.get(rule.id) or self.profile.get("severity", {}).get(rule.id, rule.severity)

    def severity_of(self, rule: Rule, hit: Hit) -> str:
        """The severity of one finding: a configured severity overrides the hit's own (a rule grading its hits, e.g.
        a hotline as a warning), which overrides the rule's severity in this run."""
        if hit.severity and rule.id not in self._configured_severity:
            return hit.severity
        return self.rule_severity(rule)

    def penalty_of(self, rule_id: str) -> str | None:
        return self.profile.get("penalty", {}).get(rule_id) or self.profile.get("default_penalty")

    def _load_allow_words(self) -> tuple[str, ...]:
        words: list[str] = []
        for path in self.config.allow_words:
            try:
                with open(path, encoding="utf-8-sig") as handle:
                    for line in handle:
                        word = line.split("#", 1)[0].strip()
                        if word:
                            words.append(normalize(word).value)
            except OSError as exc:
                raise ProfileError(f"{path}: 无法读取 allow-words 文件 ({exc.strerror})") from None
        return tuple(words)

    def _allowed(self, listing: Listing, hit: Hit) -> bool:
        """True when the hit lies inside an occurrence of an allow-listed phrase in its field."""
        if not self._allow or hit.start is None:
            return False
        try:
            text = listing.text(hit.field)
        except (KeyError, ValueError, IndexError):
            return False
        for word in self._allow:
            index = text.value.find(word)
            while index >= 0:
                a, b = text.span(index, index + len(word))
                if a <= hit.start and hit.end <= b:
                    return True
                index = text.value.find(word, index + 1)
        return False

    # -- one listing ------------------------------------------------------------------------------

    def _finding(self, rule: Rule, listing_id: str, hit: Hit, source: str | None, line: int | None) -> Finding:
        return Finding(
            listing_id=listing_id, rule=rule.id, severity=self.severity_of(rule, hit), field=hit.field,
            start=hit.start, end=hit.end, text=hit.text, message=hit.message, code=rule.code,
            suggestion=hit.suggestion, related=hit.related, source=source, line=line,
            penalty=self.penalty_of(rule.id), fix=hit.fix,
        )

    def check_listing(self, listing: Listing, source: str | None = None, line: int | None = None) -> list[Finding]:
        return self.check_listings([listing], [(source, line)])[0]

    def check_listings(self, listings: Sequence[Listing],
                       where: Sequence[tuple[str | None, int | None]] | None = None) -> list[list[Finding]]:
        """The findings of each listing (``where``: the source and line of each, for the findings).

        The rules run one after the other over the whole batch rather than listing after listing: a rule's code
        and tables then stay in the processor's caches while it reads many listings, which takes about a quarter
        less CPU than switching between fourteen rules on every listing. Batches of a hundred or so do it."""
        where = where or [(None, None)] * len(listings)
        findings: list[list[Finding]] = [[] for _ in listings]
        ignored = [set(listing.lint_ignore) for listing in listings]
        for rule in self.rules:
            for index, listing in enumerate(listings):
                if ignored[index] and rule.ignored_by(ignored[index]):
                    continue
                for hit in rule.check(listing):
                    if not self._allowed(listing, hit):
                        findings[index].append(self._finding(rule, listing.id, hit, *where[index]))
        for found in findings:
            if found:
                found.sort(key=lambda f: (_field_rank(f.field), -1 if f.start is None else f.start, f.code or ""))
        return findings

    def lint(self, record: Mapping[str, Any] | Listing) -> list[Finding]:
        """Findings of one listing (per-listing rules only: duplicates need a catalog or an index).

        Raises :class:`ListingError` (naming the field) when the record does not fit the contract.
        """
        listing = record if isinstance(record, Listing) else Listing(record)
        return self.check_listing(listing)

    def lint_many(self, records: Iterable[Mapping[str, Any] | Listing]) -> Iterator[Finding]:
        """Findings of many listings, streamed (checked in batches: it reads up to ``CHECK_BATCH`` records ahead);
        catalog rules (duplicates) report after the last one.

        Raises :class:`ListingError` on the first record that does not fit the contract.
        """
        def as_records() -> Iterator[Record]:
            for index, record in enumerate(records, 1):
                yield Record(source=None, line=index, data=record)

        for outcome in self.run(as_records()):
            if outcome.error is not None:
                raise ListingError(outcome.error.field or "(record)", f"第 {outcome.line} 条: {outcome.error.message}")
            yield from outcome.findings

    # -- a whole input stream ---------------------------------------------------------------------

    def _process(self, items: Sequence[Record | InputError]) -> list[tuple[Outcome, list[tuple[int, str | None, Any]]]]:
        """Lint a batch of records (see :meth:`check_listings`): one Outcome per item, in order, with what each
        catalog rule collects of its listing (by catalog-rule index)."""
        outcomes: list[tuple[Outcome, list] | None] = []
        listings: list[Listing] = []
        read: list[tuple[int, Record]] = []  # (place in outcomes, record) of each listing
        for item in items:
            if isinstance(item, InputError):
                outcomes.append((Outcome(item.source, item.line, None, error=item), []))
                continue
            try:
                listings.append(item.data if isinstance(item.data, Listing) else Listing(item.data, from_text=item.from_text))
            except ListingError as exc:
                error = InputError(item.source, item.line, exc.field, exc.message)
                raw_id = item.data.get("id") if isinstance(item.data, Mapping) else None
                outcomes.append((Outcome(item.source, item.line, raw_id if isinstance(raw_id, str) else None,
                                         error=error), []))
                continue
            read.append((len(outcomes), item))
            outcomes.append(None)
        all_findings = self.check_listings(listings, [(record.source, record.line) for _, record in read])
        collected: list[list[tuple[int, str | None, Any]]] = [[] for _ in listings]
        for rule_index, rule in enumerate(self.catalog_rules):
            for index, listing in enumerate(listings):
                data = rule.collect(listing)
                if data is not None:
                    collected[index].append((rule_index, listing.shop_id, data))
        for (place, record), listing, findings, gathered in zip(read, listings, all_findings, collected):
            if findings and record.raw is not None:
                findings = _with_columns(findings, record.raw)
            values = {}
            for finding in findings:
                if finding.start is not None and finding.field not in values:
                    try:
                        values[finding.field] = listing.field_value(finding.field) or ""
                    except (KeyError, ValueError, IndexError):
                        pass
            outcomes[place] = (Outcome(record.source, record.line, listing.id, findings, values=values,
                                       shop_id=listing.shop_id, ignore=tuple(listing.lint_ignore)), gathered)
        return outcomes  # type: ignore[return-value]

    def run(self, records: Iterable[Record | InputError | LineBatch], jobs: int = 1) -> Iterator[Outcome]:
        """One Outcome per input record, in input order; then one Outcome per catalog finding group.
        A LineBatch stands for the records it holds (with ``jobs`` > 1, a worker reads them)."""
        per_rule: list[list[Collected]] = [[] for _ in self.catalog_rules]
        ignores: dict[str, set[str]] = {}

        def keep(outcome: Outcome, collected: list[tuple[int, str | None, Any]]) -> Outcome:
            if outcome.ignore:
                ignores.setdefault(outcome.listing_id, set()).update(outcome.ignore)
            for index, shop_id, data in collected:
                per_rule[index].append(Collected(outcome.listing_id, shop_id, outcome.source, outcome.line, data))
            return outcome

        if jobs > 1:
            stream = self._run_parallel(records, jobs)
        else:
            stream = (result for batch in batched(_unbatched(records), CHECK_BATCH) for result in self._process(batch))
        for outcome, collected in stream:
            yield keep(outcome, collected)
        yield from self._finish_catalog(per_rule, ignores)

    def warm_up(self, *, tokens: bool = True) -> None:
        """Compile what the rules compile lazily, by linting one listing that exercises them; with ``tokens``, also
        load jieba if a rule may need it (before forking workers, so that each does not load it again)."""
        sample = {"id": "warm-up", "shop_id": "s", "title": "百亿补贴 最好的纯棉T恤男 加微信 v123456 包邮",
                  "detail": "<p>纯棉面料。买家张三 13812345678。</p>", "category": "服饰内衣/男装/T恤", "brand": "x",
                  "attributes": {"材质": "纯棉"}, "price": 59.0, "freight": 0, "images": ["a.jpg"],
                  "skus": [{"name": "白色 M", "price": 59.0, "stock": 1}, {"name": "黑色 L", "price": 0.01, "stock": 0}]}
        listing = Listing(sample)
        self.check_listing(listing)
        for rule in self.catalog_rules:
            rule.collect(listing)
        if tokens and any(rule.needs_tokens for rule in self.rules):
            from .tokenize import tokenize

            tokenize("纯棉短袖T恤")

    def _finish_catalog(self, per_rule: list[list[Collected]], ignores: dict[str, set[str]]) -> Iterator[Outcome]:
        for rule, collected in zip(self.catalog_rules, per_rule):
            where = {c.listing_id: (c.source, c.line, c.shop_id) for c in collected}
            for listing_id, hit in rule.finish(collected):
                if rule.ignored_by(ignores.get(listing_id, ())):
                    continue
                source, line, shop_id = where.get(listing_id, (None, None, None))
                finding = self._finding(rule, listing_id, hit, source, line)
                yield Outcome(source, line, listing_id, [finding], catalog=True, shop_id=shop_id)

    def _run_parallel(self, records: Iterable[Record | InputError | LineBatch], jobs: int,
                      chunk_size: int = 200) -> Iterator[tuple[Outcome, list]]:
        """Chunks of records (or whole LineBatches) over ``jobs`` processes, a bounded window in flight, results in
        input order."""
        import multiprocessing

        global _WORKER
        if "fork" in multiprocessing.get_all_start_methods():
            # Forked workers inherit this linter with its matchers already compiled (and jieba loaded, if a
            # rule needs it): each worker starts at once instead of compiling everything again.
            self.warm_up()
            _WORKER = self
            pool_args: dict = {}
            context = multiprocessing.get_context("fork")
        else:
            pool_args = {"initializer": _worker_init, "initargs": (self.config, [r.id for r in self.rules], self.context)}
            context = multiprocessing.get_context("spawn")
        with context.Pool(jobs, **pool_args) as pool:
            pending: deque = deque()
            chunk: list = []
            unprepared = list(self.catalog_rules)

            def submit(task: list | LineBatch) -> Iterator[tuple[Outcome, list]]:
                pending.append(pool.apply_async(_worker_chunk, (task,)))
                if unprepared and len(pending) > jobs:
                    # Every worker has work now: the catalog rules load what they need at the end meanwhile.
                    while unprepared:
                        unprepared.pop().prepare_finish()
                while len(pending) > jobs * 2:  # a bounded window in flight
                    yield from pending.popleft().get()

            for item in records:
                if isinstance(item, LineBatch):
                    if chunk:
                        yield from submit(chunk)
                        chunk = []
                    yield from submit(item)
                    continue
                chunk.append(item)
                if len(chunk) >= chunk_size:
                    yield from submit(chunk)
                    chunk = []
            if chunk:
                yield from submit(chunk)
            while pending:
                yield from pending.popleft().get()


def _with_columns(findings: list[Finding], raw: str) -> list[Finding]:
    """Findings with the file columns of their span in the raw JSON line (for SARIF and annotations)."""
    from dataclasses import replace

    from .locate import locate

    located = []
    for finding in findings:
        columns = locate(raw, finding.field, finding.start, finding.end) if finding.start is not None else None
        located.append(replace(finding, column=columns[0], end_column=columns[1]) if columns else finding)
    return located


_WORKER: Linter | None = None


def _worker_init(config: Config, rule_ids: list[str], context: Mapping[str, Any]) -> None:
    global _WORKER
    from .registry import rule_class

    _WORKER = Linter(config, rules=[rule_class(rule_id) for rule_id in rule_ids], context=context)


def _worker_chunk(chunk: list | LineBatch) -> list[tuple[Outcome, list]]:
    assert _WORKER is not None
    # What outlives a chunk in a worker is the shared short texts and the rules' per-value caches. Linting
    # makes no reference cycles (tests/test_linter.py checks it), so they are frozen out of the collector's
    # reach: it would rescan them every few thousand allocations (≈4% of a worker's CPU).
    gc.freeze()
    items = chunk.records() if isinstance(chunk, LineBatch) else chunk
    return [result for batch in batched(items, CHECK_BATCH) for result in _WORKER._process(batch)]


T = TypeVar("T")

# Listings checked together (see Linter.check_listings).
CHECK_BATCH = 100


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items (the last may be shorter)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unbatched(items: Iterable[Record | InputError | LineBatch]) -> Iterator[Record | InputError]:
    for item in items:
        if isinstance(item, LineBatch):
            yield from item.records()
        else:
            yield item


def lint(record: Mapping[str, Any], config: Config | None = None) -> list[Finding]:
    """Findings of one listing record with the default (or given) configuration.

    The Linter is kept for the next call with an equal configuration: building one reads every dictionary."""
    return _linter_for(config or Config()).lint(record)


# The configuration and Linter of the last lint() call (a Config holds dicts: it compares, it does not hash).
_last_linter: tuple[Config, Linter] | None = None


def _linter_for(config: Config) -> Linter:
    global _last_linter
    if _last_linter is None or _last_linter[0] != config:
        # A copy: the caller may change the configuration's dicts after this call.
        _last_linter = (copy.deepcopy(config), Linter(config))
    return _last_linter[1]
