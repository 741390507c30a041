// The query page on YASGUI: the project's prefixes applied without being shown, the named queries as
// examples, the query in the page's URL (so that it can be shared), IRIs linked to this server's pages,
// and syntax errors marked at their line.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("sparql-config").textContent);
  const root = document.getElementById("yasgui");

  // The declarations the query lacks, on ONE line before it: line numbers in errors stay the query's own.
  function prologueFor(query) {
    return config.prefixes
      .filter(function (p) { return !new RegExp("PREFIX\\s+" + p.name + "\\s*:", "i").test(query); })
      .map(function (p) { return "PREFIX " + p.name + ": <" + p.iri + ">"; })
      .join(" ");
  }

  function withPrefixes(query) {
    const prologue = prologueFor(query);
    return prologue ? prologue + " " + query : query;
  }

  // IRIs under the data's base are served here at the same path; other IRIs are left alone.
  function localHref(href) {
    return href && href.indexOf(config.base) === 0 ? "/" + href.slice(config.base.length) : href;
  }

  // The editor's syntax check knows the declared prefixes only: teach its tokenizer the project's too, so
  // that pkg:Plan is not flagged as an undefined prefix while the query is sent with them declared.
  const known = Object.fromEntries(config.prefixes.map(function (p) { return [p.name, p.iri]; }));
  const sparqlMode = Yasgui.Yasqe.modes.sparql11;
  Yasgui.Yasqe.modes.sparql11 = function () {
    const mode = sparqlMode.apply(this, arguments);
    const startState = mode.startState;
    mode.startState = function () {
      const state = startState.apply(this, arguments);
      state.prefixes = Object.assign({}, known, state.prefixes);
      return state;
    };
    return mode;
  };

  const yasgui = new Yasgui(root, {
    requestConfig: {
      endpoint: config.endpoint,
      method: "POST",
      adjustQueryBeforeRequest: function (yasqe) { return withPrefixes(yasqe.getValue()); },
    },
    persistenceId: null,
    populateFromUrl: false,
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    yasqe: { value: config.query || config.examples[0].text, resizeable: true, editorHeight: "14rem" },
    yasr: { prefixes: known },
  });
  window.policykgYasgui = yasgui;

  function tab() { return yasgui.getTab(); }

  function share(query) {
    const url = new URL(window.location.href);
    url.searchParams.set("query", query);
    window.history.replaceState(null, "", url.pathname + "?" + url.searchParams.toString());
  }

  function clearMarks(yasqe) {
    (yasqe.policykgMarks || []).forEach(function (line) { yasqe.removeLineClass(line, "background", "query-error"); });
    yasqe.policykgMarks = [];
    const old = document.getElementById("query-error");
    if (old) old.remove();
  }

  // The endpoint answers a syntax error with a problem document giving its line and column.
  function showError(yasqe, text) {
    let problem;
    try { problem = JSON.parse(text); } catch (e) { return; }
    if (!problem || !problem.line) return;
    const line = problem.line - 1;
    yasqe.addLineClass(line, "background", "query-error");
    yasqe.policykgMarks.push(line);
    const note = document.createElement("p");
    note.id = "query-error";
    note.className = "query-error";
    const message = problem.message || {};
    note.textContent = (config.lang === "zh" ? message.zh : message.en) || problem.title || text;
    root.parentNode.insertBefore(note, root);
  }

  function watch(t) {
    const yasqe = t.getYasqe();
    if (yasqe.policykgWatched) return;
    yasqe.policykgWatched = true;
    yasqe.policykgMarks = [];
    yasqe.on("query", function () { clearMarks(yasqe); share(yasqe.getValue()); });
    yasqe.on("queryResponse", function (instance, response) {
      if (response && response.ok === false) return;
      if (response instanceof Error) showError(yasqe, response.message);
    });
  }

  // Labels beside IRIs: one query for the labels of the entities a result table shows.
  function addLabels(table) {
    const links = Array.from(table.querySelectorAll(".yasr a[href^='/']:not([data-labelled])"));
    links.forEach(function (a) { a.dataset.labelled = "pending"; });
    const iris = Array.from(new Set(links.map(function (a) { return a.textContent.replace(/^<|>$/g, ""); })))
      .filter(function (iri) { return iri.indexOf(config.base) === 0 && !/[<>"\s]/.test(iri); });
    if (!iris.length) return;
    const query = "SELECT ?s (SAMPLE(?l) AS ?label) WHERE { VALUES ?s { " +
      iris.slice(0, 500).map(function (iri) { return "<" + iri + ">"; }).join(" ") +
      " } ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = \"" + config.lang + "\") } GROUP BY ?s";
    fetch(config.endpoint, {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: query }).toString(),
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) return;
      const labels = {};
      data.results.bindings.forEach(function (b) { labels[b.s.value] = b.label.value; });
      links.forEach(function (a) {
        const label = labels[a.textContent.replace(/^<|>$/g, "")];
        if (!label) return;
        const span = document.createElement("span");
        span.className = "iri-label";
        span.textContent = label;
        (a.closest("td") || a.parentNode).appendChild(span);
      });
    });
  }

  yasgui.on("tabSelect", function () { setTimeout(function () { watch(tab()); }, 0); });
  watch(tab());

  // Result links lead to this server's pages rather than to the w3id addresses, and once a table is
  // drawn or paged, the entities on it get their labels.
  let labelling = null;
  new MutationObserver(function () {
    root.querySelectorAll(".yasr a[href]").forEach(function (a) {
      // Only http(s) IRIs, local paths and fragments stay links: a javascript: IRI in the data is text.
      if (!/^(https?:\/\/|\/|#)/i.test(a.getAttribute("href"))) { a.removeAttribute("href"); return; }
      const local = localHref(a.getAttribute("href"));
      if (local !== a.getAttribute("href")) { a.setAttribute("href", local); a.removeAttribute("target"); }
    });
    clearTimeout(labelling);
    labelling = setTimeout(function () { addLabels(root); }, 50);
  }).observe(root, { childList: true, subtree: true });

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      const example = config.examples.find(function (e) { return e.name === button.dataset.name; });
      const yasqe = tab().getYasqe();
      yasqe.setValue(example.text);
      yasqe.query();
    });
  });

  if (config.run) tab().getYasqe().query();
})();
