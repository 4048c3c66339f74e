from listing_lint.detectors.quantities import Quantities, amount, chinese_number, count_amount, unit_table
from listing_lint.lexicon import Lexicon

Q = Quantities(unit_table(Lexicon().table("units")))


def found(text):
    return [(q.value, q.unit, q.total) for q in Q.find(text)]


def test_measures_convert_to_base_units():
    assert found("5kg") == [(5.0, "kg", 5000.0)]
    assert found("3l") == [(3.0, "l", 3000.0)]
    assert found("两斤") == [(2.0, "斤", 1000.0)]


def test_multipliers_and_following_counts():
    assert found("550ml*24瓶")[0] == (550.0, "ml", 13200.0)
    assert ("包", 24.0) in [(q.unit, q.total) for q in Q.find("100抽*24包")]
    assert found("2×500ml") == [(500.0, "ml", 1000.0)]


def test_words_that_are_not_quantities():
    assert found("统一包装 一件代发") == []
    assert found("3xl 加大码") == []
    assert found("iphone15") == []


def test_amounts():
    assert amount(Q.find("500g*2袋"), "mass") == 1000.0
    assert count_amount(Q.find("12卷×2提")) == ("卷", 24.0)


def test_chinese_numbers():
    written = ("一", "两", "十", "十二", "二十", "九十九", "半", "百", "一百", "两百", "一二", "天")
    assert [chinese_number(t) for t in written] == [1, 2, 10, 12, 20, 99, 0.5, 100, 100, 200, None, None]


def test_numbers_glued_to_a_word_point_or_number_are_not_quantities():
    assert found("a4纸 500g") == [(500.0, "g", 500.0)]  # a4 is a paper size
    assert found("12.5.3kg") == [] and found(".5kg") == []
    assert found("a两斤") == [] and found("十二斤") == [(12.0, "斤", 6000.0)]
    assert found("x5瓶") == [(5.0, "瓶", 5.0)]  # x is a multiplication sign
    assert found("2024年新款5斤") == [(5.0, "斤", 2500.0)]


def test_units_only_duplicate_matching_reads_are_no_quantities():
    # units.tsv rows without a dimension (寸, 层) are read by duplicate matching alone.
    assert found("20寸行李箱 3层") == []
    assert unit_table([{"alias": "盏", "unit": "", "dimension": "", "factor": "1", "duplicates": "lamps"}]) == {}
