"""Configuration: ``[tool.listing-lint]`` in ``pyproject.toml`` or a ``listing-lint.toml``, found by searching
upward from the working directory; command-line options override it.

    [tool.listing-lint]
    profile = "douyin"                      # douyin | douyin-service | tiktok-shop
    select = ["ALL"]                        # rule ids, codes or code prefixes (default: the profile's)
    extend-select = ["LL6"]                 # on top of the profile's rules
    ignore = ["keyword-stuffing"]
    allow-words = ["allow.txt"]             # phrases never reported, one a line
    baseline = "listing-lint-baseline.json"

    [tool.listing-lint.rules.freight-abnormal]   # per-rule options (thresholds)
    max_ratio = 5

    [tool.listing-lint.dictionaries]             # extra rows for a shipped table, same columns
    platform_claims = ["my-claims.tsv"]

Relative paths are relative to the configuration file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = ("listing-lint.toml", "pyproject.toml")
KNOWN_KEYS = {"profile", "select", "ignore", "extend-select", "allow-words", "baseline", "rules", "dictionaries"}


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    profile: str = "douyin"
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    dictionaries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    allow_words: tuple[str, ...] = ()
    baseline: str | None = None
    path: str | None = None  # the file it was read from

    def merged(self, **overrides: Any) -> "Config":
        """A copy with the given non-empty values replaced (command-line options over the file)."""
        values = {k: v for k, v in overrides.items() if v not in (None, (), [], {})}
        return Config(**{**self.__dict__, **values})


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest ``listing-lint.toml``, or ``pyproject.toml`` with a ``[tool.listing-lint]`` table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "listing-lint.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = _load(candidate)
            except ConfigError:
                raise
            if "listing-lint" in data.get("tool", {}):
                return candidate
    return None


def _load(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取配置文件 ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: 配置文件不是合法的 TOML ({exc})") from None


def _strings(value: Any, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"{path}: {key} 应为字符串数组")


def load_config(path: Path) -> Config:
    data = _load(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("listing-lint", {})
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{path}: 未知配置项 {', '.join(sorted(unknown))} (可用: {', '.join(sorted(KNOWN_KEYS))})")
    base = path.parent

    def relative(p: str) -> str:
        return str((base / p).resolve())

    profile = data.get("profile", "douyin")
    if not isinstance(profile, str):
        raise ConfigError(f"{path}: profile 应为字符串")
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{path}: [rules.<规则>] 应为表")
    dictionaries = data.get("dictionaries", {})
    if not isinstance(dictionaries, dict):
        raise ConfigError(f"{path}: [dictionaries] 应为表")
    baseline = data.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise ConfigError(f"{path}: baseline 应为文件路径")
    return Config(
        profile=profile,
        select=_strings(data.get("select", []), "select", path),
        extend_select=_strings(data.get("extend-select", []), "extend-select", path),
        ignore=_strings(data.get("ignore", []), "ignore", path),
        rule_options={rule: dict(options) for rule, options in rules.items()},
        dictionaries={name: tuple(relative(p) for p in _strings(files, f"dictionaries.{name}", path))
                      for name, files in dictionaries.items()},
        allow_words=tuple(relative(p) for p in _strings(data.get("allow-words", []), "allow-words", path)),
        baseline=relative(baseline) if baseline else None,
        path=str(path),
    )


def discover(start: Path | None = None) -> Config:
    path = find_config_file(start)
    return load_config(path) if path else Config()
