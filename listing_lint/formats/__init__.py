"""Output formats. Each module here declares a ``Formatter`` subclass with a ``name``; ``--format NAME``
picks it. A formatter sees the run as it streams: ``begin()``, one ``outcome()`` per input record (and per
catalog finding), ``end(summary)``. It writes to ``self.stream`` and keeps no more than it must."""

from __future__ import annotations

import importlib
import os
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

from ..reader import STDIN_SOURCE

if TYPE_CHECKING:
    from ..linter import Linter, Outcome


@dataclass
class Summary:
    listings: int = 0
    input_errors: int = 0
    by_severity: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    by_rule: dict[str, int] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    stale_baseline: int = 0
    seconds: float = 0.0


class Formatter:
    name: str = ""
    # Formats meant for a terminal colour their output when the stream is a terminal.
    def __init__(self, stream: TextIO, linter: "Linter", *, color: bool = False, statistics: bool = False):
        self.stream = stream
        self.linter = linter
        self.color = color
        self.statistics = statistics

    def begin(self) -> None:
        pass

    def outcome(self, outcome: "Outcome") -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass


def display_path(source: str | None) -> str:
    """A source as code-scanning tools want it: relative to the working directory where possible."""
    return _display_path(source, os.getcwd())


@lru_cache(maxsize=1024)  # every finding asks, and resolving a path reads the file system
def _display_path(source: str | None, cwd: str) -> str:
    if not source or source == STDIN_SOURCE:
        return "stdin"
    path = Path(source)
    try:
        return path.resolve().relative_to(Path(cwd).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=1)
def formatters() -> dict[str, type[Formatter]]:
    found: dict[str, type[Formatter]] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Formatter) and value.name and value.__module__ == module.__name__:
                found[value.name] = value
    return found


def names() -> Sequence[str]:
    return sorted(formatters())
