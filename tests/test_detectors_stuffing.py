"""listing_lint.detectors.stuffing: product keywords, their stacks, and runs of brand names."""

from __future__ import annotations

import pytest

from listing_lint import Config, Linter
from listing_lint.detectors.stuffing import (
    Echo,
    HotWords,
    ProductKeywords,
    brand_runs,
    echoes,
    has_doubled_word,
    stacks,
)
from listing_lint.detectors.terms import TermMatcher
from listing_lint.detectors.wording import ContextualTerms, context_rules
from listing_lint.normalize import normalize

SEED = "轮滑鞋成人溜冰鞋休闲鞋旱冰鞋直排轮滑平滑鞋滑冰鞋黑莓单鞋 40"


@pytest.fixture(scope="module")
def keywords() -> ProductKeywords:
    """The keyword-stuffing rule's own, built from the shipped dictionaries."""
    (rule,) = Linter(Config(select=("keyword-stuffing",))).rules
    return rule._keywords


def found(keywords, title, at_least=4):
    """The keywords of the concepts the title repeats ``at_least`` times, as the rule asks for them."""
    text = normalize(title)
    return keywords.keywords(text, keywords.repeated_heads(text.value, at_least))


def words(keywords, title, at_least=4):
    return [k.word for k in found(keywords, title, at_least)]


def test_keywords_of_the_seed_example(keywords):
    keys = found(keywords, SEED)
    assert [k.word for k in keys] == ["轮滑鞋", "溜冰鞋", "休闲鞋", "旱冰鞋", "直排轮滑", "平滑鞋", "滑冰鞋", "单鞋"]
    assert {k.concept for k in keys} == {"鞋"}
    assert {k.synset for k in keys} == {"轮滑鞋", None}


def test_heads_need_not_be_listed(keywords):
    # 伞, 扇, 粮 and 铲 are in no table: a head is the last character of a title word.
    assert words(keywords, "雨伞 遮阳伞 太阳伞 晴雨伞 折叠伞") == ["雨伞", "遮阳伞", "太阳伞", "晴雨伞", "折叠伞"]
    assert words(keywords, "锅铲 炒菜铲 铲子 锅铲子") == ["锅铲", "炒菜铲", "铲", "锅铲"]  # 子 is dropped
    # jieba glues a pile's head to the next word (狗|粮狗|饲料 …): the head is read back.
    assert words(keywords, "狗粮狗饲料犬粮幼犬粮成犬粮") == ["狗粮", "犬粮", "幼犬粮", "犬粮"]


def test_keyword_forms(keywords):
    assert words(keywords, "男鞋子 男鞋", 2) == ["男鞋", "男鞋"]  # 鞋子 is written 鞋 when compared
    assert words(keywords, "蒸饭柜4盘6盘8盘12盘") == []  # 盘 after a number is a unit
    assert words(keywords, "纸巾 整箱 两箱 三箱 四箱") == []  # 整箱, 两箱: units
    locks = normalize("自行车锁 电动车锁 摩托车锁 山地车锁")
    assert [k.word for k in keywords.keywords(locks, {"锁"}) if k.concept == "锁"] == [
        "自行车锁", "电动车锁", "摩托车锁", "山地车锁"]
    # Each concept is read on its own: 推 is repeated too, but as a modifier it swallows no 车.
    assert [k.word for k in found(keywords, "平板车 手推车推货车 小拖车 平板推车") if k.concept == "车"] == [
        "平板车", "手推车", "货车", "拖车", "推车"]
    assert words(keywords, "收纳盒 收纳箱 整理箱 储物筐") == ["收纳盒", "收纳箱", "整理箱", "储物筐"]  # containers
    # Only the concepts asked for are keywords: 家居 and 浴室 are modifiers of a bare 鞋, not products.
    assert words(keywords, "拖鞋家居鞋浴室鞋室内鞋") == ["拖鞋", "家居鞋", "浴室鞋", "室内鞋"]


def test_repeated_heads_bound_the_mentions(keywords):
    assert keywords.repeated_heads(normalize(SEED).value, 5) == {"鞋"}
    assert keywords.repeated_heads("羽绒服 棉服 棉衣 大衣 风衣", 5) == {"衣"}  # 服 counts with 衣
    assert keywords.repeated_heads("白色 黑色 红色 蓝色 粉色", 4) == set()  # colours head nothing
    assert keywords.repeated_heads("4盘6盘8盘12盘24盘", 4) == {"盘"}  # an upper bound: the units go later
    assert keywords.repeated_heads("纯棉短袖T恤 宽松", 2) == set()


