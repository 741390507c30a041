// The query page: send the editor's query to the endpoint and show the answer as a table or as text.
(function () {
  "use strict";
  const form = document.getElementById("sparql-form");
  const editor = document.getElementById("query");
  const statusLine = document.getElementById("status");
  const output = document.getElementById("output");
  const examples = document.getElementById("examples");
  const download = document.getElementById("download");
  const downloadFormat = document.getElementById("download-format");
  const base = form.dataset.base;

  function setStatus(text, kind) {
    statusLine.textContent = text;
    statusLine.className = kind || "";
  }

  // IRIs under the data base are served by this server at the same path (iris.path_for).
  function hrefFor(iri) {
    return base && iri.startsWith(base) ? "/" + iri.slice(base.length) : iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = hrefFor(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.appendChild(document.createTextNode(term.type === "bnode" ? "_:" + term.value : term.value));
      const note = term["xml:lang"] ? ["lang", "@" + term["xml:lang"]]
        : term.datatype ? ["datatype", "^^" + term.datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:")] : null;
      if (note) {
        const span = document.createElement("span");
        span.className = note[0];
        span.textContent = note[1];
        td.appendChild(span);
      }
    }
    return td;
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
      for (const name of data.head.vars) row.appendChild(cell(binding[name]));
    }
    output.replaceChildren(table);
  }

  function showText(text) {
    const pre = document.createElement("pre");
    pre.textContent = text;
    output.replaceChildren(pre);
  }

  function showProblem(problem, status) {
    const message = problem.message || { en: problem.detail || String(status), zh: "" };
    setStatus(status + " · " + message.zh + " " + message.en, "error");
    output.replaceChildren();
  }

  async function run(event) {
    event.preventDefault();
    setStatus("运行中… Running…");
    const started = performance.now();
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: new URLSearchParams({ query: editor.value }),
      });
    } catch (error) {
      setStatus("无法连接服务器 Cannot reach the server: " + error, "error");
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      showProblem(type.includes("json") ? await response.json() : { detail: await response.text() }, response.status);
      return;
    }
    const truncated = response.headers.get("Policykg-Truncated");
    const rows = response.headers.get("Policykg-Rows");
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) showText(String(data.boolean));
      else showTable(data);
    } else {
      showText(await response.text());
    }
    const summary = (rows !== null ? rows + " 行 rows · " : "") + seconds + " s";
    if (truncated) setStatus(summary + " · 结果被截断 result cut (" + truncated + ")", "truncated");
    else setStatus(summary);
  }

  form.addEventListener("submit", run);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(event);
  });
  if (examples) {
    examples.addEventListener("change", function () {
      const source = document.getElementById("example-" + examples.value);
      if (source) editor.value = source.value;
    });
  }
  download.addEventListener("click", function () {
    const params = new URLSearchParams({ query: editor.value, format: downloadFormat.value });
    download.href = form.action + "?" + params.toString();
  });
})();
