"""What the listing-structure rules share (listing_lint/rules/_structure.py): dictionaries compiled once, and the facts
of a listing computed once, on first use, however many of the seven rules check it."""

import pytest

from listing_lint import Config, Linter, Listing
from listing_lint.detectors.categories import CategoryModel
from listing_lint.lexicon import Lexicon
from listing_lint.rules._structure import Facts, facts, structure_data
from listing_lint.rules.sku_price_bait import _Offer

STRUCTURE = ("missing-info", "category-mismatch", "inconsistent-info", "freight-abnormal", "sku-price-bait",
             "unit-splitting", "identity-change")
DATA = structure_data(Lexicon())


def _listing(**fields):
    record = {"id": "s1", "title": "伊芙丽 法式碎花连衣裙 收腰显瘦", "detail": "面料柔软亲肤", "category": "女装/连衣裙",
              "brand": "伊芙丽", "price": 199, "freight": 0, "images": ["a.jpg"],
              "attributes": {"品牌": "伊芙丽", "面料": "雪纺"},
              "skus": [{"name": "S码", "price": 199}, {"name": "M码", "price": 199}]}
    return Listing({**record, **fields})


def test_facts_are_computed_once_per_listing_and_kept_on_it():
    listing = _listing()
    known = facts(DATA, listing)
    assert facts(DATA, listing) is known and known in listing.shared.values()
    assert facts(DATA, _listing()) is not known


def test_the_title_is_parsed_once_whatever_number_of_rules_check_it(monkeypatch):
    listing = _listing(title="轮滑鞋成人溜冰鞋 直排轮", category="手机/手机壳")
    title = listing.text("title").value
    parsed = []
    terms = CategoryModel.terms

    def counting(model, value):
        parsed.append(value)
        return terms(model, value)

    monkeypatch.setattr(CategoryModel, "terms", counting)
    findings = Linter(Config(select=STRUCTURE)).lint(listing.record)
    assert "category-mismatch" in {f.rule for f in findings}
    assert parsed.count(title) == 1


def test_facts_are_computed_only_when_a_rule_needs_them():
    listing = _listing()
    rules = Linter(Config(select=("freight-abnormal", "missing-info"))).rules
    for rule in rules:
        list(rule.check(listing))
    (known,) = listing.shared.values()
    assert known is facts(rules[0]._data, listing)
    # A modest freight and a path that names the category: the title's product nouns were never needed.
    assert "title_terms" not in vars(known) and "price" in vars(known)


def test_attributes_by_group_keep_the_listings_order():
    listing = _listing(attributes={"颜色": "白", "面料": "雪纺", "品牌": "伊芙丽", "材质": "", "里料": "涤纶"})
    assert DATA.attributes_of(listing, "材质") == [("面料", "雪纺"), ("里料", "涤纶")]
    assert DATA.attributes_of(listing, "品牌") == [("品牌", "伊芙丽")]
    assert DATA.attributes_of(_listing(attributes={}), "材质") == ()


def test_the_previous_version_keeps_no_facts():
    old = Listing({"id": "s1", "title": "Apple iPhone 14 128G", "category": "手机/手机", "brand": "Apple"})
    linter = Linter(Config(select=("identity-change",)), context={"previous": {"s1": old}})
    findings = linter.lint({"id": "s1", "title": "Apple iPhone 15 Pro 256G", "category": "手机/手机", "brand": "Apple"})
    assert [f.field for f in findings] == ["title"]
    assert not old.shared  # the previous catalog stays in memory for the whole run


def test_missing_attribute_names_are_the_same_in_every_run():
    findings = Linter(Config(select=("missing-info",))).lint(_listing(attributes={"颜色": "白色"}).record)
    assert any("(材质/面料/成分)" in f.message for f in findings), [f.message for f in findings]


