"""The registry: finds every rule in :mod:`listing_lint.rules` and chooses the ones a run uses.

Rules are found, not listed: a new module in ``listing_lint/rules/`` that declares a ``Rule`` subclass
is registered. Selection (``--select``/``--ignore``, config, profile) accepts rule ids, codes and code
prefixes (``LL5`` = every LL5xx rule), as flake8 does.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Iterable, Sequence

from . import rules as rules_package
from .rule import Rule


class UnknownRuleError(ValueError):
    pass


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    found: dict[str, type[Rule]] = {}
    for module_info in pkgutil.iter_modules(rules_package.__path__):
        module = importlib.import_module(f"{rules_package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__
                    and "id" in vars(value)):
                if value.id in found:
                    raise RuntimeError(f"rule id {value.id} declared twice")
                found[value.id] = value
    return tuple(sorted(found.values(), key=lambda rule: rule.code))


def rule_class(name: str) -> type[Rule]:
    for rule in all_rules():
        if name in (rule.id, rule.code) or name.upper() == rule.code:
            return rule
    raise UnknownRuleError(f"未知规则 {name!r} (listing-lint rules 列出全部规则)")


def _matches(rule: type[Rule], pattern: str) -> bool:
    return pattern == rule.id or (pattern.upper().startswith("LL") and rule.code.startswith(pattern.upper()))


def expand(patterns: Iterable[str]) -> set[str]:
    """Rule ids named by ids, codes or code prefixes; an unknown name is an error."""
    chosen: set[str] = set()
    for pattern in patterns:
        pattern = pattern.strip()
        if not pattern:
            continue
        if pattern in ("ALL", "all", "*"):
            chosen.update(rule.id for rule in all_rules())
            continue
        hits = {rule.id for rule in all_rules() if _matches(rule, pattern)}
        if not hits:
            raise UnknownRuleError(f"未知规则 {pattern!r} (listing-lint rules 列出全部规则)")
        chosen |= hits
    return chosen


def select(profile_rules: Sequence[str] | None, select: Sequence[str] | None,
           ignore: Sequence[str] | None, extend: Sequence[str] | None = None) -> list[type[Rule]]:
    """The rules a run uses: ``select`` if given, else the profile's (or all); plus ``extend``; minus ``ignore``."""
    if select:
        enabled = expand(select)
    elif profile_rules:
        # A profile may name a rule this installation lacks (a later release, a disabled plugin): skip it.
        known = {rule.id for rule in all_rules()}
        enabled = expand(p for p in profile_rules if p in known or p in ("*", "ALL", "all"))
    else:
        enabled = {rule.id for rule in all_rules()}
    if extend:
        enabled |= expand(extend)
    if ignore:
        enabled -= expand(ignore)
    return [rule for rule in all_rules() if rule.id in enabled]
