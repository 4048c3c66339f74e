"""``text``: for people at a terminal: each finding with the offending characters marked in context."""

from __future__ import annotations

import unicodedata

from . import Formatter, Summary

_CONTEXT = 24  # characters of context on each side of the offending span
_RED, _BOLD, _DIM, _YELLOW, _CYAN, _RESET = "\033[31m", "\033[1m", "\033[2m", "\033[33m", "\033[36m", "\033[0m"
_SEVERITY_COLOR = {"error": _RED, "warning": _YELLOW, "info": _CYAN}


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _visible(text: str) -> str:
    return text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵").replace("\t", " ")


def excerpt(value: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, span, after) around value[start:end], trimmed to a readable window."""
    before = value[max(0, start - _CONTEXT):start]
    after = value[end:end + _CONTEXT]
    span = value[start:end]
    if len(span) > 3 * _CONTEXT:
        span = span[:_CONTEXT] + "…" + span[-_CONTEXT:]
    if start - _CONTEXT > 0:
        before = "…" + before
    if end + _CONTEXT < len(value):
        after += "…"
    return _visible(before), _visible(span), _visible(after)


class TextFormatter(Formatter):
    name = "text"

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def outcome(self, outcome) -> None:
        for finding in outcome.findings:
            where = f"{finding.source or '<input>'}:{finding.line or 0}"
            if finding.column:
                where += f":{finding.column}"
            severity = self._c(_SEVERITY_COLOR.get(finding.severity, ""), finding.severity)
            rule = f"{finding.code} {finding.rule}" if finding.code else finding.rule
            self.stream.write(f"{self._c(_BOLD, where)}: {severity} {rule} [{finding.listing_id} {finding.field}]\n")
            self.stream.write(f"  {finding.message}\n")
            value = outcome.values.get(finding.field)
            if value is not None and finding.start is not None:
                before, span, after = excerpt(value, finding.start, finding.end)
                marked = self._c(_RED + _BOLD, span) if self.color else span
                self.stream.write(f"  {self._c(_DIM, '|')} {before}{marked}{after}\n")
                pad = " " * display_width(before)
                carets = "^" * max(1, display_width(span))
                self.stream.write(f"  {self._c(_DIM, '|')} {pad}{self._c(_RED, carets)}\n")
            elif finding.text:
                self.stream.write(f"  {self._c(_DIM, '|')} {_visible(finding.text)}\n")
            if finding.suggestion is not None:
                self.stream.write(f"  建议: {_visible(finding.suggestion) or '(删除)'}\n")
            if finding.penalty:
                self.stream.write(f"  {self._c(_DIM, '处罚: ' + finding.penalty)}\n")

    def end(self, summary: Summary) -> None:
        counts = summary.by_severity
        total = sum(counts.values())
        if total:
            line = (f"发现 {total} 个问题 (error {counts['error']}, warning {counts['warning']}, info {counts['info']}), "
                    f"共检查 {summary.listings} 条商品")
        else:
            line = f"未发现问题, 共检查 {summary.listings} 条商品"
        if summary.input_errors:
            line += f"; {summary.input_errors} 条输入错误 (见 stderr)"
        self.stream.write(("\n" if total else "") + self._c(_BOLD, line) + "\n")
