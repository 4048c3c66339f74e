"""Records of another person (listing_lint.detectors.personal_data): a named person with their data."""

from __future__ import annotations

import pytest

from listing_lint.detectors.personal_data import ADDRESS, PersonalRecords
from listing_lint.lexicon import Lexicon
from listing_lint.normalize import normalize


@pytest.fixture(scope="module")
def records() -> PersonalRecords:
    lexicon = Lexicon()
    return PersonalRecords(lexicon.table("personal_terms"), (r["surname"] for r in lexicon.table("surnames")),
                           ["电话", "手机", "手机号"], window=40)


def _names(records, original):
    text = normalize(original)
    return [text.original_text(a, b) for a, b in records.names(text.value, limit=100)]


def test_person_words_followed_by_names(records):
    assert _names(records, "买家张三 13812345678") == ["买家张三"]
    assert _names(records, "收货人：欧阳娜娜，电话") == ["收货人：欧阳娜娜"]
    assert _names(records, "顾客王女士") == ["顾客王女士"]
    assert _names(records, "客户李四电话138") == ["客户李四"]


@pytest.mark.parametrize("original", ["买家张** 138****5678", "买家张某 已签收", "客户满意度 99%", "消费者权益保护",
                                      "欢迎新老客户 王经理", "买家秀 好评如潮", "买家须知"])
def test_not_names(records, original):
    assert _names(records, original) == []


def _records(records, original, data=()):
    text = normalize(original)
    spans = []
    for needle in data:  # ASCII digits: the same in the normalized text
        i = text.value.index(needle)
        spans.append((i, i + len(needle)))
    return [(r.kind, text.original_text(r.start, r.end)) for r in records.find(text.value, spans)]


def test_a_name_with_an_address_or_a_number_is_a_record(records):
    assert _records(records, "收件人 赵六 广东省深圳市南山区科技园路1号 已签收") == [
        ("buyer", "收件人 赵六 广东省深圳市南山区科技园路1号")]
    assert _records(records, "买家张三 13812345678 好评", ["13812345678"]) == [("buyer", "买家张三 13812345678")]
    assert _records(records, "买家张三 好评") == []


def test_a_shipping_label_without_a_person_word(records):
    text = "张三，13812345678，北京市朝阳区建国路88号"
    assert _records(records, text, ["13812345678"]) == [("buyer", text)]
    # The merchant's own contact: a job title, not a name.
    assert _records(records, "王经理 13812345678 广州市白云区机场路88号", ["13812345678"]) == []


def test_order_details_of_a_named_customer(records):
    assert _records(records, "订单号 4923812345678 张三 已发货") == [("order", "订单号 4923812345678 张三")]
    assert _records(records, "订单编号：202405011234 收货人王五") == [("order", "订单编号：202405011234 收货人王五")]
    assert _records(records, "订单号 4923812345678 已发货") == []
    assert _records(records, "订单满99元包邮") == []


def test_addresses():
    assert ADDRESS.search("北京市朝阳区建国路88号").group() == "北京市朝阳区建国路88号"
    assert ADDRESS.search("上海市浦东新区世纪大道100号").group() == "上海市浦东新区世纪大道100号"
    assert ADDRESS.search("产地：浙江省杭州市") is None
