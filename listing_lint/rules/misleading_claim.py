"""misleading-claim: disease-treatment claims, efficacy guarantees and superstition on ordinary goods."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors import alternation
from ..detectors.disguise import variant_table
from ..detectors.edits import rewrite
from ..detectors.wording import (MAX_HITS_PER_FIELD, ContextualTerms, context_rules, expand_placeholders,
                                 inside_work_title)
from ..finding import Hit
from ..listing import Listing
from ..normalize import normalize
from ..rule import Rule, RuleDocs

# What each category of claim breaks, for the message.
CLAUSES = {
    "medical": "《广告法》第十七条: 除医疗、药品、医疗器械广告外, 禁止其他任何广告涉及疾病治疗功能, 不得使用医疗用语",
    "health": "《广告法》第二十八条、《食品安全法》第七十三条: 保健功能只有经注册或备案的保健食品才能声称 "
              "(《允许保健食品声称的保健功能目录》), 普通商品宣称即为虚假、误导性宣传",
    "guarantee": "《广告法》第十六条、第二十八条: 不得含有表示功效、安全性的断言或者保证, 不得说明治愈率或者有效率",
    "superstition": "《广告法》第九条(八): 广告不得含有迷信内容",
}
KINDS = {"medical": "疾病治疗功能宣传", "health": "保健功能宣传", "guarantee": "功效/安全性的断言或保证",
         "superstition": "迷信宣传"}


class MisleadingClaim(Rule):
    id = "misleading-claim"
    code = "LL102"
    title = "虚假、误导性功效宣传"
    clause = "广告法 第十七条、第十六条、第二十八条、第九条(八); seed 001 功效虚假; seed 003 误导性宣传"
    severity = "error"
    docs = RuleDocs(
        catches="普通商品的标题、详情或 SKU 名称中: 疾病治疗功能宣传 (治疗失眠, 抗癌, 降血压, 降糖, 消炎, 缓解颈椎病, "
                "预防近视, 近视度数降低)、保健功能宣传 (改善视力, 缓解视疲劳, 增强免疫力, 促进长高, 长高营养素: 只有注册的"
                "保健食品能声称)、功效或安全性的断言与保证 (根治, 包治百病, 药到病除, 三天见效, 三个月长高5cm, 100%有效, "
                "无效退款, 不长高全额退款, 无副作用, 永不复发) 和迷信宣传 (旺夫, 辟邪, 招财, 转运, 镇宅, 开光, 化煞)。"
                "繁体、全角和夹杂空格或符号的写法同样识别。",
        why="《广告法》第十七条禁止医疗、药品、医疗器械以外的广告涉及疾病治疗功能; 第十六条、第二十八条禁止功效、安全性的"
            "断言或保证和虚假宣传; 第九条(八) 禁止迷信内容。seed 001 把 \"功效虚假\"、\"虚假宣传\" 列为商城管控内容, "
            "seed 003 把 \"误导性宣传\" 列为内容违规。不报的情形: 免责声明和否定 (本品不能代替药物治疗疾病)、就医提示、"
            "商品或作品名称 (颈椎治疗仪, 《眼底病诊断与治疗》, 招财猫摆件, 转运珠手链, 物流 \"转运仓\")、电学用语 "
            "(降压模块), 物理功能 (增高鞋垫, 内增高), 以及与疾病无关的词和一般状态 (100%纯棉, 防晒指数, 有效期, 降温, 杀菌, "
            "缓解疲劳, 改善睡眠环境)。药品、医疗器械类目 "
            "(medical_categories) 的疾病治疗宣传由其注册证管辖, 不报; 图书、音像类目 (work_categories) 的作品内容不报。",
        bad="【根治失眠】助眠枕头 三天见效 无效退款 旺夫招财",
        good="记忆棉枕头 慢回弹 贴合颈部曲线 (或医疗器械类目: 颈椎牵引器, 注册证号 …)",
        fix="删除该宣传语, 如实描述商品的材质、规格和用途; 药品、医疗器械须在对应类目发布并以注册证核准的内容为准。",
        options="medical_categories: 类目路径含这些词时 (医疗器械, 药品 …) 不报疾病治疗类和保健功能类宣传; "
                "health_categories: 类目路径含这些词时 (保健食品) 不报保健功能类宣传 (改善视力, 增强免疫力), 功效保证照报; "
                "work_categories: 类目路径含这些词时 (图书, 音像 …) 整个规则不报。",
    )

    @cached_property
    def _matcher(self) -> ContextualTerms:
        rows = expand_placeholders(self.lexicon.table("misleading_claims"), {
            "disease": _alternation(self.lexicon.column("diseases", "disease")),
            "function": _alternation(self.lexicon.column("health_functions", "function"))})
        variants = variant_table(self.lexicon.table("char_variants"))
        rules = context_rules(self.lexicon.table("misleading_exceptions"), "misleading_exceptions.tsv")
        return ContextualTerms(rows, variants, rules, "misleading_claims.tsv")

    @cached_property
    def _category_words(self) -> dict[str, tuple[str, ...]]:
        """The category options as normalized text (醫療器械 and OTC are read like 医疗器械 and otc)."""
        return {kind: tuple(normalize(w).value for w in self.options.get(f"{kind}_categories", ()))
                for kind in ("work", "medical", "health")}

    def _excused_kinds(self, listing: Listing) -> frozenset[str]:
        """The kinds of claim the listing's category allows: every kind in a work (a book's content), the disease
        and health claims of a medical category, the health claims of a health-food one."""
        category = listing.text("category").value
        words = self._category_words
        if any(word in category for word in words["work"]):
            return frozenset(KINDS)
        if any(word in category for word in words["medical"]):
            return frozenset(("medical", "health"))
        if any(word in category for word in words["health"]):
            return frozenset(("health",))
        return frozenset()

    def check(self, listing: Listing) -> Iterable[Hit]:
        excused = None  # read at the first claim: most listings have none
        for path in listing.text_fields():
            text = listing.text(path)
            reported = 0
            for hit in self._matcher.finditer(text, passes=False):
                row = self._matcher.rows[hit.term]
                kind = row["category"]
                severity = hit.effect or row["severity"]
                if excused is None:
                    excused = self._excused_kinds(listing)
                if severity == "pass" or kind in excused:
                    continue
                original = text.original
                if inside_work_title(original, hit.start, hit.end):
                    continue
                found = original[hit.start:hit.end]
                suggestion, fix = rewrite(original, hit.start, hit.end, row.get("replacement", ""), safe=False)
                reason = f"; {hit.rule.reason}" if hit.rule else ""
                yield Hit(
                    field=path,
                    start=hit.start,
                    end=hit.end,
                    text=found,
                    message=f"「{found}」属于{KINDS[kind]}, 普通商品不得使用 ({CLAUSES[kind]}{reason})",
                    suggestion=suggestion,
                    fix=fix,
                    severity=severity,
                )
                reported += 1
                if reported == MAX_HITS_PER_FIELD:
                    break


def _alternation(words) -> str:
    """A non-capturing alternation of ``words`` as the skeleton writes them, longest first."""
    return f"(?:{alternation({normalize(w).skeleton.value for w in words})})"
