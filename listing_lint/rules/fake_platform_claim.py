"""fake-platform-claim: 百亿补贴 and other platform certification claims the listing is not enrolled in."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors.disguise import term_pattern, variant_table
from ..detectors.edits import deletion
from ..detectors.wording import ContextualTerms, expand_placeholders
from ..finding import Hit
from ..listing import Listing
from ..normalize import normalize
from ..rule import Rule, RuleDocs

CLAUSE = "《商品信息发布规范》第 8 类 平台认证信息"


class FakePlatformClaim(Rule):
    id = "fake-platform-claim"
    code = "LL301"
    title = "冒用平台认证/活动信息"
    clause = "seed 002 §8 平台认证信息"
    severity = "error"
    docs = RuleDocs(
        catches="标题、详情或 SKU 名称中出现平台认证或平台活动信息 (百亿补贴、平台补贴), 而商品并未报名该活动 (记录的 "
                "campaigns 字段中没有它)。平台认证是一族说法而非固定词: 平台名 (抖音、抖店、抖音电商 …) 或 \"平台\", "
                "可带 官方/电商/商城 等修饰, 后接 认证、质检、推荐、严选、授权、自营、超市、补贴 等 (抖音官方认证, 抖音电商官方质检认证, "
                "平台认证品质商家, 抖音超值购 官方补贴)。繁体、全角、拼音、谐音、拆字和夹杂符号的写法 (百億補貼, 百.亿.补.贴, "
                "佰亿补帖, bybt, 斗音认证) 同样识别。不报: 抖音同款/抖音爆款 (热度说法, 不是认证)、国家补贴、商家补贴、"
                "品牌官方旗舰店, 以及已报名的活动 (campaigns 含 百亿补贴, 或含 抖音超市 时写 抖音超市)。",
        why="《商品信息发布规范》第 8 类 平台认证信息: 未经平台认证、授权, 商品或店铺信息中不得含有平台认证信息; "
            "错误示例即未参加平台「百亿补贴」提报却在标题中自行描述为「百亿补贴」。",
        bad="【百亿补贴】纯棉短袖T恤男 夏季宽松",
        good="纯棉短袖T恤男 夏季宽松 (或: 已报名百亿补贴, campaigns 含 \"百亿补贴\")",
        fix="删除该词; 若商品确已报名平台活动, 在记录的 campaigns 字段中写明活动名。",
    )

    @cached_property
    def _matcher(self) -> ContextualTerms:
        variants = variant_table(self.lexicon.table("char_variants"))
        words: dict[str, list[str]] = {}
        for row in self.lexicon.table("platform_terms"):
            words.setdefault(row["kind"], []).append(row["word"])
        alternations = {kind: "|".join(term_pattern(w, variants if kind == "platform" else {})
                                       for w in sorted(found, key=len, reverse=True))
                        for kind, found in words.items()}
        rows = expand_placeholders(self.lexicon.table("platform_claims"), alternations)
        return ContextualTerms(rows, variants, [], "platform_claims.tsv")

    def check(self, listing: Listing) -> Iterable[Hit]:
        enrolled = set(listing.campaigns)
        named = None  # the enrolled campaigns as written, normalized only when a claim is found
        for path in listing.text_fields():
            text = listing.text(path)
            for hit in self._matcher.finditer(text):
                claim = self._matcher.rows[hit.term]
                found = text.skeleton.value[hit.view_start:hit.view_end]
                if named is None:
                    named = [normalize(c).skeleton.value for c in enrolled]
                if claim["campaign"] in enrolled or any(name and name in found for name in named):
                    continue
                original = text.original
                shown = original[hit.start:hit.end]
                if claim["category"] == "campaign":
                    message = (f"商品未报名平台「{claim['campaign']}」活动, 不得自行标注「{shown}」等平台活动信息"
                               f" ({CLAUSE})")
                else:
                    message = (f"未经平台认证、授权, 不得自行标注「{shown}」等平台认证信息 (记录的 campaigns 中没有对应的"
                               f"平台认证; {CLAUSE})")
                suggestion, fix = deletion(original, hit.start, hit.end, safe=True)
                yield Hit(
                    field=path,
                    start=hit.start,
                    end=hit.end,
                    text=shown,
                    message=message,
                    suggestion=suggestion,
                    fix=fix,
                    severity=claim.get("severity") or None,
                )
