"""fake-platform-claim: 百亿补贴 and other platform certification claims the listing is not enrolled in."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors.disguise import DisguisedTerms, variant_table
from ..detectors.edits import deletion_span, suggest_deletion
from ..finding import Fix, Hit
from ..listing import Listing
from ..rule import Rule, RuleDocs


class FakePlatformClaim(Rule):
    id = "fake-platform-claim"
    code = "LL301"
    title = "冒用平台认证/活动信息"
    clause = "seed 002 §8 平台认证信息"
    severity = "error"
    docs = RuleDocs(
        catches="标题、详情或 SKU 名称中出现平台认证或平台活动信息 (百亿补贴、平台补贴、抖音官方认证 …), 而商品并未报名该活动 "
                "(记录的 campaigns 字段中没有它)。繁体、全角、拼音、谐音、拆字和夹杂符号的写法 (百億補貼, 百.亿.补.贴, "
                "佰亿补帖, bybt) 同样识别。",
        why="《商品信息发布规范》第 8 类 平台认证信息: 未经平台认证、授权, 商品或店铺信息中不得含有平台认证信息; "
            "错误示例即未参加平台「百亿补贴」提报却在标题中自行描述为「百亿补贴」。",
        bad="【百亿补贴】纯棉短袖T恤男 夏季宽松",
        good="纯棉短袖T恤男 夏季宽松 (或: 已报名百亿补贴, campaigns 含 \"百亿补贴\")",
        fix="删除该词; 若商品确已报名平台活动, 在记录的 campaigns 字段中写明活动名。",
    )

    @cached_property
    def _claims(self) -> list[dict[str, str]]:
        return list(self.lexicon.table("platform_claims"))

    @cached_property
    def _matcher(self) -> DisguisedTerms:
        variants = variant_table(self.lexicon.table("char_variants"))
        return DisguisedTerms([row["term"] for row in self._claims], variants)

    def check(self, listing: Listing) -> Iterable[Hit]:
        enrolled = set(listing.campaigns)
        for path in listing.text_fields():
            text = listing.text(path)
            for match in self._matcher.finditer(text):
                claim = self._claims[match.term]
                if claim["campaign"] in enrolled:
                    continue
                original = text.original
                start, end = deletion_span(original, match.start, match.end)
                yield Hit(
                    field=path,
                    start=match.start,
                    end=match.end,
                    text=original[match.start:match.end],
                    message=(f"商品未报名平台「{claim['campaign']}」, 不得自行标注「{claim['term']}」等平台认证/活动信息"
                             f" (《商品信息发布规范》第 8 类 平台认证信息)"),
                    suggestion=suggest_deletion(original, match.start, match.end),
                    fix=Fix(start, end, "", safe=True),
                    severity=claim.get("severity") or None,
                )
