"""``github``: GitHub Actions workflow commands, one annotation a finding."""

from __future__ import annotations

from . import Formatter, display_path

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    name = "github"

    def outcome(self, outcome) -> None:
        for f in outcome.findings:
            props = [f"file={escape_property(display_path(f.source))}", f"line={f.line or 1}"]
            if f.column:
                props.append(f"col={f.column}")
                if f.end_column:
                    props.append(f"endColumn={f.end_column}")
            props.append(f"title={escape_property(f'{f.code} {f.rule}')}")
            message = f"[{f.listing_id} {f.field}] {f.message}"
            if f.text:
                message += f" 「{f.text}」"
            if f.suggestion is not None:
                message += f"\n建议: {f.suggestion or '(删除)'}"
            self.stream.write(f"::{_COMMAND.get(f.severity, 'error')} {','.join(props)}::{escape_data(message)}\n")
