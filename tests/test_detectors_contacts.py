"""The contact scanner (listing_lint.detectors.contacts): what it finds, how it draws the boundary with
personal data, and that it stays fast and bounded on hostile text."""

from __future__ import annotations

import random
import re
import time
from typing import NamedTuple

import pytest

from listing_lint.detectors import contacts
from listing_lint.detectors.contacts import (CONTACT, MAX_MATCHES, PERSONAL, _where_any, disguised_terms_pattern,
                                            disguised_terms_start, scanner)
from listing_lint.lexicon import Lexicon, LexiconError
from listing_lint.normalize import normalize


@pytest.fixture(scope="module")
def scan():
    lexicon = Lexicon()
    shared = scanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))

    def run(original: str, html: bool = False):
        text = normalize(original, html=html)
        return [(f.family, f.kind, original[f.start:f.end]) for f in shared.scan(text)]

    return run


def test_the_trie_pattern_prefers_the_longest_term():
    pattern, order = disguised_terms_pattern(["微信", "微信号", "加", "加我"], {"微": ["威"], "信": ["❤"]})
    compiled = re.compile(pattern)
    found = [(m.group(), order[m.lastindex - 1]) for m in compiled.finditer("加我 威.❤号 微信")]
    assert found == [("加我", 3), ("威.❤号", 1), ("微信", 0)]


def test_each_form_of_a_first_character_is_tried_in_turn():
    # The forms of a first character share one subtree: when the longest form's rest fails, the next is tried.
    pattern, order = disguised_terms_pattern(["微信", "微"], {"微": ["wei", "w", "威"], "信": ["❤"]})
    found = [(m.group(), order[m.lastindex - 1]) for m in re.compile(pattern).finditer("wei.❤ w❤ wei 威 wex ❤ 威❤")]
    assert found == [("wei.❤", 0), ("w❤", 0), ("wei", 1), ("威", 1), ("威❤", 0)]


def test_every_match_starts_where_the_start_pattern_matches():
    terms, variants = ["微信", "微", "加我", "不走平台", "qq"], {"微": ["威", "wei"], "信": ["❤"], "加": ["+"]}
    pattern, _ = disguised_terms_pattern(terms, variants)
    compiled, start = re.compile(pattern), re.compile(disguised_terms_start(terms, variants))
    text = "不好 不.走 平台 不走平台 威 wei ❤ 微.❤ +我 加 我 +. 我 qq qq1 aqq 威x 不 走"
    matches = list(compiled.finditer(text))
    assert [m.group() for m in matches] == ["不.走 平台", "不走平台", "威", "wei ❤", "微.❤", "+我", "加 我", "+. 我",
                                            "qq", "qq", "威"]
    assert all(start.match(text, m.start()) for m in matches)
    assert [m.start() for m in start.finditer(text)].count(0) == 0  # 不好: no term goes on with 好


@pytest.mark.parametrize("most", [1, 3, 5])
def test_the_start_pattern_allows_the_noise_the_term_pattern_allows(monkeypatch, most):
    # Both patterns take the noise between characters from one place: widen (or narrow) it and they still agree.
    monkeypatch.setattr(contacts, "_GAP_MAX", most)
    monkeypatch.setattr(contacts, "_GAP", contacts._gap(0))
    terms, variants = ["微信", "加我"], {"微": ["威"], "加": ["+"]}
    compiled = re.compile(disguised_terms_pattern(terms, variants)[0])
    start = re.compile(disguised_terms_start(terms, variants))
    text = "微信 微.信 威..信 微...信 微....信 微.....信 +我 +..我 加....我"
    matches = list(compiled.finditer(text))
    assert [m.group() for m in matches] == [t for t in text.split() if len(t) - 2 <= most]
    assert all(start.match(text, m.start()) for m in matches)


@pytest.mark.parametrize("original", [
    "不好 不.走 平台 不走平台 电池 电话 138 手 机 手机号码 加加微 微信 加我微信 V领 加V领取 wei xin wx12 +嘉：qw_1",
    "扫一扫 扫 码 扫码加好友 实体店地址：广州市 不在平台 不要在平台交易 私聊 私聊我下单 支付宝转账 ➕V ✓ ✔V 🐧 🛰",
    "", "加", "不", "不走", "微" * 600, "不走" * 300,
])
def test_cues_are_tried_only_where_one_can_start_and_found_as_by_finditer(original):
    lexicon = Lexicon()
    shared = scanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))
    value = normalize(original).value
    everywhere = list(shared._cue_pattern.finditer(value))[:MAX_MATCHES]
    assert [(m.span(), m.lastindex) for m in shared._cue_matches(value)] == [(m.span(), m.lastindex) for m in everywhere]


