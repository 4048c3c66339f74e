"""Data in ``dictionaries/``: word tables (TSV), thresholds and profiles (TOML), user extensions.

A table is a UTF-8 TSV file: ``#`` lines are comments (where the words come from), the first other line
is the header, each row a dict by column name. Every table has a ``source`` column. Users extend a
table with files of the same columns (``[tool.listing-lint.dictionaries] NAME = ["file.tsv"]``); their
rows come after the shipped ones.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class LexiconError(ValueError):
    """A dictionary file that cannot be read (names the file and line)."""


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """Where the shipped dictionaries are: inside the installed package, or the checkout's top level (looked up
    once: resolving the path costs as much as reading a small table, and every table asks)."""
    here = Path(__file__).resolve().parent
    packaged = here / "dictionaries"
    if packaged.is_dir():
        return packaged
    checkout = here.parent / "dictionaries"
    if checkout.is_dir():
        return checkout
    raise LexiconError(f"找不到词典目录 (looked in {packaged} and {checkout})")


def read_table(path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    try:
        handle = open(path, encoding="utf-8-sig")
    except OSError as exc:
        raise LexiconError(f"{path}: 无法读取词典文件 ({exc.strerror})") from None
    with handle:
        # Read whole and split: text mode has already turned every line ending into "\n", so these are the lines
        # that iterating the file gives (without their "\n").
        lines = handle.read().split("\n")
    for number, line in enumerate(lines, 1):
        start = line.lstrip()
        if not start or start[0] == "#":
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) != len(header):
            if len(cells) > len(header):
                raise LexiconError(f"{path}:{number}: {len(cells)} 列, 表头只有 {len(header)} 列")
            cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, map(str.strip, cells))))
    if header is None:
        raise LexiconError(f"{path}: 词典文件没有表头")
    return rows


# Folders of separate tables, each read on its own (duplicates/hot_words …); any other folder is one table split by
# topic (category_lexicon/*.tsv is the table category_lexicon).
TABLE_NAMESPACES = ("duplicates",)
# Shipped tables that the configuration cannot extend, and why.
FIXED_TABLES = {"domain_terms": "jieba 的词典每个进程只有一份 (见 tokenize.py), 领域词不能按配置扩展"}


@lru_cache(maxsize=None)
def _shipped_table(name: str) -> tuple[dict[str, str], ...]:
    """``NAME.tsv``, or every ``NAME/*.tsv`` (a table split by topic), in file-name order. A namespace folder
    (``duplicates/``) is no table: its tables are read one by one."""
    if name in TABLE_NAMESPACES:
        raise LexiconError(f"{name!r} 是一组词典的目录, 不是词典 (如 {name}/hot_words)")
    single = data_dir() / f"{name}.tsv"
    if single.is_file():
        return tuple(read_table(single))
    folder = data_dir() / name
    if folder.is_dir():
        return tuple(row for path in sorted(folder.glob("*.tsv")) for row in read_table(path))
    raise LexiconError(f"没有名为 {name!r} 的词典 ({single})")


@lru_cache(maxsize=None)
def shipped_tables() -> tuple[str, ...]:
    """The names the shipped tables are read by, sorted: ``NAME`` for ``NAME.tsv`` or a folder ``NAME/`` of topic
    files, ``duplicates/NAME`` for the tables of a namespace folder."""
    root = data_dir()
    names = {path.stem for path in root.glob("*.tsv")}
    for folder in (path for path in root.iterdir() if path.is_dir() and any(path.glob("*.tsv"))):
        if folder.name in TABLE_NAMESPACES:
            names.update(f"{folder.name}/{path.stem}" for path in folder.glob("*.tsv"))
        else:
            names.add(folder.name)
    return tuple(sorted(names))


@lru_cache(maxsize=None)
def _shipped_toml(name: str) -> dict[str, Any]:
    path = data_dir() / f"{name}.toml"
    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        return tomllib.load(handle)


class Lexicon:
    """The dictionaries one ``Linter`` sees: the shipped ones plus the configuration's extensions."""

    def __init__(self, extensions: Mapping[str, Sequence[str | Path]] | None = None):
        """``extensions``: extra rows for shipped tables, by table name (``[dictionaries]`` of the configuration).
        A name that is no shipped table is an error: its rows would be read by nothing."""
        self.extensions = {name: tuple(Path(p) for p in paths) for name, paths in (extensions or {}).items()}
        for name in self.extensions:
            if name in FIXED_TABLES:
                raise LexiconError(f"[dictionaries] {name!r}: {FIXED_TABLES[name]}")
        unknown = sorted(name for name in self.extensions if name not in shipped_tables())
        if unknown:
            extendable = [name for name in shipped_tables() if name not in FIXED_TABLES]
            raise LexiconError(f"[dictionaries] 没有名为 {', '.join(map(repr, unknown))} 的词典 "
                               f"(可扩展的词典: {', '.join(extendable)})")
        self._cache: dict[str, tuple[dict[str, str], ...]] = {}

    def table(self, name: str) -> tuple[dict[str, str], ...]:
        rows = self._cache.get(name)
        if rows is None:
            rows = _shipped_table(name)
            extra = self.extensions.get(name)
            if extra:
                rows = rows + tuple(row for path in extra for row in read_table(path))
            self._cache[name] = rows
        return rows

    def column(self, name: str, column: str) -> list[str]:
        return [row[column] for row in self.table(name) if row.get(column)]

    def thresholds(self, rule_id: str) -> dict[str, Any]:
        """A rule's default options: ``dictionaries/thresholds/RULE-ID.toml``."""
        return dict(_shipped_toml(f"thresholds/{rule_id}"))

    def profiles(self) -> dict[str, Any]:
        return _shipped_toml("profiles")
