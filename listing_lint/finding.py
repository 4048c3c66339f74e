"""Findings: what a rule reports, in the shape of ../shared/CONTRACT.md §3."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Fix:
    """A machine-applicable edit of one field: replace ``value[start:end]`` with ``replacement``.

    ``safe`` fixes keep the meaning (delete an unenrolled 百亿补贴, delete a contact); unsafe ones change
    wording (replace 最好 with a lawful phrase) and are applied only with ``--unsafe-fixes``.
    """

    start: int
    end: int
    replacement: str
    safe: bool = True

    def apply(self, value: str) -> str:
        """``value`` with this edit made; a span outside ``value`` means the fix was made for another value."""
        if not 0 <= self.start <= self.end <= len(value):
            raise ValueError(f"fix span {self.start}:{self.end} is outside a value of length {len(value)}")
        from .fixer import splice  # the one way edits are made (--fix makes several at once)

        return splice(value, [(self.start, self.end, self.replacement)])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement, "safe": self.safe}


@dataclass(frozen=True)
class Hit:
    """What a rule's ``check`` yields: one offending span (or value) in one field of one listing.

    The engine turns a Hit into a Finding by adding the listing id, the rule id and code, and the
    severity the active profile gives the rule (unless the Hit carries its own, e.g. ``warning`` for a
    claim that is lawful only with evidence).
    """

    field: str
    start: int | None
    end: int | None
    text: str
    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    severity: str | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    listing_id: str
    rule: str
    severity: str
    field: str
    start: int | None
    end: int | None
    text: str
    message: str
    code: str | None = None
    suggestion: str | None = None
    related: tuple[str, ...] = ()
    source: str | None = None
    line: int | None = None
    penalty: str | None = None
    fix: Fix | None = field(default=None, compare=False)
    # 1-based code-point columns of start/end in the source file's line, where the reader can tell.
    column: int | None = None
    end_column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's shape: required keys always, optional keys only when they have a value."""
        out: dict[str, Any] = {
            "listing_id": self.listing_id,
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
        }
        if self.code:
            out["code"] = self.code
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        if self.related:
            out["related"] = list(self.related)
        if self.source is not None:
            out["source"] = self.source
        if self.line is not None:
            out["line"] = self.line
        if self.penalty:
            out["penalty"] = self.penalty
        if self.column is not None:
            out["column"] = self.column
            out["end_column"] = self.end_column
        if self.fix is not None:
            out["fix"] = self.fix.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        fix = data.get("fix")
        return cls(
            listing_id=data["listing_id"],
            rule=data["rule"],
            severity=data["severity"],
            field=data["field"],
            start=data.get("start"),
            end=data.get("end"),
            text=data.get("text", ""),
            message=data.get("message", ""),
            code=data.get("code"),
            suggestion=data.get("suggestion"),
            related=tuple(data.get("related") or ()),
            source=data.get("source"),
            line=data.get("line"),
            penalty=data.get("penalty"),
            fix=Fix(**fix) if fix else None,
            column=data.get("column"),
            end_column=data.get("end_column"),
        )

    def with_location(self, source: str | None, line: int | None) -> "Finding":
        return replace(self, source=source, line=line)