@pytest.mark.parametrize("prices", [[5, 9, 9, 1], [9, 9], [1, 2, 3], [3, 2, 1], [7, 7, 7]])
def test_the_dearest_other_sku_is_the_first_of_the_highest_price(prices):
    listing = _listing(skus=[{"name": f"款{i}", "price": p} for i, p in enumerate(prices)])
    rule = Linter(Config(select=("sku-price-bait",))).rules[0]
    priced = list(enumerate(listing.skus))
    offer = _Offer(rule, listing, priced, Facts(DATA, listing))
    for i, _ in priced:
        others = [pair for pair in priced if pair[0] != i]
        assert offer.top_of_others(i) == max(others, key=lambda pair: pair[1].price)


def test_splitting_units_are_looked_for_when_only_the_title_names_such_goods():
    food, rice = frozenset({"食品饮料"}), DATA.categories.norms["粮油"]
    assert DATA.names_splitting_goods("东北大米", food) and DATA.names_splitting_goods("东北大米", None)
    assert not DATA.names_splitting_goods("小米", food)  # 小米 is a brand as often as millet: never evidence
    assert not DATA.names_splitting_goods("东北大米", frozenset({"家纺"}))  # goods of another category
    assert not DATA.names_splitting_goods("东北大米", food, besides=rice)  # the path's own goods
    assert DATA.names_splitting_goods("东北大米 花生油", food, besides=rice)
    record = {"id": "u1", "title": "东北大米 1克", "category": "食品饮料", "price": 0.01, "images": ["a"], "detail": "新米",
              "skus": [{"name": "1克", "price": 0.01}, {"name": "5kg", "price": 39}]}
    findings = Linter(Config(select=("unit-splitting",))).lint(record)
    assert {(f.field, f.text) for f in findings} == {("title", "1克"), ("skus[0].name", "1克")}


@pytest.mark.parametrize("title,flagged,looked_up", [
    ("东北大米 5kg", False, False),  # the path's own goods: its norm alone, the title's nouns not looked up
    ("花生油 5L", True, True),  # 食用油, sold by the 毫升 too, fits the path's 食品饮料: its splitting units count
    ("东北大米 花生油", True, True),
    ("", False, False),
])
def test_the_title_nouns_are_looked_up_only_when_they_may_add_other_goods_sold_in_splittable_units(
        title, flagged, looked_up):
    record = {"title": title, "category": "食品饮料/粮油",
              "skus": [{"name": "1毫升", "price": 0.01}, {"name": "5L", "price": 59}]}
    found, known = _checked("unit-splitting", record)
    assert (("skus[0].name", "1毫升") in found) is flagged
    assert ("title_terms" in vars(known)) is looked_up


def test_the_words_that_price_or_sell_by_a_splitting_unit_are_read_from_structure_terms(tmp_path):
    table = tmp_path / "structure_terms.tsv"
    table.write_text("term\tkind\tstrength\tsource\n计量\tsell_by_verb\t\ttest\n", encoding="utf-8")
    record = {"id": "u2", "title": "遮光窗帘 按厘米计量", "category": "家纺/窗帘布艺/窗帘"}
    assert Linter(Config(select=("unit-splitting",))).lint(record) == []
    linter = Linter(Config(select=("unit-splitting",), dictionaries={"structure_terms": (str(table),)}))
    assert [f.text for f in linter.lint(record)] == ["按厘米计量"]


def test_every_noun_of_goods_sold_in_splittable_units_is_found_as_a_title_names_it():
    from listing_lint.rules._structure import splittable

    model = DATA.categories
    for word in model.evidence_words(splittable):
        term = model.terms(word)[0]
        assert (term.term, term.start) == (word, 0)
        if not term.weak and splittable(term.norms[0]):
            assert DATA.names_splitting_goods(word, term.compatible)


def test_freight_wording_on_virtual_goods_is_deleted_with_its_brackets():
    linter = Linter(Config(select=("freight-abnormal",)))
    title = "广东移动100元话费充值【需要5元运费】秒到账"
    [finding] = linter.lint({"id": "v1", "title": title, "virtual": True, "freight": 0, "price": 100})
    assert finding.text == "需要5元运费"
    assert finding.suggestion == "广东移动100元话费充值秒到账"
    assert finding.fix.apply(title) == finding.suggestion


