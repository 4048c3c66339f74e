"""Baselines, for catalogs that adopt the linter late: record today's findings, then report only new ones.

A finding is identified by (listing id, rule, field, offending text), not by offsets, so that editing
another part of the field does not make an old finding look new. Identical findings are counted.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterable

from .finding import Finding

VERSION = 1

Key = tuple[str, str, str, str]


class BaselineError(ValueError):
    pass


def key(finding: Finding) -> Key:
    return (finding.listing_id, finding.rule, finding.field, finding.text)


def write_baseline(path: str, findings: Iterable[Finding]) -> int:
    counts = Counter(key(f) for f in findings)
    entries = [
        {"listing_id": k[0], "rule": k[1], "field": k[2], "text": k[3], "count": n}
        for k, n in sorted(counts.items())
    ]
    payload = json.dumps({"version": VERSION, "tool": "listing-lint", "findings": entries}, ensure_ascii=False, indent=1)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=".baseline-", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(payload + "\n")
    os.replace(temp, target)
    return sum(counts.values())


class Baseline:
    def __init__(self, counts: Counter):
        self.remaining = counts

    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise BaselineError(f"{path}: 无法读取基线文件 ({exc.strerror})") from None
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{path}: 基线文件不是合法的 JSON (第 {exc.lineno} 行: {exc.msg})") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: 不是 listing-lint 基线文件 (version {VERSION})")
        counts: Counter = Counter()
        for index, entry in enumerate(data["findings"]):
            try:
                counts[(entry["listing_id"], entry["rule"], entry["field"], entry["text"])] += int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"{path}: 第 {index + 1} 条基线记录缺少 listing_id/rule/field/text") from None
        return cls(counts)

    def known(self, finding: Finding) -> bool:
        """True (and consumed) when the baseline already records this finding."""
        k = key(finding)
        if self.remaining.get(k, 0) > 0:
            self.remaining[k] -= 1
            return True
        return False

    def stale(self) -> list[tuple[Key, int]]:
        """Baseline entries that no longer match any finding (fixed, or the listing is gone)."""
        return [(k, n) for k, n in sorted(self.remaining.items()) if n > 0]
