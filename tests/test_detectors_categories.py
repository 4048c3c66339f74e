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


def test_path_levels_are_normalized_whatever_the_separator():
    for path in ("厨房餐饮/咖啡器具/手冲壶", "厨房餐饮>咖啡器具>手冲壶", "厨房餐饮 › 咖啡器具 › 手冲壶", "廚房餐飲|咖啡器具\\手沖壺"):
        assert MODEL.path(path).levels == ("厨房餐饮", "咖啡器具", "手冲壶"), path


def test_compatibility():
    terms = MODEL.terms("轮滑鞋 成人")
    assert not MODEL.compatible_with(terms, MODEL.path("手机/手机壳").families)
    assert MODEL.compatible_with(MODEL.terms("儿童t恤"), MODEL.path("母婴/童装").families)


def test_term_matcher_keeps_latin_words_whole():
    matcher = TermMatcher(["mi", "手机"])
    assert [f.index for f in matcher.find("mini 手机")] == [1]
    assert [f.index for f in matcher.find("mi 手机")] == [0, 1]


def test_lexicon_rows_sharing_a_category_cell():
    from listing_lint.detectors.categories import CategoryModel

    families = [{"family": "数码", "aliases": ""}, {"family": "服饰", "aliases": ""}, {"family": "礼品", "aliases": ""}]
    norms = [{"family": "数码", "category": "手机壳", "also": "礼品"}, {"family": "服饰", "category": "T恤"}]
    lexicon = [{"term": "手机壳", "category": "手机壳|T恤"}, {"term": "手机套", "category": "手机壳|T恤", "weight": "weak"},
               {"term": "某物", "category": "未知"}, {"term": "短袖", "category": "T恤"}, {"term": "壳", "category": "手机壳|T恤"},
               {"term": "半袖", "category": "未知|T恤"}]
    model = CategoryModel(families, norms, lexicon)
    found = {term.term: term for term in model.terms("手机壳 手机套 某物 短袖 半袖")}
    assert list(found) == ["手机壳", "手机套", "短袖", "半袖"]  # 某物 names no known category
    assert [n.name for n in found["手机壳"].norms] == [n.name for n in found["手机套"].norms] == ["手机壳", "T恤"]
    assert found["手机壳"].compatible == found["手机套"].compatible == frozenset({"数码", "礼品", "服饰"})
    assert found["手机套"].weak and not found["手机壳"].weak
    assert [n.name for n in found["半袖"].norms] == ["T恤"] and found["短袖"].compatible == frozenset({"服饰"})
