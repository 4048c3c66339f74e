"""keyword-stuffing (LL103): spans, fixes, brands, and titles that are not stuffing."""

import time

from listing_lint import Config, Linter

LINTER = Linter(Config(select=("keyword-stuffing",)))
SEED = "轮滑鞋成人溜冰鞋休闲鞋旱冰鞋直排轮滑平滑鞋滑冰鞋黑莓单鞋 40"


def lint(**record):
    return LINTER.lint({"id": "1", **record})


def test_seed_example_keeps_the_category_keyword():
    (finding,) = lint(title=SEED, category="运动户外/轮滑鞋/成人轮滑鞋")
    assert SEED[finding.start:finding.end] == finding.text
    assert finding.text.startswith("溜冰鞋") and finding.text.endswith("单鞋")
    assert not finding.fix.safe
    fixed = finding.fix.apply(SEED)
    assert fixed.startswith("轮滑鞋成人") and "溜冰鞋" not in fixed and "旱冰鞋" not in fixed
    assert lint(title=fixed) == []


def test_repeated_keyword_collapses_safely_and_idempotently():
    title = "保温杯 保温杯 保温杯 保温杯 500ml"
    (finding,) = lint(title=title)
    assert finding.fix.safe
    fixed = finding.fix.apply(title)
    assert fixed == "保温杯 500ml"
    assert lint(title=fixed) == []


def test_brand_lists():
    (finding,) = lint(title="耐克阿迪新百伦同款运动鞋")
    assert finding.text == "耐克阿迪新百伦" and "同款" in finding.message
    assert finding.fix.apply("耐克阿迪新百伦同款运动鞋") == "运动鞋"
    assert lint(title="适用苹果华为小米OPPO vivo三星 手机壳") == []
    # The listing's own brand is not another brand.
    assert lint(title="耐克 Nike 阿迪 同款", brand="耐克") == []


def test_piles_of_exactly_the_needed_size():
    # Each pile is looked for only when a count of its words reaches the threshold: the count must not miss any.
    assert "6 个「床品」类商品名称" in lint(title="床单被套四件套被罩床笠枕套")[0].message
    assert "5 个营销热词" in lint(title="爆款热卖新款网红INS风外套")[0].message  # normalized: ins风
    assert "同义词堆砌 (3 个" in lint(title="卫生纸卷纸厕纸 抽纸")[0].message
    assert lint(title="床单被套四件套被罩床笠 纯棉") == lint(title="爆款热卖新款网红外套") == []


def test_brand_runs_of_exactly_the_needed_length():
    # Two brands are enough for an imitation claim: the cheap count before the matcher must let them through.
    (finding,) = lint(title="nike阿迪同款跑鞋")
    assert finding.text == "nike阿迪"
    assert lint(title="耐克阿迪新百伦运动鞋")[0].text == "耐克阿迪新百伦"
    assert lint(title="耐克运动鞋 阿迪同款") == []  # two brand names, but no run


def test_brand_patterns_of_a_users_table_are_matched(tmp_path):
    # A brand row may be a pattern (飞 鱼): plain names cannot bound its matches, so the matcher reads every title.
    table = tmp_path / "brand_nicknames.tsv"
    table.write_text("brand\taliases\tfamilies\tambiguous\tsource\tpattern\n飞鱼\t\t\t\ttest\t飞\\s*鱼\n",
                     encoding="utf-8")
    linter = Linter(Config(select=("keyword-stuffing",), dictionaries={"brand_nicknames": (str(table),)}))
    (finding,) = linter.lint({"id": "1", "title": "耐克飞 鱼同款跑鞋"})
    assert finding.text == "耐克飞 鱼"


def test_product_nouns_of_a_users_lexicon_are_normalized(tmp_path):
    # A word written twice is stuffing when it names a product: a user's noun in traditional characters (蝦餃) names
    # the normalized title's 虾饺.
    table = tmp_path / "foods.tsv"
    table.write_text("term\tcategory\tweight\tsource\n蝦餃\t食品\t\ttest\n", encoding="utf-8")
    title = "蝦餃虾饺 速冻早餐"
    assert lint(title=title) == []
    linter = Linter(Config(select=("keyword-stuffing",), dictionaries={"category_lexicon": (str(table),)}))
    (finding,) = linter.lint({"id": "1", "title": title})
    assert finding.text == "虾饺" and finding.fix.safe


def test_ordinary_titles_pass():
    for title in ["男士短袖T恤 纯棉 宽松 圆领 夏季 白色 XL", "保温杯 不锈钢保温杯", "蒸饭柜4盘6盘8盘12盘24盘"]:
        assert lint(title=title) == [], title


def test_only_titles_are_checked_and_hostile_input_is_safe():
    assert lint(title="纯棉T恤", detail=SEED) == []
    started = time.perf_counter()
    found = lint(title="鞋" * 50_000 + "耐克" * 20_000)
    assert time.perf_counter() - started < 10
    assert [f.field for f in found] == ["title"]
