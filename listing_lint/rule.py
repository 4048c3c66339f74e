"""How a rule is declared.

A rule is a small class: its contract id, a short code, a Chinese title, the seed clause it implements,
a default severity, its docs, and a ``check``. The registry (:mod:`listing_lint.registry`) finds the
rules; the linter (:mod:`listing_lint.linter`) runs them. A rule instance is made per ``Linter``, with
that linter's options and lexicon, so compiled matchers can be cached on it.

Per-listing rules implement ``check(listing)``; catalog rules (duplicates) implement ``collect`` per
listing (cheap, picklable, runs in worker processes) and ``finish`` over everything collected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping

from .finding import Hit

if TYPE_CHECKING:
    from .lexicon import Lexicon
    from .listing import Listing


@dataclass(frozen=True)
class RuleDocs:
    catches: str  # 检查什么
    why: str  # 为什么被禁止 (the clause in words)
    bad: str  # 违规示例
    good: str  # 合规示例
    fix: str  # 如何修改
    options: str = ""  # what each option (threshold) means and why its default


class Rule:
    id: ClassVar[str]
    code: ClassVar[str]
    title: ClassVar[str]
    clause: ClassVar[str]
    severity: ClassVar[str] = "error"
    docs: ClassVar[RuleDocs]
    scope: ClassVar[str] = "listing"  # or "catalog"
    # Rules that need jieba tokens say so, so a run without them never loads jieba.
    needs_tokens: ClassVar[bool] = False

    @classmethod
    def ignored_by(cls, names: Iterable[str]) -> bool:
        """Whether a listing's ``lint_ignore`` (rule ids or codes) names this rule."""
        return cls.id in names or cls.code in names

    def __init__(self, lexicon: "Lexicon", options: Mapping[str, Any] | None = None,
                 context: Mapping[str, Any] | None = None, *,
                 rule_options: Mapping[str, Mapping[str, Any]] | None = None):
        """``options`` are this rule's configured options; ``rule_options`` every rule's (``Config.rule_options``),
        for a rule that must agree with another (see :meth:`options_of`)."""
        self.lexicon = lexicon
        self.options: dict[str, Any] = {**lexicon.thresholds(self.id), **(options or {})}
        self._rule_options: Mapping[str, Mapping[str, Any]] = rule_options or {}
        # What a run knows beyond the listing: "previous" (id → Listing of the old catalog, for
        # identity-change), "index" (a persisted DuplicateIndex, for duplicate-listing).
        self.context: Mapping[str, Any] = context or {}

    def options_of(self, rule_id: str) -> dict[str, Any]:
        """The effective options of rule ``rule_id`` in this run: its shipped thresholds and the configured ones."""
        if rule_id == self.id:
            return self.options
        return {**self.lexicon.thresholds(rule_id), **self._rule_options.get(rule_id, {})}

    def check(self, listing: "Listing") -> Iterable[Hit]:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)  # one per listing of a catalog: a million of them must stay small
class Collected:
    """What a catalog rule keeps of one listing, with where it came from."""

    listing_id: str
    shop_id: str | None
    source: str | None
    line: int | None
    data: Any


class CatalogRule(Rule):
    scope = "catalog"

    def check(self, listing: "Listing") -> Iterable[Hit]:
        return ()

    def collect(self, listing: "Listing") -> Any:
        """A small picklable summary of the listing (or None to skip it)."""
        raise NotImplementedError

    def finish(self, collected: list[Collected]) -> Iterable[tuple[str, Hit]]:
        """Findings over the whole catalog, as (listing_id, Hit)."""
        raise NotImplementedError

    def prepare_finish(self) -> None:
        """Load what :meth:`finish` will need (modules, tables). The linter calls it while worker processes lint,
        so that the end of the run, which nothing else shares, is shorter."""
