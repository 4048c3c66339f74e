"""The shipped dictionaries: every table declares where its words come from."""

from __future__ import annotations

from pathlib import Path

import pytest

from listing_lint.lexicon import Lexicon, LexiconError, data_dir, read_table
from listing_lint.registry import all_rules

TABLES = sorted(data_dir().rglob("*.tsv"))


@pytest.mark.parametrize("path", TABLES, ids=lambda p: str(p.relative_to(data_dir())))
def test_every_table_has_a_source_column_and_rows(path):
    rows = read_table(path)
    assert rows, f"{path} has no rows"
    assert "source" in rows[0], f"{path} has no source column"
    assert all(row["source"] for row in rows), f"{path}: a row without a source"


def test_every_unit_is_read_and_both_readers_agree_on_measures():
    # units.tsv serves the structure rules (dimension) and duplicate matching (duplicates): a row neither reads is
    # lost, and a measure both read is compared in its one dimension.
    for row in Lexicon().table("units"):
        assert row["dimension"] or row["duplicates"], row["alias"]
        if row["dimension"] not in ("", "count") and row["duplicates"]:
            assert row["duplicates"] == row["dimension"], row["alias"]


def test_profiles_name_known_rules():
    ids = {rule.id for rule in all_rules()}
    for name, profile in Lexicon().profiles().items():
        for rule_id in profile.get("rules", []):
            if rule_id != "*":
                assert rule_id in ids, (name, rule_id)
        for rule_id, severity in profile.get("severity", {}).items():
            assert rule_id in ids and severity in ("error", "warning", "info"), (name, rule_id)


def test_thresholds_files_belong_to_rules():
    ids = {rule.id for rule in all_rules()}
    for path in (data_dir() / "thresholds").glob("*.toml"):
        assert path.stem in ids, path


def test_user_extension_rows_come_after_shipped_ones(tmp_path: Path):
    extra = tmp_path / "claims.tsv"
    extra.write_text("term\tcampaign\tcategory\tseverity\tsource\n万人团\t万人团\tcampaign\terror\tmy shop\n", encoding="utf-8")
    rows = Lexicon({"platform_claims": [extra]}).table("platform_claims")
    assert rows[-1]["term"] == "万人团"
    assert len(rows) == len(Lexicon().table("platform_claims")) + 1


def test_bad_table_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tsource\nx\ty\tz\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad.tsv:2"):
        read_table(bad)


def test_table_lines_comments_blanks_and_line_endings(tmp_path: Path):
    table = tmp_path / "mixed.tsv"
    # A BOM, CRLF and lone-CR line endings, an indented comment, a whitespace-only line, a short row, cells padded
    # with spaces, and a last line without a line ending.
    table.write_bytes("\ufeff# where from\r\nterm\t source \tnote\r\n  # indented comment\n \t \n甲\tx\r乙 \t y \n丙"
                      .encode("utf-8"))
    assert read_table(table) == [{"term": "甲", "source": "x", "note": ""}, {"term": "乙", "source": "y", "note": ""},
                                 {"term": "丙", "source": "", "note": ""}]
    table.write_bytes("term\tsource\r\n\r\n# c\r\na\tb\r\na\tb\tc\r\n".encode("utf-8"))
    with pytest.raises(LexiconError, match=r"mixed.tsv:5: 3 列"):
        read_table(table)


def test_extending_a_table_that_is_not_shipped_is_an_error(tmp_path: Path):
    # A misspelt or removed table name (duplicates/units became units) would have its rows read by nothing.
    extra = tmp_path / "units.tsv"
    extra.write_text("alias\tunit\tdimension\tfactor\tsource\n盏\t盏\tcount\t1\tmine\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"'duplicates/units'.*units"):
        Lexicon({"duplicates/units": [extra]})
    assert Lexicon({"units": [extra]}).table("units")[-1]["alias"] == "盏"
    assert Lexicon({"duplicates/hot_words": [extra], "category_lexicon": [extra]}).extensions  # nested and split
    with pytest.raises(LexiconError, match="category_lexicon/apparel"):
        Lexicon({"category_lexicon/apparel": [extra]})  # a topic file of a table: read within category_lexicon


def test_every_table_the_configuration_may_extend_is_read(monkeypatch):
    # The names [dictionaries] accepts are those some rule reads (a folder member like category_lexicon/apparel is
    # read within its folder's table, and not by its own name): a run over a small catalog reads them all.
    from listing_lint import Config, Linter
    from listing_lint.lexicon import FIXED_TABLES, shipped_tables
    from listing_lint.reader import Record

    read = set()
    table = Lexicon.table
    monkeypatch.setattr(Lexicon, "table", lambda self, name: (read.add(name), table(self, name))[1])
    records = [{"id": "1", "shop_id": "s", "title": "纯棉T恤 白色 XL", "price": 2, "freight_regions": {"江浙沪": 53},
                "attributes": {"材质": "涤纶"}},
               {"id": "2", "shop_id": "s", "title": "纯棉T恤 白色 XL", "price": 10},
               {"id": "3", "shop_id": "s", "title": "苹果手机壳 iPhone 15", "skus": [{"name": "500ml", "price": 9}]}]
    list(Linter(Config()).run(Record("c.jsonl", n, r) for n, r in enumerate(records, 1)))
    assert {"units", "category_lexicon", "duplicates/hot_words", "platform_claims"} <= set(shipped_tables())
    assert "category_lexicon/apparel" not in shipped_tables() and "duplicates" not in shipped_tables()
    assert set(shipped_tables()) - set(FIXED_TABLES) <= read


def test_the_domain_terms_cannot_be_extended(tmp_path: Path):
    with pytest.raises(LexiconError, match="domain_terms"):
        Lexicon({"domain_terms": [tmp_path / "mine.tsv"]})


def test_a_namespace_folder_is_no_table():
    # duplicates/ holds tables with different columns: read together they would be one meaningless table.
    with pytest.raises(LexiconError, match="duplicates/hot_words"):
        Lexicon().table("duplicates")
    assert Lexicon().table("duplicates/hot_words")