@pytest.mark.parametrize("original,kind,text", [
    ("不好，不要急 微.信號是為: msc496", "wechat", "微.信號是為: msc496"),
    ("实在不错 电池耐用 WEI XIN: msc496", "wechat", "WEI XIN: msc496"),
    ("线下 小号 支持 收藏 +嘉：qw_rice2024", "wechat", "+嘉：qw_rice2024"),
    ("不 走 平台", "steer", "不 走 平台"),
])
def test_cues_after_first_characters_that_start_none(scan, original, kind, text):
    assert (CONTACT, kind, text) in scan(original)


@pytest.mark.parametrize("original,kind,text", [
    ("微.信號是為: msc496", "wechat", "微.信號是為: msc496"),
    ("加V❤: msc496 私聊", "wechat", "加V❤: msc496"),
    ("➕V 13812345678", "wechat", "➕V 13812345678"),
    ("🐧：12345678", "qq", "🐧：12345678"),
    ("扣 扣 87654321", "qq", "扣 扣 87654321"),
    ("电话 1 3 8-1234 5678", "phone", "电话 1 3 8-1234 5678"),
    ("一三八一二三四五六七八", "phone", "一三八一二三四五六七八"),
    ("(010)8765 4321", "phone", "(010)8765 4321"),
    ("http://www.dianpujie.com/shop/4939.html", "url", "http://www.dianpujie.com/shop/4939.html"),
    ("店铺街(www.dianpujie.com)分享", "domain", "www.dianpujie.com"),
    ("t.cn/A6abcd", "short_link", "t.cn/A6abcd"),
    ("kefu(at)qq.com", "email", "kefu(at)qq.com"),
    ("扫描二维码推送至手机访问", "qr", "扫描二维码"),
    ("请扫描图片中的二维码", "qr", "扫描图片中的二维码"),
    ("实体店地址：广州市白云区机场路88号。", "store", "实体店地址：广州市白云区机场路88号"),
    ("支付宝转账", "payment", "支付宝转账"),
    ("转账到 6222 0212 3456 7890 128", "payment", "转账到 6222 0212 3456 7890 128"),
    ("加我微信给你讲", "steer", "加我微信"),
    ("可以加幕.思.城火星老师免费咨询", "split_name", "幕.思.城"),
    # An add word with an account after a colon, no channel word.
    ("团购+嘉：qw_rice2024 另有优惠", "wechat", "+嘉：qw_rice2024"),
    ("加：hx_tea2024 备注来意", "wechat", "加：hx_tea2024"),
    ("添加：12345678", "qq", "添加：12345678"),
    ("添加号码号码号码号码号码：abc_123", "wechat", "添加号码号码号码号码号码：abc_123"),  # a colon far past 号码 words
])
def test_contacts(scan, original, kind, text):
    assert (CONTACT, kind, text) in scan(original)


@pytest.mark.parametrize("original,kind,text", [
    *((f"店铺: shop{dot}xyz 欢迎", "domain", f"shop{dot}xyz")
      for dot in (".", "。", "·", "点", "(.)", "[.]", "(点)", "[点]", "(dot)", "[dot]", " dot ", ". ", "。 ", "· ",
                  "\tdot\t", "\ndot ")),
    ("看 ftp://abc", "url", "ftp://abc"), ("邮箱 abc#163.com", "email", "abc#163.com"),
    ("邮箱 abc at 163.com", "email", "abc at 163.com"), ("邮箱 abc\tat\n163.com", "email", "abc\tat\n163.com"),
    ("邮箱 abc艾特163点com", "email", "abc艾特163点com"),
    *((f"好。很好。可以加幕{mark}思{mark}城老师", "split_name", f"幕{mark}思{mark}城") for mark in ".·•*_|-~"),
    ("可以加幕 . 思 . 城老师", "split_name", "幕 . 思 . 城"),
    # Han characters outside the common ideographs (〇, 々, astral 𠀋) are Han to the split-name pattern.
    ("好。很好。可以加幕.〇.𠀋老师", "split_name", "幕.〇.𠀋"), ("加〇.々.𠀋老师", "split_name", "〇.々.𠀋"),
])
def test_every_dot_of_a_link_and_every_split_mark_is_seen(scan, original, kind, text):
    # One scan decides whether links and split names are looked for at all: it must see each form.
    assert [(f[1], f[2]) for f in scan(original) if f[0] == CONTACT] == [(kind, text)]


