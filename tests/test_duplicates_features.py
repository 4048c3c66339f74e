"""listing_lint.duplicates.features: the matching body, the variant signature and the veto."""

from __future__ import annotations

import random
import re
import time

import pytest

from listing_lint.duplicates.features import GAP, Features, compared_text, substitution, title_part, veto
from listing_lint.lexicon import Lexicon


@pytest.fixture(scope="module")
def features():
    return Features(Lexicon())


def summary(features, title, **record):
    result = features.summarize(title, **record)
    assert result is not None, title
    return result


def same(features, a, b, **record):
    first, second = summary(features, a, **record), summary(features, b, **record)
    return first == second


@pytest.mark.parametrize("reworded", [
    "【2024新款】美的电饭煲 3L 家用智能预约 包邮",
    "美的電飯煲 3L 家用智能預約",
    "美的电饭煲　３Ｌ　家用智能预约",
    "🔥美的|电饭煲|3L|家用|智能预约✨",
    "爆款 现货 美的电饭煲 3升 家用智能预约 顺丰包邮",
    "美的电饭煲 3000ml 家用智能预约",
])
def test_rewordings_have_the_same_body_and_signature(features, reworded):
    assert same(features, "美的电饭煲 3L 家用智能预约", reworded)


def test_hot_words_with_a_year_go_but_other_numbers_stay(features):
    assert summary(features, "2024新款 保温杯 500ml").signature == summary(features, "保温杯 500ml").signature
    assert "c=x618" in summary(features, "x618 保温杯").signature  # 618 inside a code is not the festival
    assert summary(features, "618 保温杯").signature == summary(features, "保温杯").signature
    assert summary(features, "纯棉ins风1.2m床").body == summary(features, "纯棉 1.2m床").body


@pytest.mark.parametrize("a,b", [
    ("夏威夷果 1kg", "夏威夷果 1000g"), ("夏威夷果 2斤", "夏威夷果 1kg"), ("四件套 1.8m床", "四件套 1.8米床"),
    ("抽纸 两件装", "抽纸 2件装"), ("中性笔 十二支", "中性笔 12支"), ("充电宝 20000mAh", "充电宝 20000毫安"),
    ("iPhone 15 Pro Max 手机壳", "IPHONE15PROMAX 手机壳"), ("华为 Mate 60 钢化膜", "华为Mate60钢化膜"),
    ("哑铃 黑色", "哑铃 黑"), ("跑步鞋 男", "男款跑步鞋"), ("T恤 XL码", "T恤 xl"), ("U盘 128G", "隨身碟 128G"),
])
def test_equivalent_variants(features, a, b):
    assert title_part(summary(features, a).signature) == title_part(summary(features, b).signature)


@pytest.mark.parametrize("a,b,cls", [
    ("iPhone 15 手机壳", "iPhone 15 Pro Max 手机壳", "m"), ("iPhone 15 手机壳", "iPhone 14 手机壳", "c"),
    ("华为Mate60 钢化膜", "华为P60 钢化膜", "c"), ("电饭煲 3L", "电饭煲 5L", "q.volume"),
    ("夏威夷果 原味", "夏威夷果 盐焗", "fl"), ("哑铃 黑色", "哑铃 白色", "col"), ("纸尿裤 L码", "纸尿裤 XL码", "sz"),
    ("跑步鞋 男", "跑步鞋 女", "au"), ("成猫粮", "幼猫粮", "au"), ("中性笔 0.5mm", "中性笔 0.38mm", "q.length"),
    ("抽纸 12包", "抽纸 24包", "q.packs"), ("拉杆箱 20寸", "拉杆箱 24寸", "q.inch"), ("铁观音 浓香型", "铁观音 清香型", "fl"),
    ("耳机 Air3", "耳机 Pro3", "m"), ("A4 笔记本 5本", "A5 笔记本 5本", "c"),
])
def test_variant_veto(features, a, b, cls):
    assert veto(summary(features, a).signature, summary(features, b).signature) == cls