@pytest.mark.parametrize("a,b,same", [
    ("南极人", "南极人旗舰店", True),  # a fuller name of the same maker
    ("飞天茅台", "贵州茅台", True),  # a sub-brand: both are aliases of 茅台 in brands.tsv
    ("Nkie", "Nike", True),  # one letter away
    ("Apple/苹果", "苹果", True),
    ("无品牌", "华为", True),  # an empty brand names none
    ("华为", "小米", False),
    ("安踏", "李宁", False),
    ("南极人", "北极人", False),  # names that end alike are different makers
    ("百草味", "三草味", False),
    ("青岛啤酒", "雪花啤酒", False),  # two known brands sharing 啤酒
    ("水星家纺", "火星家纺", False),  # one Chinese character changed: another name, not a typo
])
def test_identity_change_and_inconsistent_info_agree_on_what_one_brand_is(a, b, same):
    assert DATA.same_brand(a, b, 80, 4) is same
    assert DATA.same_brand_by_names(a, b, 80, 4) is same
    previous = {"s1": Listing({"id": "s1", "title": "运动鞋", "brand": a})}
    changed = Linter(Config(select=("identity-change",)), context={"previous": previous}).lint(
        {"id": "s1", "title": "运动鞋", "brand": b})
    inconsistent = Linter(Config(select=("inconsistent-info",))).lint(
        {"id": "s1", "title": "运动鞋", "brand": a, "attributes": {"品牌": b}})
    assert (not changed) is same and (not inconsistent) is same


def test_a_brand_after_a_compatibility_word_is_not_the_titles_own():
    title = Listing({"id": "t", "title": "适用于华为 Mate60 钢化膜 小米同款"}).text("title")
    assert [brand for brand, *_ in DATA.title_brands(title)] == []
    assert [brand for brand, *_ in DATA.title_brands(Listing({"id": "t", "title": "华为 Mate60 手机"}).text("title"))] == ["华为"]


@pytest.mark.parametrize("old,new,flagged", [
    ("Redmi Note13 手机", "Redmi Note13 Turbo 手机", "Note13 Turbo"),  # a model word of the duplicate tables
    ("三星 Galaxy Z Flip5", "三星 Galaxy Z Flip5 FE", "Flip5 FE"),
    ("小米 K70pro", "小米 K70", "K70"),
    ("iPhone 15 128GB", "iPhone 15 256GB", None),  # a storage size is no model
    ("显示器 X27 144hz", "显示器 X27 165hz", None),
])
def test_a_changed_model_in_the_title_is_another_product(old, new, flagged):
    previous = {"s": Listing({"id": "s", "title": old, "category": "手机/手机"})}
    linter = Linter(Config(select=("identity-change",)), context={"previous": previous})
    assert [f.text for f in linter.lint({"id": "s", "title": new, "category": "手机/手机"})] == (
        [flagged] if flagged else [])


def test_a_weak_bait_word_counts_by_the_configured_share_of_the_other_prices():
    record = {"id": "b1", "title": "纯棉T恤 男", "category": "服饰内衣/男装/T恤", "skus": [
        {"name": "白色 M", "price": 100}, {"name": "黑色 L", "price": 100}, {"name": "补差价", "price": 60}]}
    default = Linter(Config(select=("sku-price-bait",))).lint(record)
    generous = Linter(Config(select=("sku-price-bait",), rule_options={"sku-price-bait": {"weak_bait_share": 0.7}}))
    assert default == []
    assert [f.field for f in generous.lint(record)] == ["skus[2].name"]


def _checked(rule_id: str, record: dict) -> tuple[list[tuple[str, str]], Facts]:
    """What ``rule_id`` finds in ``record`` alone, and the facts it left on the listing."""
    rule = Linter(Config(select=(rule_id,))).rules[0]
    listing = Listing({"id": "c1", **record})
    found = [(hit.field, hit.text) for hit in rule.check(listing)]
    return found, facts(rule._data, listing)