@pytest.mark.parametrize("original", [
    "白色 M 码", "纯棉T恤 尺码 S/M/L", "蓝牙5.3 续航6小时。好用。", "北京市朝阳区建国路", "市场价 区别 路过", "138 1234 5678",
    "一二三四五", "shop.xyz", "shop。 com", "abc。com", "t.cn", "a//b", "幕.思.城", "幕-思", "扫描二维码", "长按识别 二维码",
    "扫 码", "长款 识别度", "加V❤: msc496", "", "v领 q弹", "1234", "2024年5月", "(dot)com", "dotcom",
])
def test_one_scan_says_whether_a_text_may_hold_a_number_an_address_a_link_or_a_qr_phrase(original):
    lexicon = Lexicon()
    shared = scanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))
    value = normalize(original).value
    each = [shared._run_or_place.search(value), shared._web_or_split_hint.search(value), shared._qr_phrase.search(value)]
    rare = shared._rare_hint.search(value)
    assert (rare is None) == all(found is None for found in each)
    assert rare is None or rare.start() <= min(found.start() for found in each if found is not None)


@pytest.mark.parametrize("original,findings,link_or_qr,data", [
    ("纯棉 白色 M", False, False, False),  # no character any finding holds
    ("加我 私聊", True, False, False),  # cue words only
    ("shop.xyz 扫描二维码", True, True, False),  # a link and a QR phrase, no number or address
    ("手机 13812345678", True, True, True),
    ("北京市朝阳区建国路", True, True, True),
])
def test_a_texts_scan_state_says_what_can_be_in_it(original, findings, link_or_qr, data):
    lexicon = Lexicon()
    shared = scanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))
    state = shared._state(normalize(original))
    assert (state.may_hold_findings, state.may_hold_link_or_qr, bool(state.runs or state.addresses)) == (
        findings, link_or_qr, data)


def test_where_any_pattern_starts_is_found_at_each_such_place():
    found = _where_any("ab", ["a[0-9]", "b+c"])
    assert [m.span() for m in found.finditer("a a1 bbc b bc")] == [(2, 3), (5, 6), (6, 7), (11, 12)]
    assert found.search("a b ab") is None


@pytest.mark.parametrize("original,found", [
    # An address without a digit, a number without an address: one scan decides whether either is read at all.
    ("买家张三 北京市朝阳区建国路", [(PERSONAL, "buyer_record", "买家张三 北京市朝阳区建国路")]),
    ("收货人：李四，上海市浦东新区世纪大道", [(PERSONAL, "buyer_record", "收货人：李四，上海市浦东新区世纪大道")]),
    ("实体店地址：广州市白云区机场路", [(CONTACT, "store", "实体店地址：广州市白云区机场路")]),
    ("手机 1 2 3 4 5 6 7 8", [(CONTACT, "phone", "手机 1 2 3 4 5 6 7 8")]),
    ("qq：12345", [(CONTACT, "qq", "qq：12345")]), ("qq：1234", []),
    ("买家张三 壹叁捌壹贰叁肆伍陆柒捌", [(PERSONAL, "buyer_record", "买家张三 壹叁捌壹贰叁肆伍陆柒捌")]),
    ("五星好评 陈晓燕 一三九一二三四五六七八 反馈说很好用", [(PERSONAL, "buyer_record", "陈晓燕 一三九一二三四五六七八")]),
])
def test_numbers_and_addresses_are_read_in_any_form(scan, original, found):
    assert scan(original) == found


@pytest.mark.parametrize("original,found", [
    # A phone word's account is a number: without any in the text there is none (an e-mail is found on its own).
    ("手机：见详情 电话 abc@163.com", [(CONTACT, "email", "abc@163.com")]), ("加手机：abcdef_12", []),
    # A channel letter is no contact inside a word it is part of (v领), and is one outside it.
    ("V领 加V领取 v字领 v：abc_123", [(CONTACT, "steer", "加V"), (CONTACT, "wechat", "v：abc_123")]),
    ("v领：abc_123", []),
])
def test_channel_words_without_an_account_or_inside_a_word(scan, original, found):
    assert scan(original) == found


