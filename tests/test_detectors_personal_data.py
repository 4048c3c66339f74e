"""Records of another person (listing_lint.detectors.personal_data): a named person with their data."""

from __future__ import annotations

import pytest

import random

from listing_lint.detectors.personal_data import Addresses, PersonalRecords
from listing_lint.lexicon import Lexicon
from listing_lint.normalize import normalize


@pytest.fixture(scope="module")
def addresses() -> Addresses:
    return Addresses(Lexicon().table("address_words"))


@pytest.fixture(scope="module")
def records(addresses) -> PersonalRecords:
    lexicon = Lexicon()
    return PersonalRecords(lexicon.table("personal_terms"), addresses,
                           (r["surname"] for r in lexicon.table("surnames")), ["电话", "手机", "手机号"], window=40)


def _names(records, original):
    text = normalize(original)
    return [text.original_text(a, b) for a, b in records.names(text.value, limit=100)]


def test_person_words_followed_by_names(records):
    assert _names(records, "买家张三 13812345678") == ["买家张三"]
    assert _names(records, "收货人：欧阳娜娜，电话") == ["收货人：欧阳娜娜"]
    assert _names(records, "顾客王女士") == ["顾客王女士"]
    assert _names(records, "客户李四电话138") == ["客户李四"]
    assert _names(records, "买家：张美华女士家，上海市") == ["买家：张美华女士"]  # a full name with a title
    assert _names(records, "车主 宋宏伟，车牌") == ["车主 宋宏伟"]


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


def test_addresses(addresses):
    assert addresses.pattern.search("北京市朝阳区建国路88号").group() == "北京市朝阳区建国路88号"
    assert addresses.pattern.search("上海市浦东新区世纪大道100号").group() == "上海市浦东新区世纪大道100号"
    assert addresses.pattern.search("产地：浙江省杭州市") is None


@pytest.mark.parametrize("original,number,record", [
    # After a review, an example order, a delivery or winners' list, the name is someone else's.
    ("买家好评：裙子很显瘦，穿着凉快。—— 陈晓燕 13911112222", "13911112222", "陈晓燕 13911112222"),
    ("好评：“质量超好”（林小姐，13812345678）", "13812345678", "林小姐，13812345678"),
    ("真实评价 来自 王丽娟（手机 13912345678）：很顺滑", "13912345678", "王丽娟（手机 13912345678）"),
    ("订单示例：王芳 13612345678 已发货", "13612345678", "王芳 13612345678"),
    ("上海的王女士（手机 13812345678）回购了", "13812345678", "王女士（手机 13812345678）"),
    # No context word: the addressee of a parcel, or a record word closing the clause.
    ("北京市朝阳区建国路88号 王芳 收 13612345678", "13612345678", "王芳 收 13612345678"),
    ("周女士 13812345678 反馈说很好用", "13812345678", "周女士 13812345678"),
])
def test_a_name_on_its_own_is_someone_elses_in_a_record_context(records, original, number, record):
    assert _records(records, original, [number]) == [("buyer", record)]


@pytest.mark.parametrize("original,number", [
    ("联系人：张伟 13812345678", "13812345678"),
    ("店主 张伟 13812345678 欢迎来电", "13812345678"),
    ("欢迎新老客户 张伟 13812345678", "13812345678"),  # 新老客户 is the merchant's word, 客户 inside it
    ("买家好评如潮，订购请联系 李建国 13812345678", "13812345678"),  # the nearer word decides
    ("好评返现 王姐 13812345678", "13812345678"),
    ("退货地址：广州市白云区机场路88号 收件人：王五 13812345678", "13812345678"),
    ("有问题找 王芳 13512345678", "13512345678"),  # no context at all: the merchant's, as before
])
def test_the_merchants_own_contact_is_no_record(records, original, number):
    assert _records(records, original, [number]) == []


