import json
import random
from pathlib import Path

import pytest

from listing_lint.detectors import terms
from listing_lint.detectors.terms import TermMatcher, WordLists
from listing_lint.lexicon import Lexicon
from listing_lint.normalize import normalize
from listing_lint.rules._structure import structure_data

DATA = structure_data(Lexicon())
CORPUS = Path(__file__).parent.parent / "corpus" / "labeled" / "structure.jsonl"


def _texts():
    out = ["", " ", "x", "手机壳", "送手机壳 iphone15手机壳", "mini手机 mi手机", "😀手机壳🎉轮滑鞋", "\U00020000大米\U0002a6d6",
           "轮滑鞋成人溜冰鞋 直排轮", "纯棉t恤 男 夏季 宽松 牛油果绿 连衣裙 咖啡机 沙发垫 布艺沙发 科技布"]
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out += [normalize(record.get("title") or "").value, normalize(record.get("detail") or "", html=True).value]
        out += [normalize(sku.get("name") or "").value for sku in record.get("skus") or []]
    return out


def _both(words, monkeypatch):
    """The same words searched as characters and as UTF-8 bytes."""
    monkeypatch.setattr(terms, "_BYTES_FROM", 10**9)
    characters = TermMatcher(words)
    monkeypatch.setattr(terms, "_BYTES_FROM", 0)
    in_bytes = TermMatcher(words)
    assert characters._bytes is None and in_bytes._bytes is not None
    return characters, in_bytes


@pytest.mark.parametrize("words", [DATA.categories._matcher.words, DATA.brands.matcher.words, ["mi", "手机", "手机壳"]],
                         ids=["product nouns", "brands", "latin"])
def test_byte_search_finds_what_character_search_finds(words, monkeypatch):
    characters, in_bytes = _both(words, monkeypatch)
    for text in _texts():
        assert in_bytes.find(text) == characters.find(text), text


def test_byte_search_on_random_lexicons(monkeypatch):
    # Characters that share their first UTF-8 bytes (膏 膜 膀: e8 86 …), other Chinese, Latin, astral, a surrogate.
    alphabet = list("膏膜膀膊梨秋桃套奖奥ab") + ["\u0101", "😀", "\ud800"]
    rng = random.Random(7)
    for _ in range(1500):
        words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 6))}
        words = [w for w in words if "\ud800" not in w]
        if not words:
            continue
        characters, in_bytes = _both(words, monkeypatch)
        for _ in range(5):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
            assert in_bytes.find(text) == characters.find(text), (words, text)


def test_where_bytes_could_change_the_longest_match_characters_are_searched(monkeypatch):
    # 秋梨 is no word but leads to 秋梨膏, and 梨 is a word; 膜 is no child of 秋梨 but starts with the bytes of 膏.
    characters, in_bytes = _both(["秋梨膏", "梨"], monkeypatch)
    assert "秋梨" in in_bytes._risks

    def risky(text):
        data = text.encode("utf-8", "surrogatepass")
        return in_bytes._risky(data, data.decode("latin-1"))

    assert risky("秋梨膜") and not risky("秋梨\ud800") and not risky("秋梨膏") and not risky("秋梨 ") and not risky("秋梨")
    for text in ("秋梨膜", "秋梨膏", "秋梨", "秋梨套", "新款秋梨膜 包邮"):
        assert in_bytes.find(text) == characters.find(text)


def _failover_risks_by_definition(words):
    """_failover_risks as its docstring defines it: every non-word trie node, its failure link, its children."""
    prefixes = {word[:n] for word in words for n in range(1, len(word) + 1)}
    children_of = {}
    for prefix in prefixes:
        children_of.setdefault(prefix[:-1], set()).add(prefix[-1])
    risks = {}
    for node in prefixes - words:
        failure = next((node[n:] for n in range(1, len(node)) if node[n:] in prefixes), None)
        children = children_of[node]
        if failure in words and not all(child.isascii() for child in children):
            risks[node] = (frozenset(children), frozenset(terms._bytes_of(child)[0] for child in children))
    return risks


def test_failover_risks_are_the_defined_nodes():
    # Failure links that are words, that are nodes but no words (梨 leads on to 梨膏), several suffixes that are
    # nodes (the longest one counts), ASCII and non-ASCII children.
    alphabet = list("膏膜秋梨桃ab")
    rng = random.Random(11)
    for _ in range(1000):
        words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 12))}
        assert terms._failover_risks(words) == _failover_risks_by_definition(words), words
    lexicon = set(DATA.categories._matcher.words) - {""}
    assert terms._failover_risks(lexicon) == _failover_risks_by_definition(lexicon)