@pytest.mark.parametrize("title,flagged", [
    ("轮滑鞋成人溜冰鞋 直排轮", True),
    ("轮滑鞋成人溜冰鞋 手机", False),  # 手机 names the path's 手机壳: the merchant's choice stands
])
def test_a_title_that_names_its_category_path_is_not_misplaced_and_its_nouns_are_not_looked_up(title, flagged):
    found, known = _checked("category-mismatch", {"title": title, "category": "手机/手机壳"})
    assert bool(found) is flagged
    assert ("title_terms" in vars(known)) is flagged


@pytest.mark.parametrize("title,brand,ambiguous", [
    ("李宁 运动鞋 男", "安踏", False),
    ("小米 手机 5G", "华为", True),  # 小米 is the brand only because 手机 is its kind of goods
])
def test_the_title_nouns_decide_only_whether_an_ambiguous_brand_word_is_a_brand(title, brand, ambiguous):
    found, known = _checked("inconsistent-info", {"title": title, "brand": brand, "category": "手机/手机"})
    assert found == [("title", title.split()[0])]
    assert ("title_terms" in vars(known)) is ambiguous


@pytest.mark.parametrize("title,names_goods", [
    ("限时特价 爆款 抢购中", False),
    ("特价包邮", False),
    ("限时特价 爆款 抢购中 T恤", True),  # 恤 is in no marketing word: found without looking for them
    ("价特", True),  # characters of marketing words (特价) that form none
    ("限时特价 iphone", True),  # a Latin word
])
def test_a_title_names_goods_when_something_is_left_once_marketing_words_are_gone(title, names_goods):
    found, _ = _checked("missing-info", {"title": title})
    assert (("title", title) not in found) is names_goods


def test_an_sku_of_other_goods_is_judged_by_its_own_listings_category_though_the_answer_is_cached():
    linter = Linter(Config(select=("sku-price-bait",)))
    skus = [{"name": "白色T恤 M", "price": 59}, {"name": "拖鞋", "price": 59}]
    found = [[(f.field, f.text) for f in linter.lint({"id": "o", "title": title, "category": category, "skus": skus})]
             for category, title in [("服饰内衣/女装/T恤", "纯棉T恤 女"), ("鞋靴/拖鞋", "居家拖鞋 女"),
                                     ("服饰内衣/女装/T恤", "纯棉T恤 女")]]
    assert found == [[], [("skus[0].name", "T恤")], []]


@pytest.mark.parametrize("names,bait,accessory,goods", [
    (["白色 M", "黑色 L"], False, False, False),
    (["白色 M", "客服专拍"], True, False, False),
    (["主机", "主机+刷头"], False, True, False),  # 主机 is a weak noun: it says no goods
    (["白色 勿", "拍 M"], False, False, False),  # 勿拍 split across two names is in neither
    (["手机", "壳 黑色"], False, False, True),
    (["草莓 M", "白色 拖鞋"], False, False, True),  # 拖鞋 names goods
    (["草莓 M", "玫瑰 香型"], False, False, False),  # a flavour, a scent (variant_name_categories)
])
def test_bait_accessory_and_goods_words_are_looked_for_in_each_sku_name(names, bait, accessory, goods):
    from listing_lint.rules.sku_price_bait import _ACCESSORY, _BAIT, _GOODS

    listing = _listing(skus=[{"name": name, "price": 10} for name in names])
    rule = Linter(Config(select=("sku-price-bait",))).rules[0]
    offer = _Offer(rule, listing, list(enumerate(listing.skus)), Facts(rule._data, listing))
    assert (bool(offer.held & _BAIT), bool(offer.held & _ACCESSORY), bool(offer.held & _GOODS)) == (bait, accessory, goods)
    assert offer.held == offer.flags[0] | offer.flags[1]