@pytest.mark.parametrize("original", [
    "QQ糖 V领 VC 维C 5G信号 微波炉", "支持微信支付、支付宝", "联系在线客服 咨询客服", "ISBN 9787542642103",
    "型号 A2896 RTX4090", "165/88A", "2024-05-01 20240501", "GB/T 22849-2014", "货号：15012345678",
    "vx28123100j0g", "qq币30个直充", "wx-20000", "扫码枪 支持扫描一维码、二维码", "加V领设计", "node.js asp.net",
    "https://haohuo.jinritemai.com/item", "买家张** 138****5678", "实体店同款",
    "增加：type-c接口", "瑜伽：yoga_2024 课程", "最佳：2024款", "参加：2024年双11", "加：10元换购", "加厚：2024新款",
])
def test_hard_negatives(scan, original):
    assert [f for f in scan(original) if f[0] == CONTACT] == []


def test_400_numbers_are_warnings_and_brand_hotlines_info():
    lexicon = Lexicon()
    shared = scanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))
    (plain,) = shared.scan(normalize("订购请拨 400-820-8820"))
    (service,) = shared.scan(normalize("全国联保 售后服务热线 400-820-8820"))
    assert (plain.kind, plain.severity) == ("hotline", "warning")
    assert (service.kind, service.severity) == ("hotline", "info")


def test_a_buyers_phone_is_personal_not_a_contact(scan):
    found = scan("买家张三 13812345678 北京市朝阳区建国路88号")
    assert found == [(PERSONAL, "buyer_record", "买家张三 13812345678 北京市朝阳区建国路88号")]
    assert scan("联系人：王先生 电话：13812345678") == [(CONTACT, "phone", "电话：13812345678")]


def test_bank_cards_go_to_one_rule_by_context(scan):
    assert scan("转账至 6222 0212 3456 7890 128") == [(CONTACT, "payment", "转账至 6222 0212 3456 7890 128")]
    assert scan("持卡人王五 卡号 6222021234567890128") == [
        (PERSONAL, "buyer_record", "持卡人王五 卡号 6222021234567890128")]
    assert scan("信用卡 4111 1111 1111 1111") == [(PERSONAL, "bank_card", "4111 1111 1111 1111")]
    assert scan("订单号 6222021234567890128") == []  # a code, whatever its checksum


def test_identity_numbers_are_personal(scan):
    assert scan("身份证 11010519491231002X") == [(PERSONAL, "resident_id", "11010519491231002X")]
    assert scan("身份证 110105194912310021") == []


def test_offsets_point_into_html_originals(scan):
    original = "<p>面料：纯棉</p><p>微<b>.</b>信：abc123</p>"
    assert scan(original, html=True) == [(CONTACT, "wechat", "微<b>.</b>信：abc123")]


def test_the_scan_is_shared_and_cached_per_text():
    lexicon = Lexicon()
    first = scanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))
    second = scanner(lexicon, dict(lexicon.thresholds("third-party-contact")), lexicon.thresholds("personal-info"))
    assert first is second
    text = normalize("微信：abc123")
    assert first.scan(text) is first.scan(text)


@pytest.mark.parametrize("unit", ["加V ", "微.", "不走 ", "1 ", "a@b.", "买家张三 ", "⑴", "扫描图片中的"])
def test_hostile_text_is_bounded(unit):
    lexicon = Lexicon()
    shared = scanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))
    text = normalize(unit * (300_000 // len(unit)))
    started = time.perf_counter()
    found = shared.scan(text)
    assert time.perf_counter() - started < 10
    assert len(found) <= 3 * MAX_MATCHES


def test_dictionaries_are_well_formed():
    lexicon = Lexicon()
    assert all(len(r["prefix"]) == 3 and r["prefix"].startswith("1") for r in lexicon.table("phone_prefixes"))
    assert all(r["code"].startswith("0") and len(r["code"]) in (3, 4) for r in lexicon.table("area_codes"))
    assert all(len(r["digit"]) == 1 and r["digit"].isdigit() for r in lexicon.table("digit_forms"))
    for name in ("contact_terms", "personal_terms", "web_domains", "link_marks", "digit_forms", "phone_prefixes",
                 "area_codes", "id_regions", "surnames"):
        rows = lexicon.table(name)
        assert rows and all(row.get("source") for row in rows), name
    categories = {r["category"] for r in lexicon.table("contact_terms")}
    assert {"channel", "add", "connector", "steer", "qr", "store", "payment", "not_number"} <= categories


def test_each_rule_asks_for_its_family_and_the_work_is_shared():
    lexicon = Lexicon()
    shared = scanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))
    original = "好评来自 陈晓燕 13911112222；订购请加V：shop8899"
    text = normalize(original)
    personal = shared.personal(text)
    assert [original[f.start:f.end] for f in personal] == ["陈晓燕 13911112222"]
    assert shared.personal(text) is personal  # kept in the Text's memo
    contacts = shared.contacts(text)
    assert [original[f.start:f.end] for f in contacts] == ["加V：shop8899"]
    assert shared.scan(text) == [*personal, *contacts]
    # A text without anything to find keeps no result of its own.
    assert shared.personal(normalize("纯棉 白色 M")) == shared.contacts(normalize("纯棉 白色 M")) == ()