def test_a_variant_left_out_is_a_different_variant(features):
    # The plain model is a model too; an amount left out is not the same amount.
    assert veto(summary(features, "iPhone 15 壳").signature, summary(features, "iPhone 15 Pro 壳").signature) == "m"
    assert veto(summary(features, "电饭煲 家用").signature, summary(features, "电饭煲 3L 家用").signature) == "q.volume"


def test_record_attributes_veto_only_when_both_give_them(features):
    a = summary(features, "加湿器 静音", brand="美的", category="家电/加湿器", attributes={"容量": "3L"}).signature
    b = summary(features, "加湿器 静音", brand="美的", category="家电/加湿器", attributes={"容量": "3000ml"}).signature
    c = summary(features, "加湿器 静音", attributes={"容量": "5L"}).signature
    d = summary(features, "加湿器 静音").signature
    assert veto(a, b) is None  # 3L = 3000ml
    assert veto(a, c) == "a.容量"
    assert veto(a, d) is None  # the other gives nothing to compare
    other_brand = summary(features, "加湿器 静音", brand="格力").signature
    assert veto(a, other_brand) == "b"
    assert veto(a, summary(features, "加湿器 静音", brand="美的/Midea").signature) is None  # one contains the other
    assert veto(a, summary(features, "加湿器 静音", category="家电/除湿机").signature) == "k"
    # Attributes that are not key attributes are not compared.
    assert veto(summary(features, "T恤", attributes={"风格": "休闲"}).signature,
                summary(features, "T恤", attributes={"风格": "运动"}).signature) is None


def test_one_character_colours_only_stand_alone(features):
    assert "col" not in summary(features, "福鼎白茶 250g").signature
    assert "col" not in summary(features, "黑芝麻丸 礼盒").signature
    assert "col" not in summary(features, "红米K70 手机壳").signature
    assert "col=白" in summary(features, "哑铃 白").signature
    assert "col=白" in summary(features, "哑铃 白色款").signature


def test_units_read_in_context(features):
    # 米 before 白色 is a colour, not metres; Chinese units take no space before them.
    assert "q.length" not in summary(features, "耳机 Pro3米白色").signature
    assert "q.length" not in summary(features, "耳机 3 米白色").signature
    assert "q.length=3000" in summary(features, "数据线 3米").signature
    assert "q.volume=3000" in summary(features, "电饭煲 3 L").signature
    assert "q.storage=5" in summary(features, "5gb").signature  # gb, not g
    # A range does not start inside a code: A5-20支 is A5 and 20 sticks.
    signature = summary(features, "笔记本 A5-20支").signature
    assert "c=a5" in signature and "q.sticks=20" in signature


def test_variants_are_removed_from_the_body(features):
    assert summary(features, "三只松鼠 夏威夷果 原味 1kg").body == "三只松鼠夏威夷果"
    assert summary(features, "GXG 黑色 2XL 卫衣").body == "gxg卫衣"  # the brand and the size stay apart


def test_titles_of_nothing_but_hot_words_have_no_summary(features):
    assert features.summarize("新款 包邮 爆款") is None
    assert features.summarize("") is None
    assert features.summarize("256GB 黑色") is not None  # only variants: still comparable


@pytest.mark.parametrize("a,b", [("茶叶 半斤装", "茶叶 250g"), ("红枣 一百克", "红枣 100g"), ("大米 两百克", "大米 200g")])
def test_chinese_amounts_read_as_the_quantity_detector_reads_them(features, a, b):
    first, second = summary(features, a), summary(features, b)
    assert title_part(first.signature) == title_part(second.signature)
    assert veto(first.signature, second.signature) is None


def test_substitution_counts_swapped_wording_only():
    assert substitution("李宁跑步鞋轻便", "李宁跑步鞋轻便透气") == 0  # added on one side
    assert substitution("皇家猫粮", "皇家狗粮") == 1
    assert substitution("珀莱雅红宝石精华", "珀莱雅双抗精华") == 2


