"""third-party-contact: non-platform contacts, links, QR codes, offline stores, off-platform payment and
cues that steer the deal off the platform — also disguised (seed 002 §4, seed 004 引导私下交易)."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors.contacts import ContactScanner, Found, scanner
from ..detectors.edits import deletion
from ..finding import Hit
from ..listing import Listing
from ..rule import Rule, RuleDocs

_CLAUSE = "《商品信息发布规范》第 4 类 发布第三方信息"
_STEER_CLAUSE = "服务商规则「引导私下交易」(发布第三方信息或引导非本平台交易)"

# What each kind of finding breaks: the item of seed 002 §4 (or seed 004) it is.
_WHAT = {
    "wechat": "非平台联系方式", "qq": "非平台联系方式", "phone": "非平台联系方式", "weibo": "非平台联系方式",
    "xiaohongshu": "非平台联系方式", "wangwang": "非平台联系方式", "dingtalk": "非平台联系方式",
    "whatsapp": "非平台联系方式", "telegram": "非平台联系方式", "official_account": "非平台联系方式",
    "qq_group": "非平台联系方式",
    "email": "非平台联系方式", "split_name": "非平台联系方式",
    "hotline": "非平台联系方式", "url": "非平台链接", "domain": "非平台链接", "short_link": "非平台链接",
    "qr": "二维码", "store": "实体店信息", "payment": "银行账号及其他付款方式",
    "card_payment": "银行账号及其他付款方式", "steer": "引导私下交易",
}


class ThirdPartyContact(Rule):
    id = "third-party-contact"
    code = "LL201"
    title = "发布第三方信息/引导私下交易"
    clause = "seed 002 §4 发布第三方信息; seed 004 引导私下交易"
    severity = "error"
    docs = RuleDocs(
        catches="标题、详情或 SKU 名称中的非平台联系方式 (微信、QQ、手机/座机号码、邮箱、微博/小红书等账号)、非平台链接 "
                "(网址、域名、短链接)、二维码引导 (扫码加好友、扫描二维码)、实体店信息 (实体店地址、欢迎到店)、"
                "站外付款方式 (支付宝转账、微信转账、银行卡号/收款账户) 和引导私下交易的话术 (私聊下单、加我私下拍更便宜)。"
                "规避写法同样识别: 谐音/形近字 (威信、薇信、徽信、伽V、夹V)、拉丁字母 (V、vx、wx、weixin)、表情 (🐧、➕V、V❤)、"
                "字间夹符号或空格 (微.信、扣 扣、幕.思.城)、省去渠道词只留「加」和账号 (+嘉：abc_2024、加：abc123)、全角/圈号/括号数字 (１３８、①③⑧、⑴)、中文数字 (一三八、幺、〇) "
                "和夹杂空格横线的号码 (1 3 8-1234 5678)。号码经过校验: 手机号须为工信部分配的号段, 座机须有真实区号。",
        why="《商品信息发布规范》第 4 类 发布第三方信息: 在店铺页面、商品详情页等任何向消费者展示的场景中, 不得发布非平台链接、"
            "非平台联系方式、实体店信息、银行账号及其他付款方式、二维码等第三方信息; 服务商规则「引导私下交易」: 不得发布"
            "第三方信息或引导非本平台交易。",
        bad="纯棉T恤 加V❤: msc496 私聊下单更便宜; 详情: 实体店地址：广州市白云区xx路88号, 扫描二维码加好友",
        good="纯棉T恤 有问题请联系在线客服 (平台客服/飞鸽); 支持微信支付、支付宝 (平台收银台的付款方式)",
        fix="删除联系方式、链接、二维码和实体店信息, 引导消费者通过平台客服沟通、在平台内下单付款。删除账号、号码、"
            "链接本身是安全修复 (--fix); 删除引导话术会改变句意, 需 --unsafe-fixes。",
        options="mobile_groupings: 11 位手机号允许的分组写法; hotline_breaks: 400/800 号码允许的分隔位置; id_gap: 渠道词与账号"
                "之间最多相隔的字符数; "
                "hotline_severity / service_hotline_severity: 400/800 号码的级别 (品牌售后热线旁为 info, 其余为 warning, "
                "因其仅在确为品牌官方售后热线时合规)。不报告: 平台自有客服 (联系在线客服)、平台收银台付款方式 (支持微信支付)、"
                "打码的号码 (138****5678)、型号/条码/ISBN/尺码/日期/价格/执行标准。买家 (他人) 的姓名+电话/地址归 personal-info。",
    )

    @cached_property
    def _scanner(self) -> ContactScanner:
        # From both rules' options, as personal-info's scanner is: the two share one scanner, so a span
        # goes to one rule only.
        return scanner(self.lexicon, self.options, self.options_of("personal-info"))

    def check(self, listing: Listing) -> Iterable[Hit]:
        for path in listing.text_fields():
            text = listing.text(path)
            for found in self._scanner.contacts(text):
                yield self._hit(path, text.original, found)

    def _hit(self, path: str, original: str, found: Found) -> Hit:
        what = _WHAT.get(found.kind, "非平台联系方式")
        clause = _STEER_CLAUSE if found.kind == "steer" else f"{_CLAUSE} ({what})"
        shown = original[found.start:found.end]
        if found.kind == "hotline":
            message = (f"含有 400/800 电话「{shown}」: 仅当其为品牌官方售后热线时可保留, 否则属于{_CLAUSE}中的非平台联系方式; "
                       f"售前咨询与交易请引导至平台客服")
        elif found.kind == "steer":
            message = f"含有引导站外联系或私下交易的话术「{shown}」, 违反{clause}及{_CLAUSE}"
        else:
            message = f"含有{found.label}「{shown}」, 属于{clause}, 平台禁止在商品信息中发布"
        suggestion, fix = deletion(original, found.start, found.end, safe=found.data,
                                   advice=f"删除「{shown}」, 请引导消费者通过平台客服沟通、在平台内下单付款")
        return Hit(
            field=path,
            start=found.start,
            end=found.end,
            text=shown,
            message=message,
            suggestion=suggestion,
            fix=fix,
            severity=found.severity,
        )