# A buyer's record whose phone stands 50 characters after the name: beyond the shipped record_window (40),
# within 80.
_FAR_RECORD = "买家张三 好评说这件衣服质量很好面料舒服穿着也很合身颜色和图片一样物流也很快下次还来还会推荐给朋友们 13812345678 北京市朝阳区建国路88号"


@pytest.mark.parametrize("rule_options,reported", [
    ({"personal-info": {"record_window": 80}}, ("personal-info", _FAR_RECORD)),
    ({"personal-info": {"record_window": 80}, "third-party-contact": {"severity": "warning"}},
     ("personal-info", _FAR_RECORD)),
    ({"third-party-contact": {"severity": "warning"}}, ("third-party-contact", "13812345678")),
    ({"personal-info": {"severity": "warning"}}, ("third-party-contact", "13812345678")),
])
def test_configured_options_keep_one_scanner_and_one_rule_per_span(rule_options, reported):
    from listing_lint import Config, Linter

    linter = Linter(Config(select=("personal-info", "third-party-contact"), rule_options=rule_options))
    personal_info, third_party_contact = sorted(linter.rules, key=lambda rule: rule.id)
    assert personal_info._scanner is third_party_contact._scanner
    findings = linter.lint({"id": "a", "title": _FAR_RECORD, "detail": "纯棉T恤"})
    assert [(f.rule, f.text) for f in findings] == [reported]


# -- the quick checks say "maybe" wherever the searches they stand in for can find something --------------------

class _Maybe:
    """A quick check that always says "maybe": a match at the position asked about."""

    class _At(NamedTuple):
        at: int

        def start(self) -> int:
            return self.at

    def search(self, value, pos=0, endpos=None):
        return self._At(pos) if pos <= len(value) else None


class _Everything:
    def __contains__(self, item) -> bool:
        return True


# Every quick check of ContactScanner (see the table at ContactScanner._state) and what stands in for "maybe".
_QUICK_CHECKS = {name: _Maybe() for name in ("_starter", "_rare_hint", "_run_or_place", "_web_or_split_hint",
                                            "_web_hint", "_mail_hint", "_split_hint", "_cue_start")}
_QUICK_CHECKS["_not_contact_parts"] = _Everything()
_QUICK_CHECKS["_connector_reach"] = 10 ** 9  # the colon after an add word is looked for in the whole rest

