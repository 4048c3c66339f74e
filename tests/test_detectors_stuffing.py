"""listing_lint.detectors.stuffing: product keywords, their stacks, and runs of brand names."""

from __future__ import annotations

import pytest

from listing_lint.detectors.stuffing import ProductKeywords, brand_runs, has_doubled_word, stacks
from listing_lint.detectors.wording import ContextualTerms, context_rules
from listing_lint.lexicon import Lexicon
from listing_lint.normalize import normalize

SEED = "轮滑鞋成人溜冰鞋休闲鞋旱冰鞋直排轮滑平滑鞋滑冰鞋黑莓单鞋 40"


@pytest.fixture(scope="module")
def keywords():
    lexicon = Lexicon()
    return ProductKeywords(lexicon.table("keyword_heads"), lexicon.table("keyword_synonyms"))


def words(keywords, title):
    return [k.word for k in keywords.keywords(normalize(title))]


def test_keywords_of_the_seed_example(keywords):
    found = keywords.keywords(normalize(SEED))
    assert [k.word for k in found] == ["轮滑鞋", "溜冰鞋", "休闲鞋", "旱冰鞋", "直排轮滑", "平滑鞋", "滑冰鞋", "单鞋"]
    assert {k.concept for k in found} == {"鞋"}
    assert {k.synset for k in found} == {"轮滑鞋", None}


def test_keyword_forms(keywords):
    assert words(keywords, "男鞋子 男鞋") == ["男鞋", "男鞋"]  # 鞋子 is written 鞋 when compared
    assert words(keywords, "蒸饭柜4盘6盘8盘") == ["蒸饭柜"]  # 盘 after a number is a unit
    assert words(keywords, "纸巾 整箱 两包") == ["纸巾"]  # 整箱, 两包: units
    assert words(keywords, "自行车锁 行李箱保护套") == ["保护套"]  # modifiers of another product
    assert words(keywords, "桌上足球机") == ["足球机"]


def test_mentions_bound_the_keywords(keywords):
    concept, synset, repeated = keywords.mentions(normalize(SEED).value)
    assert concept >= 8 and synset >= 6 and repeated >= 1
    assert keywords.mentions("纯棉短袖T恤 宽松") == (0, 0, 0) or keywords.mentions("纯棉短袖t恤 宽松")[0] <= 1


def test_stacks(keywords):
    def kinds(title, **options):
        thresholds = {"min_distinct": 5, "min_synonyms": 3, "min_repeats": 4, **options}
        text = normalize(title)
        return [(s.kind, s.name, s.kept.word, [k.word for k in s.redundant])
                for s in stacks(keywords.keywords(text), text.value, **thresholds)]

    seed = kinds(SEED)
    assert seed == [("concept", "鞋", "轮滑鞋", ["溜冰鞋", "休闲鞋", "旱冰鞋", "直排轮滑", "平滑鞋", "滑冰鞋", "单鞋"])]
    assert kinds("溜冰鞋 旱冰鞋 滑冰鞋") == [("synonyms", "轮滑鞋", "溜冰鞋", ["旱冰鞋", "滑冰鞋"])]
    assert kinds("保温杯 不锈钢保温杯 水杯") == []
    assert kinds("保温杯 保温杯 大容量") == [("repeat", "保温杯", "保温杯", ["保温杯"])]
    assert kinds("陶瓷杯 创意陶瓷杯 定制陶瓷杯 复古陶瓷杯")[0][0] == "repeat"
    assert kinds("男士短袖T恤 纯棉 宽松 圆领 夏季 白色 XL") == []
    # The kept keyword is the one the category names.
    text = normalize("溜冰鞋 旱冰鞋 轮滑鞋")
    found = stacks(keywords.keywords(text), text.value, min_distinct=5, min_synonyms=3, min_repeats=4,
                   prefer="运动户外/轮滑鞋")
    assert found[0].kept.word == "轮滑鞋"


def test_doubled_word_prefilter():
    assert has_doubled_word("保温杯 保温杯")
    assert has_doubled_word("抹茶抹茶奶绿")
    assert not has_doubled_word("保温杯 不锈钢")


@pytest.fixture(scope="module")
def brands():
    rows = [{"term": t, "brand": b, "ambiguous": a} for t, b, a in [
        ("耐克", "耐克", ""), ("nike", "耐克", ""), ("阿迪", "阿迪达斯", ""), ("新百伦", "新百伦", ""),
        ("苹果", "苹果", "yes"), ("华为", "华为", ""), ("小米", "小米", "yes")]]
    rules = context_rules([
        {"term": "*", "before": "适用[^\\p{L}\\p{N}]{0,2}", "after": "", "effect": "pass"},
        {"term": "*", "before": "", "after": "[^\\p{L}\\p{N}]{0,2}同款", "effect": "error"},
    ], "test")
    return rows, ContextualTerms(rows, {}, rules, "test", skeleton=False)


def runs(brands, title):
    rows, matcher = brands
    return [([m.brand for m in run.mentions], run.rule.effect if run.rule else None, run.cue_end)
            for run in brand_runs(matcher, normalize(title), rows)]


def test_brand_runs(brands):
    assert runs(brands, "耐克阿迪新百伦同款运动鞋") == [(["耐克", "阿迪达斯", "新百伦"], "error", 9)]
    assert runs(brands, "适用 苹果/华为/小米 手机壳") == [(["苹果", "华为", "小米"], "pass", None)]
    assert runs(brands, "nike 和 耐克 跑鞋")[0][0] == ["耐克", "耐克"]  # one letter between still a run
    assert runs(brands, "苹果 红枣 核桃 小米") == [(["苹果"], None, None), (["小米"], None, None)]
    assert runs(brands, "ninety nikes") == []  # Latin names are whole words