def test_a_name_before_an_address_needs_a_residence_word_or_a_title(records):
    assert _records(records, "评价来自 周敏，家住杭州市西湖区文三路259号") == [
        ("buyer", "周敏，家住杭州市西湖区文三路259号")]
    assert _records(records, "实拍来自 赵女士，上海市浦东新区世纪大道100号") == [
        ("buyer", "赵女士，上海市浦东新区世纪大道100号")]
    assert _records(records, "好评如潮 来自 原产地 石家庄市赵县梨园村 的雪花梨") == []
    assert _records(records, "实拍图，门店地址：广州市天河区体育西路100号") == []


def test_addresses_take_house_building_and_room_numbers(addresses):
    assert addresses.pattern.search("上海市浦东新区锦绣路2580弄12号801，卧室").group() == "上海市浦东新区锦绣路2580弄12号801"
    assert addresses.pattern.search("深圳市福田区香蜜湖路中海华庭5栋1602。").group() == "深圳市福田区香蜜湖路中海华庭5栋1602"
    assert addresses.pattern.search("杭州市西湖区文三路259号已签收3件").group() == "杭州市西湖区文三路259号"
    assert addresses.pattern.search("广州市白云区机场路88号5000mah").group() == "广州市白云区机场路88号"


def test_find_is_the_patterns_finditer(addresses):
    rng = random.Random(3)
    # 自治区: a place level of three characters (a name of 8 before it); '-': allowed between place and street.
    alphabet = "省市区县路街道号栋楼弄村小区大厦北京朝阳上海浦东新123456abc，。 -自治"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(5, 200))) for _ in range(3000)]
    texts += ["买家张三 北京市朝阳区建国路88号；李四 上海市浦东新区世纪大道100号", "北京市朝阳区-建国路88号",
              "一二三四五六七八自治区九十路88号"]
    for text in texts:
        assert addresses.find(text) == [m.span() for m in addresses.pattern.finditer(text)], text


@pytest.mark.parametrize("text,address", [
    ("苏州市姑苏区平江坊12号，", "苏州市姑苏区平江坊12号"),  # 坊: a street word of the user's
    ("阿拉善盟巴彦浩特路12号", "阿拉善盟巴彦浩特路12号"),  # 盟: a place level of the user's
    ("上海市徐汇区文定路8号甲楼", "上海市徐汇区文定路8号甲楼"),  # 甲楼: an estate word of the user's
])
def test_addresses_are_built_from_the_address_table(tmp_path, addresses, text, address):
    extra = tmp_path / "address_words.tsv"  # a user's extension of the table
    extra.write_text("word\tpart\tsource\n坊\tstreet\ttest\n盟\tplace\ttest\n甲楼\testate\ttest\n", encoding="utf-8")
    extended = Addresses(Lexicon({"address_words": [extra]}).table("address_words"))
    start = text.index(address)
    assert extended.pattern.search(text).group() == address
    assert extended.find(text) == [(start, start + len(address))]
    shipped = addresses.pattern.search(text)
    assert shipped is None or shipped.group() != address


def test_every_address_word_has_a_part_and_a_source():
    rows = Lexicon().table("address_words")
    assert {row["part"] for row in rows} == {"place", "street", "house", "estate", "store_mark"}
    assert all(row["word"] and row["source"] for row in rows), [row for row in rows if not row["source"]]


def test_mask_characters_come_from_the_table(tmp_path, addresses, records):
    # 〇 (a Han character) written for the hidden ones: a name only until the user's table says it masks.
    extra = tmp_path / "personal_terms.tsv"
    extra.write_text("term\tcategory\tsource\n〇\tmask\ttest\n", encoding="utf-8")
    lexicon = Lexicon({"personal_terms": [extra]})
    masking = PersonalRecords(lexicon.table("personal_terms"), addresses,
                              (r["surname"] for r in lexicon.table("surnames")), ["电话"], window=40)
    assert _names(records, "买家张〇〇 北京市朝阳区建国路88号") == ["买家张〇〇"]
    assert _names(masking, "买家张〇〇 北京市朝阳区建国路88号") == []
    assert _records(masking, "买家张〇〇 北京市朝阳区建国路88号") == []