def test_synonym_bound_and_doubled_products(keywords):
    assert keywords.synonym_bound("卫生纸卷纸厕纸") == 3
    assert keywords.synonym_bound("保温杯 卫生纸") == 1
    assert keywords.doubled_heads("保温杯保温杯 大容量") == {"杯"}
    assert keywords.doubled_heads("奇信 奇信 甲钴胺胶囊") == set()  # a brand, not a product noun


def test_stacks(keywords):
    def kinds(title, **options):
        thresholds = {"min_mentions": 5, "min_distinct": 3, "min_synonyms": 3, "min_repeats": 4, **options}
        text = normalize(title)
        keys = keywords.keywords(text, keywords.repeated_heads(text.value, 4) | keywords.doubled_heads(text.value))
        return [(s.kind, s.name, s.kept.word, [k.word for k in s.redundant])
                for s in stacks(keys, text.value, product=keywords.names_product, **thresholds)]

    seed = kinds(SEED)
    assert seed == [("concept", "鞋", "轮滑鞋", ["溜冰鞋", "休闲鞋", "旱冰鞋", "直排轮滑", "平滑鞋", "滑冰鞋", "单鞋"])]
    assert kinds("溜冰鞋 旱冰鞋 滑冰鞋") == [("synonyms", "轮滑鞋", "溜冰鞋", ["旱冰鞋", "滑冰鞋"])]
    assert kinds("保温杯 不锈钢保温杯 水杯") == []
    assert kinds("保温杯 保温杯 大容量") == [("repeat", "保温杯", "保温杯", ["保温杯"])]
    assert kinds("主机 / 主机+6支刷头") == []  # alternatives and bundle parts, not a repetition
    assert kinds("陶瓷杯 创意陶瓷杯 定制陶瓷杯 复古陶瓷杯")[0][0] == "repeat"
    assert kinds("零食 休闲零食 网红零食 解馋零食 办公室零食")[0][:2] == ("repeat", "零食")
    assert kinds("男士短袖T恤 纯棉 宽松 圆领 夏季 白色 XL") == []
    # Five mentions of a head by three different keywords; four are ordinary.
    assert kinds("螺蛳粉 柳州螺蛳粉 螺狮粉 螺丝粉 正宗螺蛳粉")[0][:2] == ("concept", "粉")
    assert kinds("雨伞 遮阳伞 折叠伞 晴雨伞") == []
    assert kinds("雨伞 遮阳伞 折叠伞 晴雨伞", min_mentions=4)[0][:2] == ("concept", "伞")
    # The kept keyword is the one the category names.
    text = normalize("溜冰鞋 旱冰鞋 轮滑鞋")
    found_stacks = stacks(keywords.keywords(text, {"鞋"}), text.value, min_mentions=5, min_distinct=3,
                          min_synonyms=3, min_repeats=4, prefer="运动户外/轮滑鞋")
    assert found_stacks[0].kept.word == "轮滑鞋"


def test_doubled_word_prefilter():
    assert has_doubled_word("保温杯 保温杯")
    assert has_doubled_word("抹茶抹茶奶绿")
    assert not has_doubled_word("保温杯 不锈钢")
    assert not has_doubled_word("主机 / 主机")


def test_echoes():
    assert echoes("包邮包邮包邮 纯棉毛巾", 3) == [Echo("包邮", 0, 6, 3)]
    assert echoes("包邮 包邮,包邮、包邮", 3) == [Echo("包邮", 0, 11, 4)]
    assert echoes("包邮包邮 纯棉", 3) == []
    assert echoes("哈哈哈哈哈哈 宝宝宝宝宝宝", 3) == []  # one character doubled is reduplication, not a word


def test_hot_words():
    hot = HotWords(["爆款", "热卖", "新款", "网红", "明星同款", "同款"])
    assert [w for w, _, _ in hot.find("爆款 热卖 新款 明星同款 外套")] == ["爆款", "热卖", "新款", "明星同款"]


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


def test_brand_runs_shorter_than_asked_are_left_out(brands):
    rows, matcher = brands
    found = brand_runs(matcher, normalize("苹果 红枣 核桃 小米 纯棉 耐克阿迪新百伦"), rows, min_length=2)
    assert [[m.brand for m in run.mentions] for run in found] == [["耐克", "阿迪达斯", "新百伦"]]


def test_product_nouns_come_as_a_matcher_normalized_once():
    # The matcher's words are normalized (蝦餃 → 虾饺, as titles are); the nouns are read from it, not normalized again.
    keywords = ProductKeywords([{"head": "饺"}], [], nouns=TermMatcher(["蝦餃", "保溫杯"]))
    assert keywords.names_product("鲜虾饺") and keywords.names_product("不锈钢保温杯")
    assert not keywords.names_product("蝦餃") and not ProductKeywords([], []).names_product("虾饺")
