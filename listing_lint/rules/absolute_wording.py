"""absolute-wording: 绝对化用语 (最佳, 第一, 顶级, 国家级 …) about the goods, 广告法 第九条(三)."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from ..detectors.disguise import variant_table
from ..detectors.edits import rewrite
from ..detectors.wording import MAX_HITS_PER_FIELD, ContextualTerms, TermHit, context_rules, inside_work_title
from ..finding import Hit
from ..listing import Listing
from ..normalize import Text
from ..rule import Rule, RuleDocs

CLAUSE = "《广告法》第九条(三)"
GUIDE = "市场监管总局《广告绝对化用语执法指南》"


class AbsoluteWording(Rule):
    id = "absolute-wording"
    code = "LL101"
    title = "绝对化用语"
    clause = "广告法 第九条(三); 市场监管总局《广告绝对化用语执法指南》(2023)"
    severity = "error"
    docs = RuleDocs(
        catches="标题、详情或 SKU 名称中形容商品的绝对化用语: 国家级、最高级、最佳、最好、最低价、全网最低、第一、销量第一、"
                "NO.1、TOP1、顶级、极品、世界级、史上最、独一无二、唯一、首选、王牌、领袖品牌、万能 …; 繁体、全角、"
                "夹杂空格或符号 (最 佳, 第.一)、谐音和数字写法 (蕞好, 弟一, 第1, 鼎级) 同样识别。",
        why="《广告法》第九条(三): 广告不得使用 \"国家级\"、\"最高级\"、\"最佳\" 等用语。按《广告绝对化用语执法指南》(2023), "
            "下列情形不属于对商品的绝对化宣传, 本规则不报: 服务态度和经营理念 (力争做到最好, 诚信第一)、目标追求、"
            "同一品牌或企业商品的自我比较 (比上一代最轻, 本店最热销)、使用方法/时间/保存期限等消费提示 "
            "(开封后最好三天内食用, 最佳赏味期)、国家或行业标准的分级用语 (一级能效, 特级, IP68 最高级别防水)、"
            "商品名称/注册商标/型号 (万能胶, 记录 brand 中的商标, 《》中的作品名)、依规评定的称号 (国家级非物质文化遗产), "
            "以及根本不是最高级的词 (最近, 最后一步, 最少起订, 第一步, 第一季, 第一次使用, 最大承重 150kg)。"
            "限定具体时间、地域或平台的销量/排名表述 (2023年双11某平台销量第一) 须能提供证明, 报 warning。"
            "\"最新/最新款\" 是时间先后的描述而非品质比较, 只给 info 建议写明年份。",
        bad="【全网最低价】史上最强 顶级纯棉T恤 销量第一",
        good="【优惠价】纯棉T恤 宽松百搭 热销款 (或: 2023年双11天猫T恤类目销量第一, 并能出示证明)",
        fix="删除或改写该词 (最好 → 很好, 最佳 → 优质, 顶级 → 高品质, 销量第一 → 热销); --unsafe-fixes 按词典的替换词改写。"
            "限定条件的排名须保留数据来源证明。",
    )

    @cached_property
    def _matcher(self) -> ContextualTerms:
        variants = variant_table(self.lexicon.table("char_variants"))
        rules = context_rules(self.lexicon.table("absolute_exceptions"), "absolute_exceptions.tsv")
        return ContextualTerms(self.lexicon.table("absolute_words"), variants, rules, "absolute_words.tsv")

    def check(self, listing: Listing) -> Iterable[Hit]:
        brand = None  # read at the first word found: most listings have none
        for path in listing.text_fields():
            text = listing.text(path)
            reported = 0
            for hit in self._matcher.finditer(text, passes=False):
                row = self._matcher.rows[hit.term]
                severity = hit.effect or row["severity"]
                if severity == "pass":
                    continue
                if brand is None:
                    brand = listing.text("brand").skeleton.value
                if inside_work_title(text.original, hit.start, hit.end) or _inside_brand(text, hit, brand):
                    continue
                yield self._hit(path, text.original, hit, row, severity)
                reported += 1
                if reported == MAX_HITS_PER_FIELD:
                    break

    def _hit(self, path: str, original: str, hit: TermHit, row: dict, severity: str) -> Hit:
        found = original[hit.start:hit.end]
        word = row["term"]
        if severity == "warning":
            message = (f"「{found}」是限定时间、地域或平台条件的销量/排名表述, 仅在能提供真实、准确的证明时合法 "
                       f"({CLAUSE}; {GUIDE}: {hit.rule.reason if hit.rule else row['source']})")
            suggestion = f"保留并能出示数据来源证明 (如第三方统计报告), 否则删除「{found}」"
            return Hit(path, hit.start, hit.end, found, message, suggestion, severity="warning")
        if severity == "info":
            message = f"「{found}」描述时间先后, 须真实; 建议写明具体年份或季节 ({GUIDE})"
            suggestion = f"如「2024{row['replacement'] or '新款'}」"
            return Hit(path, hit.start, hit.end, found, message, suggestion, severity="info")
        rewritten, fix = rewrite(original, hit.start, hit.end, row.get("replacement", ""), safe=False)
        shown = word if word != "最" else f"最{_following(original, hit.end)}"
        message = (f"「{found}」属于绝对化用语 (与「{shown}」同义), 广告中不得使用 ({CLAUSE}: 不得使用\"国家级\"、"
                   f"\"最高级\"、\"最佳\"等用语)")
        return Hit(path, hit.start, hit.end, found, message, suggestion=rewritten, fix=fix, severity=severity)


def _following(original: str, end: int) -> str:
    """The word right after a bare 最, for the message (最 + 舒适)."""
    tail = original[end:end + 4]
    word = []
    for char in tail:
        if not char.isalnum():
            break
        word.append(char)
    return "".join(word[:2])


def _inside_brand(text: Text, hit: TermHit, brand: str) -> bool:
    """A word that is part of the listing's own brand (a trademark, e.g. 第一坊) names the goods."""
    if not brand or len(brand) < 2:
        return False
    skeleton = text.skeleton.value
    index = skeleton.find(brand)
    while index >= 0:
        if index <= hit.view_start and hit.view_end <= index + len(brand):
            return True
        index = skeleton.find(brand, index + 1)
    return False