_PIECES = [
    # digits, numbers in words, phones, hotlines, cards, identity numbers
    "1", "7", "0", "12345", "138", "1234", "5678", "13812345678", "139 1111 2222", "010-8765 4321", "(010)87654321",
    "400-820-8820", "6222 0212 3456 7890 128", "4111111111111111", "11010519491231002x", "110105194912310021",
    "一三八", "一二三四五六七八", "壹叁捌壹贰叁肆伍陆柒捌", "〇", "⑴", "❶", "幺", "2024年5月", "1000个", "5000元",
    # dots, TLDs, links, e-mails
    ".", "。", "·", "点", "(.)", "[.]", "(点)", "[点]", "(dot)", "[dot]", " dot ", "\tdot\t", "\ndot ", " . ",
    "com", "cn", "net", "xyz", "shop", "www", "http://", "https ://", "ftp://", "//", "t.cn/a6", "/", "shop.xyz",
    "@", "#", "(at)", "[at]", "艾特", " at ", "abc@163.com", "kefu(at)qq.com", "abc#163点com", "qq.com",
    # split marks and names
    "•", "*", "_", "|", "-", "~", "幕", "思", "城", "老师", "幕.思.城", "幕 · 思 · 城",
    "々", "𠀋", "豈", "〇.々.𠀋老师",  # Han outside the common ideographs (and 〇 above): split names of them too
    # channel, add, steer, store, payment words and their variants; connectors; accounts
    "微信", "微", "信", "威", "薇", "❤", "wei", "xin", "v", "V", "vx", "wx", "qq", "扣扣", "扣", "🐧", "🛰", "电话", "手机",
    "加", "+", "➕", "嘉", "加我", "添加", "增加", "瑜伽", "最佳", "号", "号码", "是", "为", ":", "：", "=", "abc_123", "msc496",
    "qw_rice2024", "不走平台", "不 走", "私聊", "私下交易", "请勿", "实体店", "实体店地址", "进店", "支付宝", "转账到", "银行卡号",
    "v领", "V领", "领取", "q弹", "公众号", "某某好物", "旺旺", "客服热线", "售后服务热线", "货号", "型号", "gb/t",
    # QR phrases
    "扫描", "扫一扫", "扫", "码", "二维码", "扫码", "长按识别", "小程序码", "图片中的",
    # addresses, people, orders
    "北京市朝阳区建国路88号", "广州市白云区机场路", "市", "区", "路", "街道", "88号", "地址", "厂址", "买家", "张三", "陈晓燕",
    "收货人", "李四", "好评来自", "持卡人", "卡号", "身份证", "订单号", "快递",
    # plain text
    "纯棉", "白色", "M", "好用", "很好", "，", "。", "！", " ", "  ", "\n", "\t",
]
# Texts the generator rarely makes, each once missed by a quick check.
_ONCE_MISSED = ["shop\tdot\txyz", "abc\nat qq.com", "添加号码号码号码号码号码：abc_123"]
_JOINS = ["", "", "", " ", ".", "-", "_", "：", "\n", "❤", "。"]


def _hostile_texts(count: int, seed: int = 20240501) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        pieces = rng.choices(_PIECES, k=rng.randint(1, 10))
        texts.append("".join(piece + rng.choice(_JOINS) for piece in pieces))
    return texts


def test_the_quick_checks_never_hide_a_finding(monkeypatch):
    lexicon = Lexicon()
    contact_options, personal_options = lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info")
    normal = contacts.ContactScanner(lexicon, contact_options, personal_options)
    unchecked = contacts.ContactScanner(lexicon, contact_options, personal_options)
    for name, maybe in _QUICK_CHECKS.items():
        assert hasattr(unchecked, name), name  # a renamed check must be renamed here too
        monkeypatch.setattr(unchecked, name, maybe)
    monkeypatch.setattr(unchecked, "_qr_mark", None)  # no character every QR phrase must hold
    texts = [*_ONCE_MISSED, *_PIECES, "".join(_PIECES), *_hostile_texts(4000)]
    differences, found = [], 0
    for original in texts:
        expected = unchecked.scan(normalize(original))
        found += bool(expected)
        if normal.scan(normalize(original)) != expected:
            differences.append(original)
    assert differences == []
    assert found > len(texts) // 4  # the texts do hold findings of all sorts


def test_a_lexicon_without_not_contact_words_blocks_nothing(monkeypatch):
    lexicon = Lexicon()

    class Without:  # the shipped lexicon without its not_contact words (V领, Q弹 …)
        def table(self, name):
            rows = lexicon.table(name)
            return [row for row in rows if row.get("category") != "not_contact"] if name == "contact_terms" else rows

    plain = contacts.ContactScanner(Without(), lexicon.thresholds("third-party-contact"),
                                    lexicon.thresholds("personal-info"))
    monkeypatch.setattr(plain, "_not_contact_parts", _Everything())  # even where the quick check says "maybe"
    original = "加V领设计"
    assert [(f.kind, original[f.start:f.end]) for f in plain.scan(normalize(original))] == [("steer", "加V")]


