"""``sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Columns are Unicode code points (``columnKind``): Python string offsets, and what a reader of Chinese
text with emoji expects; UTF-16 columns would drift after every emoji.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import __version__
from . import Formatter, Summary, display_path

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(source: str | None) -> str:
    path = display_path(source)
    return Path(path).resolve().as_uri() if Path(path).is_absolute() else path


def rule_descriptor(rule, severity: str, penalty: str | None) -> dict:
    docs = rule.docs
    help_text = (f"{docs.catches}\n\n为什么: {docs.why}\n违规示例: {docs.bad}\n合规示例: {docs.good}\n如何修改: {docs.fix}"
                 + (f"\n处罚: {penalty}" if penalty else ""))
    help_markdown = (f"**{rule.title}** ({rule.clause})\n\n{docs.catches}\n\n**为什么**: {docs.why}\n\n"
                     f"- 违规示例: `{docs.bad}`\n- 合规示例: `{docs.good}`\n\n**如何修改**: {docs.fix}"
                     + (f"\n\n**处罚**: {penalty}" if penalty else ""))
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": f"{rule.code} {rule.title}"},
        "fullDescription": {"text": docs.catches},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL[severity]},
        "properties": {"code": rule.code, "clause": rule.clause, "tags": sorted({"listing-lint", rule.scope})},
    }


class SarifFormatter(Formatter):
    name = "sarif"

    def begin(self) -> None:
        self._results: list[dict] = []
        self._rules = list(self.linter.rules)
        self._index = {rule.id: i for i, rule in enumerate(self._rules)}
        self._artifacts: dict[str, int] = {}
        self._uris: dict[str | None, str] = {}  # by source: a URI resolves the path, and every finding needs one

    def outcome(self, outcome) -> None:
        for f in outcome.findings:
            uri = self._uris.get(f.source)
            if uri is None:
                uri = self._uris[f.source] = _uri(f.source)
            self._artifacts.setdefault(uri, len(self._artifacts))
            region: dict = {"startLine": f.line or 1}
            if f.column:
                region["startColumn"] = f.column
                region["endColumn"] = f.end_column or f.column
            if f.text:
                region["snippet"] = {"text": f.text}
            message = f"[{f.listing_id} {f.field}] {f.message}"
            if f.suggestion is not None:
                message += f" 建议: {f.suggestion or '(删除)'}"
            fingerprint = hashlib.sha256("\0".join((f.listing_id, f.rule, f.field, f.text)).encode()).hexdigest()[:32]
            result = {
                "ruleId": f.rule,
                "ruleIndex": self._index.get(f.rule, 0),
                "level": _LEVEL.get(f.severity, "error"),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "index": self._artifacts[uri]},
                        "region": region,
                    },
                    "logicalLocations": [{"name": f.field, "fullyQualifiedName": f"{f.listing_id}/{f.field}",
                                          "kind": "member"}],
                }],
                "partialFingerprints": {"listingLintFinding/v1": fingerprint},
                "properties": {"listing_id": f.listing_id, "field": f.field, "start": f.start, "end": f.end,
                               "code": f.code},
            }
            self._results.append(result)

    def end(self, summary: Summary) -> None:
        sarif = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "listing-lint",
                    "version": __version__,
                    "informationUri": "https://pypi.org/project/listing-lint/",
                    "rules": [rule_descriptor(rule, self.linter.rule_severity(rule), self.linter.penalty_of(rule.id))
                              for rule in self._rules],
                }},
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": {"uri": uri}} for uri in self._artifacts],
                "results": self._results,
            }],
        }
        json.dump(sarif, self.stream, ensure_ascii=False, indent=1)
        self.stream.write("\n")
