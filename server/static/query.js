// Runs the form's query with fetch and shows SELECT results as a table. Plain DOM, no
// innerHTML: every value is inserted as text, so results cannot inject markup.
"use strict";

const form = document.getElementById("query-form");
const results = document.getElementById("results");
const status = document.getElementById("status");

function cell(term) {
  if (!term) return "";
  if (term.type === "uri") return "<" + term.value + ">";
  if (term.type === "bnode") return "_:" + term.value;
  let text = JSON.stringify(term.value);
  if (term["xml:lang"]) text += "@" + term["xml:lang"];
  else if (term.datatype && !term.datatype.endsWith("#string")) text += "^^<" + term.datatype + ">";
  return text;
}

function showTable(data) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = "?" + name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const name of data.head.vars) row.insertCell().textContent = cell(binding[name]);
  }
  results.replaceChildren(table);
  status.textContent = data.results.bindings.length + " result(s)";
}

function showText(text, className) {
  const pre = document.createElement("pre");
  if (className) pre.className = className;
  pre.textContent = text;
  results.replaceChildren(pre);
}

async function run(event) {
  if (event) event.preventDefault();
  const params = new URLSearchParams(new FormData(form));
  status.textContent = "running…";
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: params,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const type = response.headers.get("Content-Type") || "";
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { message = JSON.parse(text).error; } catch (e) { /* not JSON */ }
      status.textContent = "error " + response.status;
      showText(message, "error");
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) { status.textContent = ""; showText(String(data.boolean)); }
      else showTable(data);
    } else {
      status.textContent = "";
      showText(text);
    }
  } catch (error) {
    status.textContent = "failed";
    showText(String(error), "error");
  }
}

form.addEventListener("submit", run);
// A form opened from an example link runs at once; switch to a graph format for CONSTRUCT.
const textarea = document.getElementById("query");
if (/^\s*(?:(?:PREFIX|BASE)[^{]*?)?\b(CONSTRUCT|DESCRIBE)\b/i.test(textarea.value)) {
  document.getElementById("format").value = "turtle";
}
if (textarea.value.trim()) run();
