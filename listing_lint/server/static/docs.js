// Renders /openapi.json as a readable page (FastAPI's own docs pages load scripts from a CDN).
"use strict";

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function pre(value) {
  return element("pre", { textContent: JSON.stringify(value, null, 2) });
}

function operation(path, method, op) {
  const box = element("section", { className: "op" },
    element("h2", {}, element("span", { className: `method ${method}`, textContent: method.toUpperCase() }), path),
    element("p", { textContent: op.summary || "" }));
  if (op.description) box.append(element("p", { textContent: op.description }));
  const params = op.parameters || [];
  if (params.length) {
    box.append(element("h3", { textContent: "参数" }));
    const table = element("table");
    for (const p of params) {
      table.append(element("tr", {}, element("td", {}, element("code", { textContent: p.name })),
        element("td", { textContent: `${p.in}${p.required ? ", 必填" : ""}` }),
        element("td", { textContent: p.description || "" })));
    }
    box.append(table);
  }
  const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
  if (body) {
    box.append(element("h3", { textContent: `请求体: ${op.requestBody.description || ""}` }));
    for (const [name, example] of Object.entries(body.examples || {})) {
      box.append(element("p", { textContent: `示例 (${example.summary || name}):` }), pre(example.value));
    }
    box.append(element("details", {}, element("summary", { textContent: "Schema" }), pre(body.schema)));
  }
  box.append(element("h3", { textContent: "响应" }));
  for (const [status, response] of Object.entries(op.responses || {})) {
    const content = response.content && response.content["application/json"];
    box.append(element("details", {}, element("summary", { textContent: `${status} ${response.description || ""}` }),
      content ? pre(content.schema) : null));
  }
  return box;
}

fetch("/openapi.json").then((r) => r.json()).then((spec) => {
  const doc = document.getElementById("doc");
  doc.textContent = "";
  doc.append(element("h1", { textContent: `${spec.info.title} ${spec.info.version}` }),
    element("p", { textContent: spec.info.description || "" }));
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) doc.append(operation(path, method, op));
  }
}).catch((error) => {
  document.getElementById("doc").textContent = `无法加载 /openapi.json: ${error}`;
});