@pytest.mark.parametrize("skus,category,flagged,looked_up", [
    ([("白色 M", 59), ("白色T恤 M", 59)], "鞋靴/拖鞋", ["skus[1].name"], True),  # the name of other goods is checked
    ([("白色T恤 M", 59), ("白色 M", 59)], "鞋靴/拖鞋", ["skus[0].name"], True),  # wherever it comes
    ([("白色 M", 59), ("草莓 M", 59)], "鞋靴/拖鞋", [], False),  # a variant name is no other goods: nothing to check
    ([("白色 M", 59), ("黑色 L", 59)], "", [], False),  # no name names goods: the path-less title's nouns are not looked up
])
def test_other_goods_are_looked_for_only_in_sku_names_that_name_goods(skus, category, flagged, looked_up):
    record = {"title": "居家拖鞋 女", "category": category, "skus": [{"name": n, "price": p} for n, p in skus]}
    found, known = _checked("sku-price-bait", record)
    assert [field for field, _ in found] == flagged
    assert ("title_terms" in vars(known)) is looked_up


@pytest.mark.parametrize("skus,flagged", [
    (["250ml", "1L"], True),  # every SKU states a volume, none is the title's
    (["250ml", "500ml*2瓶"], False),  # a later SKU is the title's (per bottle)
    (["500ml", "250ml"], False),  # the first SKU settles it
    (["经典款", "250ml"], False),  # an SKU with no volume: the title may describe it
    (["250ml", "经典款"], False),  # … wherever it comes
    (["250ml", "3包"], False),  # a count is another kind of quantity
    ([None, None], False),  # no SKU names: nothing to compare
])
def test_a_title_quantity_is_inconsistent_only_when_every_sku_states_another(skus, flagged):
    record = {"title": "洗衣液 500ml", "category": "日用百货/洗衣液",
              "skus": [{"name": name, "price": 10} for name in skus]}
    found, _ = _checked("inconsistent-info", record)
    assert bool(found) is flagged


@pytest.mark.parametrize("title,flagged", [
    ("洗衣液 500ml", True),
    ("洗衣液 送500ml", False),  # a gift's quantity
    ("洗衣液 可装500ml", False),
    ("洗衣液 加 500ml", False),
    ("送货上门 洗衣液 500ml", True),  # 送 elsewhere in the title does not make the quantity a gift
])
def test_a_quantity_right_after_a_gift_or_fit_word_is_not_compared(title, flagged):
    record = {"title": title, "category": "日用百货/洗衣液", "attributes": {"净含量": "2L"}}
    found, _ = _checked("inconsistent-info", record)
    assert bool(found) is flagged


def test_quantities_of_an_sku_name_are_kept_by_kind_whatever_kind_a_listing_asks_for():
    # One rule checks the listings in turn, so the later ones find the SKU names' quantities in its cache, kept there
    # when the first listing asked for another kind (a volume).
    rule = Linter(Config(select=("inconsistent-info",))).rules[0]
    skus = [{"name": "500ml 3瓶", "price": 10}, {"name": "1L 2瓶", "price": 10}]
    found = [[(hit.field, hit.text) for hit in rule.check(Listing({"id": "q", "title": title, "skus": skus}))]
             for title in ("洗衣液 2L", "洗衣液 4瓶", "洗衣液 3瓶")]
    assert found == [[("title", "2L")], [("title", "4瓶")], []]


def test_the_quantities_kept_for_a_value_are_read_only_as_every_listing_with_it_shares_them():
    rule = Linter(Config(select=("inconsistent-info",))).rules[0]
    kept = rule._quantities_by_kind("500ml 3瓶")
    assert rule._quantities_by_kind("500ml 3瓶") is kept
    assert [(key, [q.unit for q in quantities]) for key, quantities in kept.items()] == [
        (("volume", ""), ["ml"]), (("count", "瓶"), ["瓶"])]
    with pytest.raises((TypeError, AttributeError)):
        kept.setdefault(("mass", ""), [])  # what a careless caller might do
    with pytest.raises(TypeError):
        kept[("volume", "")] = ()
    assert ("mass", "") not in rule._quantities_by_kind("500ml 3瓶")


@pytest.mark.parametrize("brand", ["伊芙丽", "", "无品牌", "Apple/苹果"])
def test_a_brand_cell_names_the_same_brand_as_itself(brand):
    # same_brand answers equal cells without parsing them: the comparison by names must agree.
    assert DATA.same_brand_by_names(brand, brand, 80.0, 4) is True


