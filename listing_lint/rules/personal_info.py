"""personal-info: another person's private data in a listing — identity numbers, a buyer's name with their
phone or address, a named customer's order, bank card numbers (seed 000)."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors.contacts import ContactScanner, Found, scanner
from ..detectors.edits import deletion
from ..finding import Hit
from ..listing import Listing
from ..rule import Rule, RuleDocs

_CLAUSE = "《商家—不当获取/使用信息实施细则》(对外披露他人信息)"

_WHAT = {
    "resident_id": "他人身份证号码 (身份证信息)",
    "bank_card": "银行卡号 (涉及他人隐私的信息)",
    "buyer_record": "他人真实姓名及其手机号码、收货地址、证件号或银行卡号",
    "order_record": "具名消费者的订单信息",
}


class PersonalInfo(Rule):
    id = "personal-info"
    code = "LL202"
    title = "披露他人信息"
    clause = "seed 000 商家—不当获取/使用信息实施细则"
    severity = "error"
    docs = RuleDocs(
        catches="商品信息中出现的他人信息: 公民身份号码 (18 位, 校验码符合 GB 11643 且出生日期真实; 15 位旧号码须在"
                "「身份证」等词之后)、买家/收货人/收花人/车主/租客等人的姓名 (张三、王女士、张美华女士) 连同其手机号码、"
                "收货地址或身份证号 (买家张三 13812345678 北京市朝阳区…)、具名消费者的订单信息 (订单号 + 姓名)、银行卡号 "
                "(16–19 位且通过 Luhn 校验, 前有卡号/银行卡等词)。没有人称词时, 紧挨号码或住址的姓名由前文判断归属: 买家评价、"
                "订单示例、配送单、中奖名单中引用的 (好评来自 陈晓燕 139…, 订单示例：王芳 136… 北京市…) 是他人信息, "
                "「联系人/咨询/店主」之后的是商家自己的联系方式; 快递面单式的「姓名 号码 地址」和「李四 收 138…」也是他人信息。",
        why="《商家—不当获取/使用信息实施细则》: 他人信息包括真实姓名、手机号码、收货地址、身份证信息等; 商家不得未经允许"
            "对外披露、共享他人信息 (如向非消费者本人披露消费者订单信息), 情节一般/严重/特别严重 分别累计 A4/B4/B12 分。",
        bad="买家秀 | 买家张三 13812345678 北京市朝阳区建国路88号 好评返现",
        good="买家秀 | 买家张** 138****5678 好评 (打码后的信息不再指向具体的人)",
        fix="删除他人信息, 或只保留打码后的形式 (张**, 138****5678)。删除是安全修复 (--fix)。",
        options="record_window: 人称词与姓名之后多远之内的电话/地址/证件号/订单号算作此人的信息; context_window: 独立"
                "姓名之前多远之内找判断归属的词 (评价/示例/配送 对 联系人/咨询/店主, 近者为准); after_window: 号码之后多远之内"
                "的「反馈/评价」等词也可说明是他人信息。"
                "边界: 商家自己的客服电话、联系人 (联系人王先生 138…) 属 third-party-contact; 作为收款账户给出的银行卡号 "
                "(转账到/开户行/户名) 属 third-party-contact, 其余 (含持卡人、买家的卡号) 属本规则。同一片段只归一条规则。",
    )

    @cached_property
    def _scanner(self) -> ContactScanner:
        # From both rules' options, as third-party-contact's scanner is: the two share one scanner, so a span
        # goes to one rule only.
        return scanner(self.lexicon, self.options_of("third-party-contact"), self.options)

    def check(self, listing: Listing) -> Iterable[Hit]:
        for path in listing.text_fields():
            text = listing.text(path)
            for found in self._scanner.personal(text):
                yield self._hit(path, text.original, found)

    def _hit(self, path: str, original: str, found: Found) -> Hit:
        shown = original[found.start:found.end]
        suggestion, fix = deletion(original, found.start, found.end, safe=True,
                                   advice=f"删除「{shown}」, 或只保留打码后的形式 (张**, 138****5678)")
        return Hit(
            field=path,
            start=found.start,
            end=found.end,
            text=shown,
            message=f"含有{_WHAT.get(found.kind, found.label)}「{shown}」, 违反{_CLAUSE}, 不得在商品信息中披露他人信息",
            suggestion=suggestion,
            fix=fix,
            severity=found.severity,
        )