def test_offsets_are_character_offsets_after_astral_characters_and_surrogates(monkeypatch):
    _, in_bytes = _both(["手机壳", "大米"], monkeypatch)
    text = "😀手机壳\U00020000大米\ud800手机壳"
    assert [(f.start, f.end) for f in in_bytes.find(text)] == [(1, 4), (5, 7), (8, 11)]


def test_large_lexicons_are_searched_as_bytes():
    assert DATA.categories._matcher._bytes is not None  # more than a thousand distinct first characters
    assert DATA.brands.matcher._bytes is not None
    assert DATA.matcher("bait_sku")._bytes is None


def test_occurs_sees_what_leftmost_longest_matching_skips():
    matcher = TermMatcher(["mi", "手机壳", "机壳膜"])
    assert [matcher.words[f.index] for f in matcher.find("手机壳膜")] == ["手机壳"]
    assert matcher.occurs("机壳膜") and matcher.occurs("mini")  # occurs ignores Latin word boundaries
    assert not matcher.find("mini") and not matcher.occurs("手机") and not matcher.occurs("")


def test_ends_with_and_starts_with():
    matcher = TermMatcher(["送", "适用于", "咖啡", "咖啡机"])
    assert matcher.ends_with("买一送") and matcher.ends_with("适用于") and not matcher.ends_with("适用")
    assert not matcher.ends_with("")
    assert matcher.starts_with("咖啡机家用") == "咖啡机" and matcher.starts_with("咖啡豆") == "咖啡"
    assert matcher.starts_with("机") is None and matcher.starts_with("") is None


def test_word_lists_say_which_lists_occur():
    lists = WordLists([["秋梨膏", "梨"], ["膜"], ["mi", "手机"], []])
    assert lists.present("") == 0 and lists.present("苹果") == 0
    assert lists.present("秋梨膜") == 0b011  # 梨 inside 秋梨, overlapping words too
    assert lists.present("xiaomi") == 0b100  # Latin words count inside longer Latin runs
    assert lists.present("😀手机\ud800膜") == 0b110
    assert lists.present("膏") == 0  # a character sharing its first UTF-8 bytes with 膜 (e8 86 …)
    assert WordLists([[], [""]]).present("手机") == 0


def test_word_lists_count_every_occurrence():
    counts = WordLists([["阿迪", "阿迪达斯", "耐克", "nike", ""], ["爆款", "耐克"], []])
    # Overlapping occurrences count: at least as many as any matcher of these words finds.
    assert counts.count("阿迪达斯耐克") == [3, 1, 0]  # a word of two lists counts in both
    assert counts.count("nike耐克 爆款") == [2, 2, 0]  # Latin and Han words in one text, read as UTF-8 bytes
    assert counts.count("nike nike") == [2, 0, 0]  # an ASCII text is read as it is
    assert counts.count("nikes") == [1, 0, 0]  # Latin words not checked for being whole: an upper bound
    assert counts.count("耐 克 阿 迪") == [0, 0, 0]
    assert counts.count("膏") == [0, 0, 0] and counts.count("😀耐克\ud800") == [1, 1, 0]
    assert counts.count("") == [0, 0, 0]
    assert WordLists([[""], []]).count("耐克") == [0, 0]


def test_word_lists_count_where_they_say_present():
    lists = WordLists([["秋梨膏", "梨"], ["膜", "梨"], ["mi", "手机"], []])
    for value in ["", "秋梨膜", "xiaomi 手机膜", "梨梨", "苹果", "😀手机\ud800膜"]:
        counts = lists.count(value)
        assert lists.present(value) == sum(1 << i for i, n in enumerate(counts) if n), value


def test_found_are_found_tuples(monkeypatch):
    for matcher in _both(["手机壳", "mi"], monkeypatch):
        found = matcher.find("mi 手机壳")
        assert found == [(1, 0, 2), (0, 3, 6)]
        assert all(type(f) is terms.Found for f in found)
        assert (found[1].index, found[1].start, found[1].end) == (0, 3, 6) and found[1]._asdict()["end"] == 6
