"""How formats name a source file: relative to the working directory, worked out once per source."""

from __future__ import annotations

from pathlib import Path

from listing_lint.formats import display_path
from listing_lint.reader import STDIN_SOURCE


def test_display_path_resolves_a_source_once_per_working_directory(tmp_path, monkeypatch):
    folder = tmp_path / "catalogs"
    folder.mkdir()
    source = str(folder / "c.jsonl")
    monkeypatch.chdir(tmp_path)
    resolved = []
    real_resolve = Path.resolve

    def resolve(self, *args, **kwargs):
        resolved.append(self)
        return real_resolve(self, *args, **kwargs)

    monkeypatch.setattr(Path, "resolve", resolve)
    assert display_path(source) == "catalogs/c.jsonl"
    first = len(resolved)
    assert first > 0
    assert [display_path(source) for _ in range(100)] == ["catalogs/c.jsonl"] * 100
    assert len(resolved) == first  # every finding asks: the file system is read once
    monkeypatch.chdir(folder)
    assert display_path(source) == "c.jsonl"  # another working directory, another answer


def test_stdin_and_no_source():
    assert display_path(STDIN_SOURCE) == display_path(None) == "stdin"
