from listing_lint.detectors.terms import TermMatcher
from listing_lint.lexicon import Lexicon
from listing_lint.rules._structure import structure_data

MODEL = structure_data(Lexicon()).categories


def evidence(title):
    return [t.term for t in MODEL.evidence(MODEL.terms(title))]


def test_head_nouns_longest_first():
    assert evidence("适用于iphone15手机壳 透明") == ["手机壳"]
    assert evidence("轮滑鞋成人溜冰鞋") == ["轮滑鞋", "溜冰鞋"]


def test_modifiers_gifts_and_weak_words_are_not_evidence():
    assert evidence("牛奶锅") == []  # 牛奶 + 锅: a pot, not milk
    assert evidence("咖啡机 家用") == ["咖啡机"]
    assert evidence("牛油果绿 连衣裙") == ["连衣裙"]  # a colour
    assert "手机壳" not in evidence("iphone 15 送手机壳")
    assert evidence("苹果 小米") == []  # ambiguous brand words are weak


def test_paths():
    path = MODEL.path("手机/手机壳")
    assert "3C数码配件" in path.families
    assert MODEL.path("运动户外/轮滑鞋/成人轮滑鞋").norm.name == "轮滑滑板"
    assert MODEL.path("虚拟商品/话费充值").virtual and not MODEL.path("图书音像/课程").virtual
    assert not MODEL.path("foo/bar").known


def test_compatibility():
    terms = MODEL.terms("轮滑鞋 成人")
    assert not MODEL.compatible_with(terms, MODEL.path("手机/手机壳").families)
    assert MODEL.compatible_with(MODEL.terms("儿童t恤"), MODEL.path("母婴/童装").families)


def test_term_matcher_keeps_latin_words_whole():
    matcher = TermMatcher(["mi", "手机"])
    assert [f.index for f in matcher.find("mini 手机")] == [1]
    assert [f.index for f in matcher.find("mi 手机")] == [0, 1]
