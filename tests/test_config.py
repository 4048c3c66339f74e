"""Configuration discovery and parsing."""

from __future__ import annotations

import pytest

from listing_lint.config import Config, ConfigError, discover, find_config_file, load_config


def test_found_by_searching_upward_from_pyproject(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.listing-lint]\nprofile = "tiktok-shop"\nignore = ["LL3"]\nallow-words = ["allow.txt"]\n'
        '[tool.listing-lint.rules.fake-platform-claim]\nseverity = "warning"\n', encoding="utf-8")
    nested = tmp_path / "catalogs" / "2026"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    config = discover()
    assert config.profile == "tiktok-shop" and config.ignore == ("LL3",)
    assert config.rule_options == {"fake-platform-claim": {"severity": "warning"}}
    assert config.allow_words == (str(tmp_path / "allow.txt"),)  # relative to the config file


def test_pyproject_without_our_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config_file(tmp_path) is None or find_config_file(tmp_path).parent != tmp_path


def test_listing_lint_toml_wins_and_uses_top_level_keys(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.listing-lint]\nprofile = "tiktok-shop"\n', encoding="utf-8")
    (tmp_path / "listing-lint.toml").write_text('profile = "douyin-service"\nselect = "LL1,LL2"\n', encoding="utf-8")
    config = load_config(find_config_file(tmp_path))
    assert config.profile == "douyin-service" and config.select == ("LL1", "LL2")


@pytest.mark.parametrize("text,message", [
    ("profile = [", "TOML"),
    ("colour = 'red'", "未知配置项 colour"),
    ("select = 3", "select"),
    ("[rules]\nfreight = 1", "rules"),
])
def test_bad_configuration_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "listing-lint.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_command_line_overrides_the_file():
    config = Config(profile="tiktok-shop", select=("LL1",)).merged(profile="douyin", select=(), ignore=("LL3",))
    assert config.profile == "douyin" and config.select == ("LL1",) and config.ignore == ("LL3",)