def test_compared_text_adds_the_variants():
    assert compared_text("皇家猫粮", "q.mass=2000#b=皇家") == "皇家猫粮\x02q.mass=2000"
    assert compared_text("皇家猫粮", "#b=皇家") == "皇家猫粮"


def test_taiwan_wording_is_read_as_mainland_wording(features):
    assert summary(features, "羅技 無線滑鼠").body == summary(features, "罗技 无线鼠标").body
    assert summary(features, "閃迪 隨身碟 高速").body == summary(features, "闪迪 U盘 高速").body
    assert summary(features, "手機殼 液態矽膠").body == summary(features, "手机壳 液态硅胶").body
    # Everyday mainland words are left alone (文件 is no Taiwan word for 文档).
    assert summary(features, "得力 文件夹 加厚").body == "得力文件夹加厚"


def test_taiwan_wording_is_read_by_a_pattern_compiled_when_first_needed():
    fresh = Features(Lexicon())
    assert summary(fresh, "罗技 无线鼠标").body == "罗技无线鼠标"
    assert "_regional" not in vars(fresh)  # no Taiwan wording yet: not compiled
    assert summary(fresh, "羅技 無線滑鼠").body == "罗技无线鼠标"


def test_hostile_text_is_fast_and_safe(features):
    rng = random.Random(5)
    alphabet = "的一是3L黑色新款包邮ａｂc１２.-/ 🔥\u200b\x00" + "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(200))
    title = "".join(rng.choice(alphabet) for _ in range(200_000)) + "1" * 50_000 + "a1" * 20_000
    started = time.perf_counter()
    features.summarize(title, brand=title[:1000], category=title[:1000], attributes={"颜色": title[:5000]})
    assert time.perf_counter() - started < 10


def test_the_record_is_encoded_as_sets_of_one_value_are(tmp_path):
    # The record part is built in encode's order instead of as a dict that is sorted: it must be what encode makes of
    # that dict, for any brand, category and key attributes, also two names of one class (净含量, 净-含量).
    from listing_lint.duplicates.features import _NOISE, _skeleton_of, encode

    extra = tmp_path / "key_attributes.tsv"
    extra.write_text("name\tsource\n净-含量\ttest\nA牌\ttest\n", encoding="utf-8")
    features = Features(Lexicon({"duplicates/key_attributes": [extra]}))
    names = ["颜色", "型号", "净含量", "净-含量", "容量", "A牌", "材质", "口味", "尺码"]
    values = ["", "黑色", "3L", "500g", "Pro Max", "x100", "原味", "|#", "曜石黑 256GB", "均码"]
    rng = random.Random(3)
    for _ in range(2000):
        brand, category = rng.choice(["", "小米", "美的 Midea", "#"]), rng.choice(["", "数码/手机", "家电/加湿器"])
        attributes = {rng.choice(names): rng.choice(values) for _ in range(rng.randint(0, 5))}
        record = {}
        if _skeleton_of(brand):
            record["b"] = _skeleton_of(brand)
        if _skeleton_of(category):
            record["k"] = _skeleton_of(category)
        for name, raw in attributes.items():
            if name in features._key_attributes and raw and features._value_text(raw):
                record[f"a.{_NOISE.sub('', name)}"] = features._value_text(raw)
        signature = summary(features, "保温杯", brand=brand, category=category, attributes=attributes).signature
        assert signature.partition("#")[2] == encode({cls: {value} for cls, value in record.items()}), attributes
    assert encode({}) == ""


def _without_precheck(features, monkeypatch):
    """``features`` with every word list taken to occur in every title: every alternation runs."""
    monkeypatch.setattr(features._lists_in_title, "present", lambda value: 0b1111)


