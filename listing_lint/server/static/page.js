// The pre-publish check page: builds a listing from the form, asks POST /v1/lint as the merchant types
// (debounced; stale answers dropped), highlights each finding in place and applies suggested rewrites.
//
// Offsets in findings are Unicode code points into the original field value; JavaScript strings index
// UTF-16 units, so every offset goes through toUnits()/codePoints() (an emoji is one code point, two units).
"use strict";

const DEBOUNCE_MS = 250;
const SEVERITY_LABEL = { error: "错误", warning: "警告", info: "提示" };
const FIELD_LABEL = { title: "标题", detail: "详情", price: "价格", freight: "运费", freight_regions: "分地区运费",
  category: "类目", brand: "品牌", images: "主图", campaigns: "活动", skus: "SKU", virtual: "虚拟商品" };

const form = document.getElementById("listing");
const statusBox = document.getElementById("status");
const profileSelect = document.getElementById("profile");
const skuList = document.getElementById("skus");

let rulesById = {};
let timer = null;
let sequence = 0;
let inflight = null;
let lastFindings = [];
let checkedValues = {}; // field path -> value the shown findings were computed for

// --- code points vs UTF-16 ------------------------------------------------------------------------

function toUnits(text, codePoint) {
  let units = 0, index = 0;
  for (const ch of text) {
    if (index === codePoint) return units;
    units += ch.length;
    index += 1;
  }
  return units;
}

function codePoints(text) {
  return Array.from(text);
}

// --- the form as a listing ------------------------------------------------------------------------

function skuRows() {
  return Array.from(skuList.querySelectorAll(".sku"));
}

function addSku(name = "", price = "") {
  const row = document.getElementById("sku-row").content.firstElementChild.cloneNode(true);
  row.querySelector(".sku-name").value = name;
  row.querySelector(".sku-price").value = price;
  row.querySelector(".remove").addEventListener("click", () => { row.remove(); renumberSkus(); schedule(0); });
  skuList.appendChild(row);
  renumberSkus();
  syncBackdrop(row.querySelector(".sku-name"));
  return row;
}

function renumberSkus() {
  skuRows().forEach((row, i) => {
    row.querySelector(".sku-name").dataset.field = `skus[${i}].name`;
    row.querySelector(".sku-price").dataset.field = `skus[${i}].price`;
    row.querySelector(".issues").dataset.for = `skus[${i}]`;
    row.querySelector(".sku-name").setAttribute("aria-label", `SKU ${i + 1} 名称`);
    row.querySelector(".sku-price").setAttribute("aria-label", `SKU ${i + 1} 价格`);
  });
}

