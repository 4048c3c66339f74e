"""``json``: one JSON array of findings (CONTRACT §3), streamed; ``jsonl``: one finding a line."""

from __future__ import annotations

import json

from . import Formatter, Summary


def _dump(finding) -> str:
    return json.dumps(finding.to_dict(), ensure_ascii=False)


class JsonFormatter(Formatter):
    name = "json"

    def begin(self) -> None:
        self._first = True
        self.stream.write("[")

    def outcome(self, outcome) -> None:
        for finding in outcome.findings:
            self.stream.write("\n  " if self._first else ",\n  ")
            self.stream.write(_dump(finding))
            self._first = False

    def end(self, summary: Summary) -> None:
        self.stream.write("]\n" if self._first else "\n]\n")


class JsonLinesFormatter(Formatter):
    name = "jsonl"

    def outcome(self, outcome) -> None:
        for finding in outcome.findings:
            self.stream.write(_dump(finding))
            self.stream.write("\n")