def test_alternations_skipped_where_no_word_occurs_change_nothing(features, monkeypatch):
    # Hot words and a year before them, Latin hot words in and out of runs, one-character colours beside Han
    # characters or alone, amounts that leave a GAP next to a colour, Taiwan wording, nothing at all.
    titles = ["2024新款 保温杯 500ml", "x618 保温杯", "618 保温杯 黑", "纯棉ins风1.2m床 白", "黑芝麻糊 2024年新品",
              "iPhone 15 Pro Max 手机壳 曜石黑", "500g黑 原味", "3L白色电饭煲", "隨身碟 128G 矽膠", "滑鼠 黑",
              "普通标题", "1kg", "男款跑步鞋", "黑", "年货 2024年", "夏威夷果 2斤装 盐焗味", ""]
    rng = random.Random(11)
    pieces = [t for title in titles for t in title.split()] + ["2024", "年", " ", "色", "款", "x", "1"]
    titles += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    prechecked = [features.summarize(title) for title in titles]
    _without_precheck(features, monkeypatch)
    assert prechecked == [features.summarize(title) for title in titles]


def test_taiwan_wording_can_bring_in_hot_words_and_variants(tmp_path, monkeypatch):
    regional = tmp_path / "regional.tsv"
    regional.write_text("word\tmainland\n测试甲\t新款\n测试乙\t黑色\n", encoding="utf-8")
    features = Features(Lexicon({"duplicates/regional_words": [regional]}))
    assert features.summarize("保温杯 测试甲") == features.summarize("保温杯")
    assert features.summarize("保温杯 测试乙") == features.summarize("保温杯 黑色")
    assert "col=" in features.summarize("保温杯 测试乙").signature


def test_amounts_look_behind_from_the_first_digit_as_before_it(features):
    # The quantity pattern checks what precedes a number from its first digit; it must find exactly what the plain
    # look-behind before the number finds: at a title's start, after letters, digits, dots and ranges.

    units = features._quantity.pattern[features._quantity.pattern.index(r"(\s?)"):]
    number = r"[0-9]+(?:\.[0-9]+)?"
    plain = re.compile(rf"(?:(?<![0-9a-z.])({number})\s*[-~～至到]\s*({number})|(?<![0-9.])({number})){units}")
    rng = random.Random(5)
    texts = ["3l", "a5-20支", "x3-5l", ".5kg", "1.5-2kg", "3.3.5g", "2 - 6人", "5 3l", "v2.5l 12寸", "米3-5米"]
    texts += ["".join(rng.choice("0123456789.a-~ l米g支") for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        assert ([m.groups() + (m.span(),) for m in features._quantity.finditer(text)]
                == [m.groups() + (m.span(),) for m in plain.finditer(text)]), text
    assert "q.volume=5000" in summary(features, "x3-5l 水壶").signature
    assert "q.mass=1500-2000" in summary(features, "大米 1.5-2kg").signature


def test_the_attribute_value_cache_is_bounded(monkeypatch):
    from listing_lint.duplicates import features as module

    features = Features(Lexicon())
    monkeypatch.setattr(module, "_VALUE_CACHE_SIZE", 3)
    values = [f"{n}ml" for n in range(10)] * 2 + ["曜石黑", "500g", "曜石黑"]
    summaries = [features.summarize("保温杯", attributes={"容量": value}) for value in values]
    assert len(features._value_cache) <= 4
    fresh = Features(Lexicon())
    assert summaries == [fresh.summarize("保温杯", attributes={"容量": value}) for value in values]
    assert summaries[0] != summaries[1] and summaries[0] == summaries[10]


def test_latin_runs_read_once_give_what_they_give_when_read_anew(monkeypatch):
    # Each distinct run's variants are made once and kept (bounded): a title must get what it gets from runs read
    # anew, whether its runs were seen before, are codes, model words, years, wording or a cleared cache's.
    from listing_lint.duplicates import features as module

    monkeypatch.setattr(module, "_VALUE_CACHE_SIZE", 5)
    features = Features(Lexicon())
    pieces = ["iphone", "15", "pro", "max", "promax", "2024", "x100", "type", "c", "xl", "gxg", "a5", "mate", "60",
              "air3", "ins", "618", "1.5", "v2", " ", "-", "手机壳", "黑色", "男"]
    rng = random.Random(9)
    titles = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 7))) for _ in range(3000)]
    kept = [features.summarize(title) for title in titles]
    assert len(features._run_cache) <= 6
    anew = []
    for title in titles:
        features._run_cache.clear()
        anew.append(features.summarize(title))
    assert kept == anew
    assert "c=x100" in summary(features, "相机 x100").signature and "m=max,pro" in summary(features, "promax").signature