function numberOf(input) {
  const text = input.value.trim();
  if (text === "") return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

function listOf(text, separator) {
  return text.split(separator).map((part) => part.trim()).filter(Boolean);
}

function currentListing() {
  const value = (id) => document.getElementById(id).value;
  const listing = { id: "draft" };
  for (const key of ["title", "detail", "category", "brand"]) {
    if (value(key) !== "") listing[key] = value(key);
  }
  for (const key of ["price", "freight"]) {
    const number = numberOf(document.getElementById(key));
    if (number !== undefined) listing[key] = number;
  }
  const skus = skuRows().map((row) => {
    const sku = { name: row.querySelector(".sku-name").value };
    const price = numberOf(row.querySelector(".sku-price"));
    if (price !== undefined) sku.price = price;
    return sku;
  });
  if (skus.length) listing.skus = skus;
  listing.images = listOf(value("images"), /\n/);
  const campaigns = listOf(value("campaigns"), /[,，、]/);
  if (campaigns.length) listing.campaigns = campaigns;
  return listing;
}

function fillForm(record) {
  const set = (id, v) => { document.getElementById(id).value = v === undefined || v === null ? "" : String(v); };
  for (const key of ["title", "detail", "category", "brand", "price", "freight"]) set(key, record[key]);
  set("images", Array.isArray(record.images) ? record.images.join("\n") : "");
  set("campaigns", Array.isArray(record.campaigns) ? record.campaigns.join(", ") : "");
  skuRows().forEach((row) => row.remove());
  for (const sku of Array.isArray(record.skus) ? record.skus : []) {
    addSku(sku && sku.name ? String(sku.name) : "", sku && sku.price !== undefined ? sku.price : "");
  }
  form.querySelectorAll(".hl textarea").forEach(syncBackdrop);
  schedule(0);
}

function fieldInput(path) {
  return form.querySelector(`[data-field="${CSS.escape(path)}"]`);
}

// --- checking -------------------------------------------------------------------------------------

// document.body.dataset.state: "pending" (a check is due), "checking", "done" or "failed".
function setState(state) {
  document.body.dataset.state = state;
}

function schedule(delay = DEBOUNCE_MS) {
  setState("pending");
  clearTimeout(timer);
  timer = setTimeout(check, delay);
}

async function check() {
  const mine = ++sequence;
  if (inflight) inflight.abort();
  inflight = new AbortController();
  const listing = currentListing();
  const values = snapshotValues();
  setState("checking");
  statusBox.className = "status busy";
  statusBox.textContent = "检查中…";
  let response, body;
  try {
    const profile = profileSelect.value ? `?profile=${encodeURIComponent(profileSelect.value)}` : "";
    response = await fetch(`/v1/lint${profile}`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(listing), signal: inflight.signal,
    });
    body = await response.json();
  } catch (error) {
    if (error.name === "AbortError") return;
    if (mine !== sequence) return;
    setState("failed");
    statusBox.className = "status failed";
    statusBox.textContent = "无法连接检查服务, 请确认 listing-lint serve 仍在运行";
    return;
  }
  // The merchant typed on: the offsets would point at the wrong characters, and a newer check is coming.
  if (mine !== sequence || JSON.stringify(snapshotValues()) !== JSON.stringify(values)) return;
  if (!response.ok) {
    const error = body && body.error ? body.error : { message: `HTTP ${response.status}` };
    setState("failed");
    statusBox.className = "status failed";
    statusBox.textContent = `无法检查: ${error.field ? error.field + ": " : ""}${error.message}`;
    return;
  }
  checkedValues = values;
  render(body.findings || []);
  setState("done");
}

function snapshotValues() {
  const values = {};
  form.querySelectorAll("[data-field]").forEach((input) => { values[input.dataset.field] = input.value; });
  return values;
}

// --- showing findings -----------------------------------------------------------------------------

function render(findings) {
  lastFindings = findings;
  form.parentElement.querySelectorAll(".issues").forEach((box) => { box.textContent = ""; });
  const byField = {};
  findings.forEach((finding, index) => {
    (byField[finding.field] = byField[finding.field] || []).push(index);
    issuesBoxFor(finding.field).appendChild(card(finding, index));
  });
  form.querySelectorAll(".hl textarea").forEach((input) => {
    paintBackdrop(input, (byField[input.dataset.field] || []).map((i) => [i, findings[i]]));
  });
  form.querySelectorAll("input[data-field], #images").forEach((input) => {
    input.classList.toggle("flagged", Boolean(byField[input.dataset.field]));
  });
  showStatus(findings);
}

