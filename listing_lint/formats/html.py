"""``html``: one self-contained report page for a whole catalog (inline CSS and JS, nothing fetched).

Totals, findings per rule and per shop as CSS bar charts, then the listings at most risk first, each
finding shown in its context with the offending characters marked. The formatter streams: per listing it
keeps only a display-ready summary of the ``MAX_LISTINGS`` riskiest listings (a bounded heap) and
counters for the rest, so a million-listing catalog gives a page of a few megabytes at most.
"""

from __future__ import annotations

import heapq
import html
from collections import Counter
from datetime import datetime
from typing import Any

from ..finding import SEVERITIES
from . import Formatter, Summary, display_path
from .text import excerpt

MAX_LISTINGS = 500  # listings rendered in full, riskiest first
MAX_FINDINGS_PER_LISTING = 30
MAX_SHOPS = 20  # bars in the per-shop chart
MAX_TEXT = 240  # characters of a message, suggestion or value shown
OPEN_LISTINGS = 10  # the riskiest listings start expanded
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
NO_SHOP = "(未填写 shop_id)"


def _short(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


class _Listing:
    """What the page shows of one listing: a risk key and display-ready findings."""

    __slots__ = ("listing_id", "shop", "where", "counts", "findings", "more", "seq")

    def __init__(self, listing_id: str, shop: str, where: tuple[str | None, int | None], seq: int):
        self.listing_id = listing_id
        self.shop = shop
        self.where = where  # (source, line)
        self.counts = Counter()
        self.findings: list[dict[str, str]] = []
        self.more = 0  # findings not kept (over MAX_FINDINGS_PER_LISTING)
        self.seq = seq

    @property
    def risk(self) -> tuple:
        # Errors first, then warnings, then advice; among equals, the earlier listing in the catalog.
        return (self.counts["error"], self.counts["warning"], self.counts["info"], -self.seq)


class HtmlFormatter(Formatter):
    name = "html"

    def begin(self) -> None:
        self._heap: list[tuple[tuple, str]] = []  # (risk, listing id): the smallest risk on top
        self._kept: dict[str, _Listing] = {}
        self._flagged: set[str] = set()
        self._by_rule: dict[str, Counter] = {}
        self._by_shop: dict[str, Counter] = {}
        self._seq = 0

    # -- streaming -------------------------------------------------------------------------------

    def outcome(self, outcome) -> None:
        if not outcome.findings:
            return
        listing_id = outcome.listing_id or "(无 id)"
        # A catalog without shop_id is one shop (CONTRACT §1).
        shop = outcome.shop_id or NO_SHOP
        self._flagged.add(listing_id)
        entry = self._kept.get(listing_id)
        if entry is None:
            self._seq += 1
            entry = _Listing(listing_id, shop, (outcome.source, outcome.line), self._seq)
        for finding in outcome.findings:
            self._by_rule.setdefault(finding.rule, Counter())[finding.severity] += 1
            self._by_shop.setdefault(shop, Counter())[finding.severity] += 1
            entry.counts[finding.severity] += 1
        if not self._keep(entry):
            return
        for finding in outcome.findings:  # only the listings kept are worth preparing for display
            if len(entry.findings) < MAX_FINDINGS_PER_LISTING:
                entry.findings.append(self._display(finding, outcome.values.get(finding.field)))
            else:
                entry.more += 1

    def _keep(self, entry: _Listing) -> bool:
        """Keep the MAX_LISTINGS riskiest; True when ``entry`` is kept. A catalog finding (a duplicate) for
        a listing already kept adds to it; for one already dropped it starts a new, smaller entry, which is
        right for the ranking unless the listing was just below the cut."""
        if entry.listing_id in self._kept:
            self._heap = [(kept.risk, kept.listing_id) for kept in self._kept.values()]
            heapq.heapify(self._heap)
            return True
        if len(self._heap) < MAX_LISTINGS:
            heapq.heappush(self._heap, (entry.risk, entry.listing_id))
        elif entry.risk > self._heap[0][0]:
            _, dropped = heapq.heapreplace(self._heap, (entry.risk, entry.listing_id))
            del self._kept[dropped]
        else:
            return False
        self._kept[entry.listing_id] = entry
        return True

    def _display(self, finding, value: str | None) -> dict[str, str]:
        """The finding as the page shows it, trimmed: a 1 MB detail must not end up in the report."""
        shown = {"severity": finding.severity, "rule": finding.rule, "code": finding.code or "",
                 "field": finding.field, "message": _short(finding.message)}
        if value is not None and finding.start is not None and finding.end is not None:
            shown["before"], shown["mark"], shown["after"] = excerpt(value, finding.start, finding.end)
        else:
            shown["before"], shown["mark"], shown["after"] = "", _short(finding.text), ""
        if finding.fix is not None and value is not None:
            old = value[finding.fix.start:finding.fix.end].strip() or value[finding.fix.start:finding.fix.end]
            shown["advice"] = (f"把「{_short(old, 60)}」改为「{_short(finding.fix.replacement, 60)}」"
                               if finding.fix.replacement else f"删除「{_short(old, 60)}」")
        elif finding.suggestion:
            shown["advice"] = _short(finding.suggestion)
        if finding.related:
            shown["related"] = _short(", ".join(finding.related))
        return shown

    # -- the page --------------------------------------------------------------------------------

    def end(self, summary: Summary) -> None:
        rules = {rule.id: rule for rule in self.linter.rules}
        listings = sorted(self._kept.values(), key=lambda entry: entry.risk, reverse=True)
        write = self.stream.write
        profile = self.linter.profile.get("title", self.linter.config.profile)
        write(_HEAD)
        write(f"<header><h1>商品信息检查报告</h1><p class=meta>{_e(profile)} · "
              f"{_e(datetime.now().strftime('%Y-%m-%d %H:%M'))} · listing-lint · "
              f"{_e(', '.join(display_path(s) for s in summary.sources[:5]))}"
              f"{' …' if len(summary.sources) > 5 else ''}</p></header>\n<main>\n")
        write(self._totals(summary))
        write(self._rule_chart(rules))
        write(self._shop_chart())
        write(self._listing_section(listings, rules))
        write("</main>\n")
        write(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")

    def _totals(self, summary: Summary) -> str:
        flagged = len(self._flagged)
        share = f"{flagged / summary.listings:.1%}" if summary.listings else "-"
        cards = [("检查的商品", f"{summary.listings:,}", ""), ("有问题的商品", f"{flagged:,}", f"占 {share}")]
        for severity in SEVERITIES:
            cards.append((SEVERITY_LABEL[severity], f"{summary.by_severity.get(severity, 0):,}", severity))
        if summary.input_errors:
            cards.append(("输入错误", f"{summary.input_errors:,}", "未能检查的记录, 见命令行输出"))
        if summary.stale_baseline:
            cards.append(("基线中已消失", f"{summary.stale_baseline:,}", "已修复或已删除"))
        cells = "".join(f"<div class='card {_e(note) if note in SEVERITIES else ''}'><div class=num>{_e(value)}</div>"
                        f"<div class=label>{_e(label)}</div>"
                        f"{'' if note in SEVERITIES or not note else f'<div class=note>{_e(note)}</div>'}</div>"
                        for label, value, note in cards)
        seconds = f"<p class=meta>用时 {summary.seconds:.1f} 秒</p>" if summary.seconds else ""
        return f"<section class=totals>{cells}</section>{seconds}\n"

    @staticmethod
    def _bars(rows: list[tuple[str, str, Counter]], filter_kind: str) -> str:
        """Stacked CSS bars (error / warning / info), widths relative to the largest row."""
        if not rows:
            return "<p class=empty>未发现问题。</p>"
        largest = max(sum(counts.values()) for _, _, counts in rows) or 1
        out = ["<div class=bars>"]
        for key, label, counts in rows:
            total = sum(counts.values())
            segments = "".join(f"<span class='seg {s}' style='width:{100 * counts[s] / largest:.2f}%' "
                               f"title='{SEVERITY_LABEL[s]} {counts[s]}'></span>" for s in SEVERITIES if counts[s])
            out.append(f"<button class=bar data-{filter_kind}='{_e(key)}' title='只看这些商品'>"
                       f"<span class=bar-label>{label}</span><span class=track>{segments}</span>"
                       f"<span class=bar-count>{total:,}</span></button>")
        out.append("</div>")
        return "".join(out)

    def _rule_chart(self, rules: dict) -> str:
        rows = []
        for rule_id, counts in sorted(self._by_rule.items(), key=lambda item: (-sum(item[1].values()), item[0])):
            rule = rules.get(rule_id)
            label = (f"<code>{_e(rule.code)}</code> {_e(rule.title)}" if rule else f"<code>{_e(rule_id)}</code>")
            rows.append((rule_id, label, counts))
        # The penalty a rule risks is the same for each of its findings: said once, here.
        penalties = "".join(f"<li><code>{_e(rule.code)}</code> {_e(rule.title)}: {_e(penalty)}</li>"
                            for rule_id, _, _ in rows if (rule := rules.get(rule_id))
                            and (penalty := self.linter.penalty_of(rule_id)))
        tail = f"<details class=penalties open><summary>可能的处罚</summary><ul>{penalties}</ul></details>" if penalties else ""
        quiet = [rule for rule_id, rule in rules.items() if rule_id not in self._by_rule]
        if quiet:
            tail += ("<p class=meta>未发现问题的规则: "
                    + "、".join(f"{_e(rule.code)} {_e(rule.title)}" for rule in quiet) + "</p>")
        return f"<section><h2>各规则的问题数</h2>{self._bars(rows, 'rule')}{tail}</section>\n"

    def _shop_chart(self) -> str:
        ranked = sorted(self._by_shop.items(), key=lambda item: (-sum(item[1].values()), item[0]))
        rows = [(shop, _e(_short(shop, 40)), counts) for shop, counts in ranked[:MAX_SHOPS]]
        tail = ""
        if len(ranked) > MAX_SHOPS:
            rest = sum(sum(counts.values()) for _, counts in ranked[MAX_SHOPS:])
            tail = f"<p class=meta>另有 {len(ranked) - MAX_SHOPS:,} 家店铺, 共 {rest:,} 个问题。</p>"
        return f"<section><h2>各店铺的问题数</h2>{self._bars(rows, 'shop')}{tail}</section>\n"

    def _listing_section(self, listings: list[_Listing], rules: dict) -> str:
        out = ["<section><h2>风险最高的商品</h2>"]
        hidden = len(self._flagged) - len(listings)
        note = f"按风险排序 (错误数, 再警告数), 列出前 {len(listings):,} 条"
        if hidden > 0:
            note += f"; 另有 {hidden:,} 条有问题的商品未列出 (用 --format json 导出全部问题)"
        out.append(f"<p class=meta>{note}。</p>")
        if listings:
            out.append("<div class=filters><input id=q type=search placeholder='筛选: 商品 id、店铺、规则或文字' "
                       "aria-label=筛选><select id=sev aria-label=级别><option value=''>全部级别</option>"
                       "<option value=error>有错误</option><option value=warning>有警告</option></select>"
                       "<button id=clear type=button>清除筛选</button><span id=shown class=meta></span></div>")
        out.append("<div id=listings>")
        for rank, entry in enumerate(listings):
            out.append(self._listing(entry, rules, open_=rank < OPEN_LISTINGS))
        out.append("</div></section>\n")
        return "".join(out)

    def _listing(self, entry: _Listing, rules: dict, open_: bool) -> str:
        counts = " ".join(f"<span class='pill {s}'>{SEVERITY_LABEL[s]} {entry.counts[s]}</span>"
                          for s in SEVERITIES if entry.counts[s])
        rule_ids = sorted({f["rule"] for f in entry.findings})
        severities = [s for s in SEVERITIES if entry.counts[s]]
        items = "".join(self._finding(f, rules) for f in entry.findings)
        if entry.more:
            items += f"<li class=meta>另有 {entry.more} 个问题未列出</li>"
        return (f"<details class=listing{' open' if open_ else ''} data-id='{_e(entry.listing_id)}' "
                f"data-shop='{_e(entry.shop)}' data-rules='{_e(' '.join(rule_ids))}' "
                f"data-sev='{_e(' '.join(severities))}'>"
                f"<summary><strong>{_e(_short(entry.listing_id, 80))}</strong> <span class=shop>{_e(_short(entry.shop, 40))}</span>"
                f" {counts} <span class=where>{_e(self._where(*entry.where))}</span></summary><ol>{items}</ol></details>\n")

    def _where(self, source: str | None, line: int | None) -> str:
        return display_path(source) + (f":{line}" if line else "")

    @staticmethod
    def _finding(f: dict[str, str], rules: dict) -> str:
        rule = rules.get(f["rule"])
        title = _e(rule.title) if rule else ""
        context = (f"<p class=context><span class=field>{_e(f['field'])}</span> {_e(f['before'])}"
                   f"<mark class={f['severity']}>{_e(f['mark']) or '(空)'}</mark>{_e(f['after'])}</p>")
        advice = f"<p class=advice>建议: {_e(f['advice'])}</p>" if f.get("advice") else ""
        related = f"<p class=meta>相关商品: {_e(f['related'])}</p>" if f.get("related") else ""
        return (f"<li class={f['severity']}><div class=head><span class='sev {f['severity']}'>"
                f"{SEVERITY_LABEL.get(f['severity'], f['severity'])}</span> <code>{_e(f['code'])}</code> "
                f"<strong>{title}</strong> <span class=meta>{_e(f['rule'])}</span></div>"
                f"{context}<p class=message>{_e(f['message'])}</p>{advice}{related}</li>")


_HEAD = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>商品信息检查报告 · listing-lint</title>
<style>
:root{--ink:#1f2329;--muted:#646a73;--line:#dee0e3;--paper:#fff;--ground:#f5f6f7;--error:#d83931;--warning:#c27c00;
--info:#3370ff;--error-bg:rgba(216,57,49,.15);--warning-bg:rgba(255,170,0,.22);--info-bg:rgba(51,112,255,.14);
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
*{box-sizing:border-box}body{margin:0;background:var(--ground);color:var(--ink);font-size:14px;line-height:1.6}
header{background:var(--paper);border-bottom:1px solid var(--line);padding:12px 20px}h1{margin:0;font-size:20px}
main{max-width:1100px;margin:0 auto;padding:12px 16px 40px}section{background:var(--paper);border:1px solid var(--line);
border-radius:10px;padding:12px 16px;margin:12px 0}h2{font-size:16px;margin:0 0 8px}.meta{color:var(--muted);font-size:12px;margin:4px 0}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;background:none;border:0;padding:0}
.card{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:10px 14px}.card .num{font-size:24px;font-weight:700}
.card .label{color:var(--muted)}.card .note{font-size:12px;color:var(--muted)}.card.error .num{color:var(--error)}
.card.warning .num{color:var(--warning)}.card.info .num{color:var(--info)}
.bars{display:grid;gap:4px}.bar{display:grid;grid-template-columns:minmax(8em,16em) 1fr 4em;gap:10px;align-items:center;
background:none;border:0;padding:2px 4px;font:inherit;color:inherit;text-align:left;cursor:pointer;border-radius:4px}
.bar:hover,.bar.on{background:var(--ground)}.bar-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.track{display:flex;height:14px;background:var(--ground);border-radius:3px;overflow:hidden}.seg{display:block;height:100%}
.seg.error{background:var(--error)}.seg.warning{background:#f0a800}.seg.info{background:var(--info)}.bar-count{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}.filters input{flex:1 1 14em;padding:6px 8px;
border:1px solid var(--line);border-radius:6px;font:inherit}.filters select,.filters button{font:inherit;padding:5px 8px;border:1px solid var(--line);
border-radius:6px;background:var(--paper)}
details.listing{border:1px solid var(--line);border-radius:8px;margin:6px 0;background:var(--paper)}
details.listing>summary{cursor:pointer;padding:8px 12px;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.shop,.where{color:var(--muted);font-size:12px}.where{margin-left:auto}.pill{font-size:12px;padding:0 6px;border-radius:8px}
.pill.error{background:var(--error-bg);color:var(--error)}.pill.warning{background:var(--warning-bg);color:var(--warning)}
.pill.info{background:var(--info-bg);color:var(--info)}ol{margin:0;padding:0 12px 8px 34px}
.listing li{margin:6px 0;padding:6px 10px;border-left:3px solid var(--info);background:#fafbfc}.listing li.error{border-left-color:var(--error)}
.listing li.warning{border-left-color:var(--warning)}.listing li p{margin:2px 0;overflow-wrap:anywhere}
.sev{font-size:12px;color:#fff;padding:0 6px;border-radius:4px;background:var(--info)}.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}
.context{font-size:15px;background:var(--paper);border:1px solid var(--line);border-radius:4px;padding:2px 8px;white-space:pre-wrap}
.context .field{font-size:11px;color:var(--muted);margin-right:6px}
mark{border-radius:2px;padding:0 1px;color:inherit}mark.error{background:var(--error-bg);box-shadow:inset 0 -2px 0 var(--error)}
mark.warning{background:var(--warning-bg);box-shadow:inset 0 -2px 0 var(--warning)}mark.info{background:var(--info-bg);box-shadow:inset 0 -2px 0 var(--info)}
.advice{color:#1d6b32}.penalties{font-size:12px;color:var(--muted);margin:6px 0}.penalties summary{cursor:pointer}
.penalties ul{margin:4px 0;padding-left:18px}.empty{color:var(--muted)}
@media (max-width:600px){.bar{grid-template-columns:minmax(6em,9em) 1fr 3em}.where{margin-left:0}}
</style>
</head>
<body>
"""

# Filtering the listed listings: by text, by severity, or by clicking a rule or shop bar.
_SCRIPT = """
(function(){
  var q=document.getElementById('q'),sev=document.getElementById('sev'),shown=document.getElementById('shown');
  if(!q)return;
  var items=[].slice.call(document.querySelectorAll('details.listing')),rule='',shop='';
  function apply(){
    var text=q.value.trim().toLowerCase(),n=0;
    items.forEach(function(d){
      var ok=(!rule||(' '+d.dataset.rules+' ').indexOf(' '+rule+' ')>=0)&&(!shop||d.dataset.shop===shop)
        &&(!sev.value||d.dataset.sev.indexOf(sev.value)>=0)&&(!text||d.textContent.toLowerCase().indexOf(text)>=0);
      d.hidden=!ok;if(ok)n++;
    });
    shown.textContent=(rule||shop||text||sev.value)?('显示 '+n+' / '+items.length+' 条'):'';
    document.querySelectorAll('.bar').forEach(function(b){
      b.classList.toggle('on',(b.dataset.rule&&b.dataset.rule===rule)||(b.dataset.shop!==undefined&&b.dataset.shop===shop));
    });
  }
  document.querySelectorAll('.bar').forEach(function(b){
    b.addEventListener('click',function(){
      if(b.dataset.rule!==undefined){rule=rule===b.dataset.rule?'':b.dataset.rule;}
      else{shop=shop===b.dataset.shop?'':b.dataset.shop;}
      apply();document.getElementById('listings').scrollIntoView({behavior:'smooth'});
    });
  });
  q.addEventListener('input',apply);sev.addEventListener('change',apply);
  document.getElementById('clear').addEventListener('click',function(){q.value='';sev.value='';rule='';shop='';apply();});
})();
"""