@pytest.mark.parametrize("original,shipped,extended", [
    # 盟 a place level: the quick checks look for the table's place characters too (no digit here).
    ("买家张三 阿拉善盟巴彦浩特路", [], [("buyer_record", "买家张三 阿拉善盟巴彦浩特路")]),
    ("实体店：阿拉善盟巴彦浩特路", [], [("store", "实体店：阿拉善盟巴彦浩特路")]),  # a store word needing an address
    ("欢迎进店选购，地址：阿拉善盟巴彦浩特路", [("store", "进店选购")],
     [("store", "进店选购"), ("store", "阿拉善盟巴彦浩特路")]),  # an address after a store word
    # 阁 a store mark: the words after a store cue are its address.
    ("欢迎到店：云锦阁，看样品", [("store", "欢迎到店")], [("store", "欢迎到店：云锦阁")]),
])
def test_addresses_come_from_the_address_table(tmp_path, original, shipped, extended):
    extra = tmp_path / "address_words.tsv"
    extra.write_text("word\tpart\tsource\n盟\tplace\ttest\n阁\tstore_mark\ttest\n", encoding="utf-8")
    for lexicon, found in ((Lexicon(), shipped), (Lexicon({"address_words": [extra]}), extended)):
        built = contacts.ContactScanner(lexicon, lexicon.thresholds("third-party-contact"),
                                        lexicon.thresholds("personal-info"))
        assert [(f.kind, original[f.start:f.end]) for f in built.scan(normalize(original))] == found


@pytest.mark.parametrize("original,shipped,extended", [
    ("店铺: shop(句)xyz 欢迎", [], [("domain", "shop(句)xyz")]),
    ("店铺: shop 句 xyz 欢迎", [], [("domain", "shop 句 xyz")]),  # a space on either side, as the row allows
    ("邮箱 abc(圈a)163.com", [("domain", "163.com")], [("email", "abc(圈a)163.com")]),
    ("邮箱 abc 圈a 163(句)com", [], [("email", "abc 圈a 163(句)com")]),
    ("店铺: shop句xyz 邮箱 abc圈a163.com", [("domain", "a163.com")], [("domain", "shop句xyz"), ("email", "abc圈a163.com")]),
])
def test_the_dots_of_links_and_the_ats_of_e_mails_come_from_the_link_marks_table(tmp_path, original, shipped,
                                                                                 extended):
    extra = tmp_path / "link_marks.tsv"
    extra.write_text("kind\tform\tspaces\tsource\ndot\t(句)\t\ttest\ndot\t句\toptional\ttest\n"
                     "at\t圈a\toptional\ttest\nat\t(圈a)\t\ttest\n", encoding="utf-8")
    for lexicon, found in ((Lexicon(), shipped), (Lexicon({"link_marks": [extra]}), extended)):
        built = contacts.ContactScanner(lexicon, lexicon.thresholds("third-party-contact"),
                                        lexicon.thresholds("personal-info"))
        assert [(f.kind, original[f.start:f.end]) for f in built.scan(normalize(original))] == found


def test_a_link_mark_with_unknown_spaces_is_an_error(tmp_path):
    extra = tmp_path / "link_marks.tsv"
    extra.write_text("kind\tform\tspaces\tsource\ndot\t(句)\tsometimes\ttest\n", encoding="utf-8")
    lexicon = Lexicon({"link_marks": [extra]})
    with pytest.raises(LexiconError, match="sometimes"):
        contacts.ContactScanner(lexicon, lexicon.thresholds("third-party-contact"), lexicon.thresholds("personal-info"))


def test_a_qr_object_word_without_ma_still_makes_a_qr_phrase(tmp_path):
    # The quick test before the QR search comes from the words (a character all qr_object words share), so a
    # user's word without 码 turns it off instead of going unseen.
    extra = tmp_path / "contact_terms.tsv"
    extra.write_text("term\tcategory\tchannel\tneeds\tlabel\tseverity\tsource\n小程序图\tqr_object\t\t\t\t\ttest\n",
                     encoding="utf-8")
    lexicon = Lexicon({"contact_terms": [extra]})
    scanner = contacts.ContactScanner(lexicon, lexicon.thresholds("third-party-contact"),
                                      lexicon.thresholds("personal-info"))
    assert scanner._qr_mark is None
    assert [f.kind for f in scanner.contacts(normalize("扫描小程序图领券"))] == ["qr"]
    shipped = contacts.ContactScanner(Lexicon(), lexicon.thresholds("third-party-contact"),
                                      lexicon.thresholds("personal-info"))
    assert shipped._qr_mark == "码" and [f.kind for f in shipped.contacts(normalize("扫描二维码"))] == ["qr"]