function issuesBoxFor(path) {
  const head = path.split(/[.[]/)[0];
  const sku = /^skus\[(\d+)\]/.exec(path);
  const box = (sku && form.querySelector(`.issues[data-for="skus[${sku[1]}]"]`))
    || form.querySelector(`.issues[data-for="${CSS.escape(path)}"]`)
    || form.querySelector(`.issues[data-for="${CSS.escape(head === "freight_regions" ? "freight" : head)}"]`);
  return box || document.querySelector('.issues[data-for="general"]');
}

function showStatus(findings) {
  const count = { error: 0, warning: 0, info: 0 };
  findings.forEach((f) => { count[f.severity] = (count[f.severity] || 0) + 1; });
  if (!findings.length) {
    statusBox.className = "status ok";
    statusBox.textContent = "✓ 未发现问题";
    return;
  }
  const parts = [];
  if (count.error) parts.push(`${count.error} 个错误`);
  if (count.warning) parts.push(`${count.warning} 个警告`);
  if (count.info) parts.push(`${count.info} 个提示`);
  statusBox.className = count.error ? "status bad" : "status warn";
  statusBox.textContent = `发现 ${parts.join(", ")}` + (count.error ? ": 发布会被拦截或处罚" : "");
}

function paintBackdrop(input, marks) {
  const backdrop = input.parentElement.querySelector(".backdrop");
  const text = input.value;
  backdrop.textContent = "";
  let cursor = 0;
  const spans = marks
    .filter(([, f]) => Number.isInteger(f.start) && Number.isInteger(f.end))
    .map(([i, f]) => [i, f, toUnits(text, f.start), toUnits(text, f.end)])
    .sort((a, b) => a[2] - b[2]);
  for (const [index, finding, start, end] of spans) {
    const from = Math.max(start, cursor);
    if (end <= from) continue; // overlaps one already marked
    backdrop.appendChild(document.createTextNode(text.slice(cursor, from)));
    const mark = document.createElement("mark");
    mark.className = `sev-${finding.severity}`;
    mark.dataset.index = index;
    mark.textContent = text.slice(from, end);
    backdrop.appendChild(mark);
    cursor = end;
  }
  // A trailing newline needs something after it to take up its line, as it does in the textarea.
  backdrop.appendChild(document.createTextNode(text.slice(cursor) + "\u200b"));
}

function syncBackdrop(input) {
  paintBackdrop(input, []);
}

function fieldLabel(path) {
  const sku = /^skus\[(\d+)\]\.(\w+)/.exec(path);
  if (sku) return `SKU ${Number(sku[1]) + 1} ${sku[2] === "price" ? "价格" : "名称"}`;
  if (path.startsWith("attributes.")) return `参数 ${path.slice(11)}`;
  return FIELD_LABEL[path] || path;
}

function card(finding, index) {
  const node = document.getElementById("issue-card").content.firstElementChild.cloneNode(true);
  const rule = rulesById[finding.rule];
  node.classList.add(`sev-${finding.severity}`);
  node.dataset.index = index;
  node.dataset.rule = finding.rule;
  node.querySelector(".severity").textContent = SEVERITY_LABEL[finding.severity] || finding.severity;
  node.querySelector(".rule").textContent = rule ? rule.title : finding.rule;
  node.querySelector(".code").textContent = finding.code || finding.rule;
  node.querySelector(".code").title = finding.rule;
  node.querySelector(".where").textContent = fieldLabel(finding.field);
  const quote = node.querySelector(".quote");
  if (finding.text && Number.isInteger(finding.start)) { // a value without offsets is named by the message
    const mark = document.createElement("mark");
    mark.textContent = finding.text;
    quote.append("「", mark, "」");
  } else {
    quote.remove();
  }
  node.querySelector(".message").textContent = finding.message;
  const penalty = node.querySelector(".penalty");
  if (finding.penalty) penalty.textContent = `可能的处罚: ${finding.penalty}`;
  else penalty.remove();
  if (finding.related && finding.related.length) {
    const related = document.createElement("p");
    related.className = "related";
    related.textContent = `相关商品: ${finding.related.join(", ")}`;
    node.insertBefore(related, node.querySelector(".remedy"));
  }
  remedy(node.querySelector(".remedy"), finding);
  if (rule && rule.docs) node.appendChild(ruleDocs(rule));
  node.addEventListener("mouseenter", () => toggleMark(index, true));
  node.addEventListener("mouseleave", () => toggleMark(index, false));
  return node;
}

function ruleDocs(rule) {
  const docs = document.createElement("details");
  docs.className = "docs";
  const summary = document.createElement("summary");
  summary.textContent = `规则说明 (${rule.clause})`;
  docs.appendChild(summary);
  for (const [label, text] of [["为什么", rule.docs.why], ["违规示例", rule.docs.bad], ["合规示例", rule.docs.good],
                               ["如何修改", rule.docs.fix]]) {
    const line = document.createElement("p");
    const name = document.createElement("strong");
    name.textContent = `${label}: `;
    line.append(name, text);
    docs.appendChild(line);
  }
  return docs;
}

function toggleMark(index, on) {
  document.querySelectorAll(`.backdrop mark[data-index="${index}"]`).forEach((m) => m.classList.toggle("active", on));
}

// --- suggestions ------------------------------------------------------------------------------------

// A suggestion is a rewrite of the field (applicable with a click) when it keeps the text around the
// offending span; otherwise it is advice, shown as such.
function rewriteOf(finding) {
  const input = fieldInput(finding.field);
  if (!input || input.tagName !== "TEXTAREA" || typeof finding.suggestion !== "string") return null;
  if (!Number.isInteger(finding.start) || !Number.isInteger(finding.end)) return null;
  const value = codePoints(checkedValues[finding.field] ?? input.value);
  const suggestion = codePoints(finding.suggestion);
  const outside = value.length - (finding.end - finding.start);
  if (outside <= 0 || finding.suggestion === value.join("")) return null;
  let prefix = 0;
  while (prefix < value.length && prefix < suggestion.length && value[prefix] === suggestion[prefix]) prefix++;
  let suffix = 0;
  while (suffix < value.length - prefix && suffix < suggestion.length - prefix
         && value[value.length - 1 - suffix] === suggestion[suggestion.length - 1 - suffix]) suffix++;
  return prefix + suffix >= outside * 0.6 ? finding.suggestion : null;
}

function remedy(box, finding) {
  const input = fieldInput(finding.field);
  const rewrite = rewriteOf(finding);
  const applicable = input && (finding.fix || rewrite !== null);
  const advice = document.createElement("p");
  advice.className = "suggestion";
  if (finding.fix && input) {
    const old = codePoints(checkedValues[finding.field] ?? input.value).slice(finding.fix.start, finding.fix.end).join("");
    advice.textContent = finding.fix.replacement
      ? `建议: 把「${old}」改为「${finding.fix.replacement}」`
      : `建议: 删除「${old.trim() || old}」`;
  } else if (rewrite !== null) {
    advice.textContent = `建议改为: ${rewrite || "(清空)"}`;
  } else if (finding.suggestion) {
    advice.textContent = `建议: ${finding.suggestion}`;
  } else {
    return;
  }
  box.appendChild(advice);
  if (!applicable) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "apply";
  button.textContent = finding.fix && finding.fix.safe === false ? "应用修改 (会改变措辞, 请确认)" : "应用修改";
  button.addEventListener("click", () => apply(finding, input, rewrite));
  box.appendChild(button);
}

function apply(finding, input, rewrite) {
  const path = finding.field;
  if (input.value !== checkedValues[path]) { // edited since this was checked: the offsets are stale
    schedule(0);
    return;
  }
  if (finding.fix) {
    const chars = codePoints(input.value);
    input.value = chars.slice(0, finding.fix.start).join("") + finding.fix.replacement + chars.slice(finding.fix.end).join("");
  } else {
    input.value = rewrite;
  }
  input.dispatchEvent(new Event("input", { bubbles: true }));
  schedule(0);
}

// --- rules and profiles -----------------------------------------------------------------------------

async function loadRules() {
  const profile = profileSelect.value ? `?profile=${encodeURIComponent(profileSelect.value)}` : "";
  try {
    const response = await fetch(`/v1/rules${profile}`);
    const body = await response.json();
    if (!response.ok) return;
    rulesById = Object.fromEntries(body.rules.map((rule) => [rule.id, rule]));
    if (!profileSelect.options.length) {
      for (const p of body.profiles) profileSelect.add(new Option(p.title ? `${p.title}` : p.name, p.name));
      profileSelect.value = body.profile.name;
    }
  } catch (error) {
    statusBox.className = "status failed";
    statusBox.textContent = "无法连接检查服务, 请确认 listing-lint serve 仍在运行";
  }
}

// --- wiring -------------------------------------------------------------------------------------------

form.addEventListener("input", (event) => {
  const input = event.target;
  if (input.closest(".json")) return;
  if (input.matches(".hl textarea")) {
    // Until the next answer, marks would sit on the wrong characters: show the text unmarked.
    syncBackdrop(input);
  }
  if (event.isComposing) return; // wait for the IME to finish the word
  schedule();
});
form.addEventListener("compositionend", () => schedule());
form.addEventListener("keydown", (event) => {
  // Titles and SKU names are one line.
  if (event.key === "Enter" && event.target.matches("#title, .sku-name")) event.preventDefault();
});
document.getElementById("add-sku").addEventListener("click", () => { addSku().querySelector(".sku-name").focus(); });
profileSelect.addEventListener("change", async () => { await loadRules(); schedule(0); });

document.getElementById("json-load").addEventListener("click", () => {
  const errorBox = document.getElementById("json-error");
  errorBox.textContent = "";
  try {
    const record = JSON.parse(document.getElementById("json").value);
    if (!record || typeof record !== "object" || Array.isArray(record)) throw new Error("应为一个 JSON 对象 (一条商品)");
    fillForm(record);
  } catch (error) {
    errorBox.textContent = `无法读取: ${error.message}`;
  }
});
document.getElementById("json-export").addEventListener("click", () => {
  document.getElementById("json").value = JSON.stringify(currentListing(), null, 2);
});

addSku();
form.querySelectorAll(".hl textarea").forEach(syncBackdrop);
loadRules().then(() => schedule(0));