def test_hot_words_become_gaps_and_taiwan_wording_mainland_wording():
    features = Features(Lexicon())
    # 新款 and ins风 are hot words (the year before a gap goes with it), 滑鼠 is Taiwan wording for 鼠标.
    assert features._strip_hot("2024新款 滑鼠 ins风") == f"{GAP} 鼠标 {GAP}"
    assert features._strip_hot("保温杯") == "保温杯"


def test_a_long_brand_or_category_is_read_once_and_no_listing_text_is_kept(features):
    # Only short fields share one Text across listings: the cache of brands and paths is keyed on their strings.
    from listing_lint.duplicates.features import _without_noise
    from listing_lint.listing import Listing

    _without_noise.cache_clear()
    category = "家居日用/收纳整理/收纳盒收纳箱/桌面收纳盒抽屉式"
    for i in range(50):
        features.summarize_listing(Listing({"id": str(i), "title": f"收纳盒 款{i}", "category": category}))
    assert _without_noise.cache_info().hits >= 49


def test_a_listing_s_summary_reads_its_normalized_fields_without_normalizing_again(features, monkeypatch):
    from listing_lint.duplicates import features as features_module
    from listing_lint.listing import Listing

    record = {"id": "1", "title": "蘇泊爾 電飯煲 3L", "brand": "蘇泊爾", "category": "廚房電器/電飯煲"}
    listing = Listing(record)
    for field in ("title", "brand", "category"):
        listing.text(field)  # as the rules have by the time the duplicate rule collects
    calls = []
    monkeypatch.setattr(features_module, "normalize", lambda value, **kw: calls.append(value))
    summary = features.summarize_listing(listing)
    assert calls == []
    monkeypatch.undo()
    assert summary == features.summarize(record["title"], brand=record["brand"], category=record["category"])


def test_veto_on_bare_signatures():
    # Title parts and records, either side empty; the same record cut from different signatures.
    assert veto("#", "#") is None and veto("", "#") is None
    assert veto("m=pro#", "#") == "m" and veto("#", "c=15#") == "c"
    assert veto("#b=小米", "#") is None and veto("#b=小米", "#b=小米xiaomi") is None
    assert veto("#b=小米|k=手机", "#b=华为|k=手机") == "b" and veto("#a.颜色=col:白|k=手机", "#a.颜色=col:黑|k=手机") == "a.颜色"
    assert veto("m=pro#k=手机", "m=pro#k=平板") == "k" and veto("m=pro#k=手机", "m=pro#b=x") is None


def test_amounts_are_read_in_the_units_duplicate_matching_reads(features, tmp_path):
    # units.tsv serves the structure rules too: 吨 and 平米 are theirs alone, 20寸 is duplicate matching's alone.
    assert "q." not in summary(features, "钢材 5吨 地板 3平米").signature
    assert "q.inch=20" in summary(features, "行李箱 20寸").signature
    assert "q.packs=12" in summary(features, "抽纸 12包").signature
    # A user's row with a duplicates kind is read too (with Chinese numerals when it says so).
    extra = tmp_path / "units.tsv"
    extra.write_text("alias\tunit\tdimension\tfactor\tcompare\tambiguous\tduplicates\tchinese_numerals\tnot_before\t"
                     "source\n盏\t\t\t1\t\t\tlamps\tyes\t\tmy shop\n", encoding="utf-8")
    extended = Features(Lexicon({"units": [extra]}))
    assert "q.lamps=2" in summary(extended, "台灯 两盏").signature
    assert "q." not in summary(features, "台灯 两盏").signature
