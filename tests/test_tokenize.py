"""jieba tokens with offsets, domain terms as single words, and the tokenizer's own dictionary cache."""

from __future__ import annotations

import importlib.util
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

from listing_lint.tokenize import cache_folder, in_dictionary, tokenize

# Tokenizes in a fresh interpreter (the tokenizer is loaded once per process) and reports what it saw.
PROBE = r"""
import json, sys
from listing_lint import tokenize as t
known = t.in_dictionary(sys.argv[2]) if len(sys.argv) > 2 else None
tokens = [[list(x) for x in t.tokenize(text)] for text in sys.argv[1].split("\n")]
print(json.dumps({"tokens": tokens, "files": sorted(p.name for p in t.cache_folder().glob("*"))
                  if t.cache_folder().exists() else [], "known": known,
                  "grouped": t._tokenizer.unread is not None, "entries": len(t._tokenizer.jieba.FREQ)},
                 ensure_ascii=False))
"""

TITLE = "百亿补贴轮滑鞋成人溜冰鞋 一级能效空调"


def probe(cache: Path, text: str = TITLE, *known: str) -> dict:
    env = {**os.environ, "LISTING_LINT_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", PROBE, text, *known], capture_output=True, text=True, env=env,
                         check=True)
    assert "Traceback" not in out.stderr
    return json.loads(out.stdout)


def test_tokens_carry_offsets_into_the_text():
    tokens = tokenize(TITLE)
    assert "".join(t.word for t in tokens) == TITLE
    for token in tokens:
        assert TITLE[token.start:token.end] == token.word


def test_domain_terms_are_single_tokens():
    words = [t.word for t in tokenize(TITLE)]
    assert "百亿补贴" in words and "轮滑鞋" in words and "一级能效" in words
    assert in_dictionary("轮滑鞋") and not in_dictionary("轮滑鞋溜冰鞋")


def test_empty_text_has_no_tokens():
    assert tokenize("") == []


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("LISTING_LINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "listing-lint"
    monkeypatch.setenv("LISTING_LINT_CACHE_DIR", str(tmp_path / "own"))
    assert cache_folder() == tmp_path / "own"


def test_first_run_writes_the_cache_and_later_runs_read_it_with_the_same_tokens(tmp_path):
    first = probe(tmp_path)
    assert len(first["files"]) == 1 and first["files"][0].endswith(".groups")
    written = (tmp_path / first["files"][0]).stat()
    second = probe(tmp_path)
    assert second["tokens"] == first["tokens"]
    assert second["files"] == first["files"]
    # A rebuild writes a new file and renames it over the old one: another inode, another mtime.
    read = (tmp_path / first["files"][0]).stat()
    assert (read.st_ino, read.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_a_damaged_cache_is_rebuilt(tmp_path):
    good = probe(tmp_path)
    (tmp_path / good["files"][0]).write_bytes(b"not a pickle")
    again = probe(tmp_path)
    assert again["tokens"] == good["tokens"]
    assert (tmp_path / good["files"][0]).stat().st_size > 1_000_000


def test_an_unwritable_cache_folder_only_costs_time(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    result = probe(blocked / "cache")
    assert result["files"] == []
    assert result["tokens"] == probe(tmp_path / "fresh")["tokens"]


IMPORTS = r"""
import json, sys
if sys.argv[1] == "host-first":
    import pkg_resources  # the host program's own import
from listing_lint import tokenize as t
tokens = t.tokenize("纯棉短袖T恤")
print(json.dumps({"tokens": len(tokens), "pkg_resources": "pkg_resources" in sys.modules,
                  "blocked": sys.modules.get("pkg_resources", 0) is None}))
"""


def test_jieba_loads_without_pkg_resources_and_leaves_it_importable(tmp_path):
    # jieba imports pkg_resources only to locate its data files (≈70 ms): the tokenizer keeps it out, reads the
    # dictionary by path (a fresh cache folder makes jieba read dict.txt itself), and unblocks it afterwards.
    env = {**os.environ, "LISTING_LINT_CACHE_DIR": str(tmp_path)}
    alone = subprocess.run([sys.executable, "-c", IMPORTS, "alone"], capture_output=True, text=True, env=env,
                           check=True)
    assert json.loads(alone.stdout) == {"tokens": 3, "pkg_resources": False, "blocked": False}
    if importlib.util.find_spec("pkg_resources") is None:
        return  # no setuptools in this environment: nothing a host could have imported
    host = subprocess.run([sys.executable, "-c", IMPORTS, "host-first"], capture_output=True, text=True, env=env,
                          check=True)
    assert json.loads(host.stdout) == {"tokens": 3, "pkg_resources": True, "blocked": False}


def corpus_texts(limit: int = 400) -> list[str]:
    texts = []
    for path in sorted((Path(__file__).parent.parent / "corpus").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for field in ("title", "detail"):
                if isinstance(record.get(field), str) and record[field].strip():
                    texts.append(" ".join(record[field].split())[:200])
    return texts[:limit]


def test_the_dictionary_read_group_by_group_cuts_like_the_whole_one(tmp_path):
    # The first run builds the whole dictionary (jieba's own loading) and writes the grouped cache; the second
    # reads only the groups of the characters its texts hold. Both must cut every text alike.
    texts = "\n".join(corpus_texts() + ["百亿补贴轮滑鞋成人溜冰鞋", "Nike耐克 air max 90 男鞋", "狗粮狗饲料犬粮幼犬粮"])
    whole = probe(tmp_path, texts)
    grouped = probe(tmp_path, texts)
    assert not whole["grouped"] and grouped["grouped"]
    assert grouped["tokens"] == whole["tokens"]
    assert grouped["entries"] < whole["entries"]  # what no text needed was never read


def test_a_word_is_known_before_any_text_read_its_group(tmp_path):
    probe(tmp_path)  # writes the cache
    fresh = probe(tmp_path, "", "溜冰鞋")
    assert fresh["grouped"] and fresh["known"] is True
    assert probe(tmp_path, "", "溜冰鞋溜冰鞋")["known"] is False


def test_the_cache_is_named_after_the_domain_terms_too():
    import jieba

    from listing_lint.tokenize import _dictionary_cache

    words = [("轮滑鞋", 100000, "n")]
    assert _dictionary_cache(jieba, words) == _dictionary_cache(jieba, list(words))
    assert _dictionary_cache(jieba, words) != _dictionary_cache(jieba, words + [("溜冰鞋", None, "n")])
    assert _dictionary_cache(jieba, words) != _dictionary_cache(jieba, [("轮滑鞋", 5, "n")])


def test_a_group_leaves_the_unread_ones_only_once_its_entries_are_in_the_dictionary(tmp_path):
    # Threads (the HTTP service) tokenize without the lock when none of their characters is unread: a character
    # must therefore stay unread until its entries are in FREQ, or another thread would cut without them.
    from listing_lint.tokenize import _Tokenizer

    class Watched(dict):
        def update(self, entries):
            assert all(word[0] in tokenizer.unread for word in entries)
            super().update(entries)

    class Jieba:
        FREQ = Watched()

    groups = {"轮": marshal.dumps({"轮": 3, "轮滑": 0, "轮滑鞋": 9}), "鞋": marshal.dumps({"鞋": 5})}
    tokenizer = _Tokenizer(Jieba(), dict(groups))
    tokenizer.read_entries("轮滑鞋")
    assert tokenizer.unread == {} and Jieba.FREQ == {"轮": 3, "轮滑": 0, "轮滑鞋": 9, "鞋": 5}