@pytest.mark.parametrize("title,brands", [
    ("华为 nova 手机壳 适用于苹果", [("华为", False)]),  # the brand after 适用于 is not the title's own
    ("apple 苹果 iphone 15", [("苹果", True), ("苹果", True), ("苹果", True)]),  # every written form: its brand
    ("纯棉T恤 女", []),
])
def test_the_brands_a_title_names_carry_their_canonical_name_and_ambiguity(title, brands):
    from listing_lint.normalize import normalize

    assert [(brand, ambiguous) for brand, _, _, ambiguous in DATA.title_brands(normalize(title))] == brands


@pytest.mark.parametrize("attributes,missing", [
    ({"面料": "雪纺"}, False),  # one of the group's own names
    ({"面料": "  "}, True),  # … left blank
    ({"面料": " ", "成分": "涤纶"}, False),  # another of its names has a value
    ({"外层面料": "雪纺"}, False),  # a name containing one of the group's
    ({"颜色": "纯棉白"}, False),  # a value naming a material under another name
    ({"颜色": "白色"}, True),
])
def test_a_required_group_is_filled_under_any_of_its_names(attributes, missing):
    found, _ = _checked("missing-info", {"title": "法式碎花连衣裙", "category": "女装/连衣裙", "attributes": attributes})
    assert (("attributes.材质", "") in found) is missing


def test_the_requirements_of_a_category_are_the_same_for_every_listing_of_it():
    rule = Linter(Config(select=("missing-info",))).rules[0]
    record = {"title": "法式碎花连衣裙", "attributes": {"颜色": "白色"}}
    first, again, family = ([f.message for f in rule.check(Listing({"id": "r", **record, "category": category}))]
                            for category in ("女装/连衣裙", "女装/连衣裙", "服饰内衣"))
    assert first == again and first and family and first != family


@pytest.mark.parametrize("a,b,rule_options,same", [
    ("Michael Kors", "Micheal Kros", {}, True),  # ratio 83 ≥ the default 80: one brand misspelt
    ("Michael Kors", "Micheal Kros", {"identity-change": {"same_brand_similarity": 90}}, False),
    ("Michael Kors", "Micheal Kros", {"inconsistent-info": {"same_brand_similarity": 90}}, True),  # not its option
    ("Nike", "Nkie", {}, True),  # ratio 75, but two letters swapped in names of 4 letters: a typo
    ("Nike", "Nkie", {"identity-change": {"typo_min_length": 5}}, False),  # names this short are other names now
    ("Nike", "Nkie", {"inconsistent-info": {"typo_min_length": 5}}, True),  # not inconsistent-info's option: ignored
])
def test_inconsistent_info_uses_identity_changes_brand_options(a, b, rule_options, same):
    # Michael Kors / Micheal Kros: two transposed letters (OSA distance 2), so only the similarity relates them.
    previous = {"s1": Listing({"id": "s1", "title": "手提包", "brand": a})}
    changed = Linter(Config(select=("identity-change",), rule_options=rule_options),
                     context={"previous": previous}).lint({"id": "s1", "title": "手提包", "brand": b})
    inconsistent = Linter(Config(select=("inconsistent-info",), rule_options=rule_options)).lint(
        {"id": "s1", "title": "手提包", "brand": a, "attributes": {"品牌": b}})
    assert (not changed) is same and (not inconsistent) is same


@pytest.mark.parametrize("rule_options,reported", [
    ({}, True),  # two other brands: below keyword-stuffing's min_brands (3), so a brand claim to compare
    ({"keyword-stuffing": {"min_brands": 2}}, False),  # now a string of brands: keyword-stuffing's
])
def test_inconsistent_info_leaves_keyword_stuffings_strings_of_brands_to_it(rule_options, reported):
    linter = Linter(Config(select=("inconsistent-info",), rule_options=rule_options))
    findings = linter.lint({"id": "s1", "title": "耐克 阿迪达斯 运动鞋 男", "brand": "李宁",
                            "category": "运动户外/运动鞋"})
    assert bool(findings) is reported
