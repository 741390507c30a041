/* policykg network viewer: language switch, search, details, expansion and a layout that settles. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("viewer-data").textContent);
  var lang = data.lang;
  var CJK = /[\u3400-\u9fff]/;
  var SVG_NS = "http://www.w3.org/2000/svg";

  function other(l) { return l === "zh" ? "en" : "zh"; }
  function pick(labels, l) { return (labels && (labels[l] || labels[other(l)])) || ""; }
  function ui(key) { return data.ui[lang][key]; }
  function shorten(text) {
    var max = CJK.test(text) ? 14 : 28;
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }
  function fold(text) { return (text || "").toLowerCase().replace(/[\s\-_]+/g, ""); }
  function number(n) { return typeof n === "number" ? n.toLocaleString(lang === "zh" ? "zh-CN" : "en-US") : n; }

  function figureLines(node) {
    var f = node.figures || {};
    var names = data.figureLabels;
    var unit = f.unit ? " " + pick(f.unit, lang) : "";
    var lines = [];
    function add(key, text) { if (text !== undefined && text !== null && text !== "") { lines.push([pick(names[key], lang), text]); } }
    if (f.metric) { add("metric", pick(f.metric, lang)); }
    if (f.value !== undefined) {
      var range = f.maxValue !== undefined ? "–" + number(f.maxValue) : "";
      add("value", (f.comparator ? pick(f.comparator, lang) + " " : "") + number(f.value) + range + unit);
    }
    add("printedValue", f.printedValue);
    add("count", f.count !== undefined ? number(f.count) : undefined);
    add("investment", f.investment !== undefined ? number(f.investment) + unit : undefined);
    add("printed", f.printed);
    add("status", f.status ? pick(f.status, lang) : undefined);
    add("startYears", f.startYears ? f.startYears.join(", ") : undefined);
    add("deadline", f.deadline);
    add("baseline", f.baseline);
    return lines;
  }

  function tooltip(node) {
    var lines = [pick(node.labels, lang), "[" + pick(node.classLabel, lang) + "]"];
    figureLines(node).forEach(function (pair) { lines.push(pair[0] + ": " + pair[1]); });
    if (node.finding) { lines.push("⚠ " + ui("finding")); }
    return lines.join("\n");
  }

  function pageHref(node) {
    // Served pages link to the server's own /id/... page; a standalone file links to the IRI itself.
    return data.mode === "served" && node.path ? node.path : node.id;
  }

  function styled(record) {
    var style = data.styles[record.kind] || {};
    var node = Object.assign({}, record, { labels: record.label, value: record.degree || 1 });
    Object.keys(style).forEach(function (key) { node[key] = style[key]; });
    if (data.labelScaling[record.kind]) { node.scaling = data.labelScaling[record.kind]; }
    if (data.findings.indexOf(record.id) >= 0) {
      node.finding = true;
      node.color = { background: style.color, border: data.findingBorder };
      node.borderWidth = 4;
    }
    node.label = shorten(pick(node.labels, lang));
    node.title = tooltip(node);
    return node;
  }

  function styledEdge(record) {
    return {
      id: record.from + " " + record.key + " " + record.to, from: record.from, to: record.to,
      length: data.edgeLengths[record.key] || 110,
      labels: record.label, label: pick(record.label, lang), property: record.property, sentence: record.sentence
    };
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign(n, { label: shorten(pick(n.labels, lang)), title: tooltip(n) });
  }));
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var startedAt = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  // Times are milliseconds since navigation started, read by the browser tests and the benchmark.
  var state = {
    network: network, nodes: nodes, edges: edges, stabilized: false, physics: true, focused: null,
    selected: null, expanded: [], startedAt: startedAt, constructedAt: performance.now(),
    lang: function () { return lang; }
  };
  window.policykgViewer = state;

  function setPhysics(on) {
    state.physics = on;
    network.setOptions({ physics: { enabled: on } });
    var button = document.getElementById("physics");
    button.textContent = on ? ui("freeze") : ui("resume");
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function settled() {
    if (state.stabilized) { return; }
    state.stabilized = true;
    state.stabilizedAt = performance.now();
    // Once laid out the network stops moving; the physics button lets the planner resume it.
    setPhysics(false);
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (nodes.length === 0) { settled(); }
  document.getElementById("physics").addEventListener("click", function () { setPhysics(!state.physics); });

  function counts() {
    document.getElementById("counts").textContent =
      nodes.length + " " + ui("nodes") + " · " + edges.length + " " + ui("edges");
  }

  function swatch(style) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("viewBox", "0 0 14 14");
    var shapes = {
      dot: "circle", square: "rect", star: "polygon", hexagon: "polygon", triangle: "polygon",
      triangleDown: "polygon", diamond: "polygon"
    };
    var points = {
      star: "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 0.5,5.2 5.2,5",
      hexagon: "7,0.5 12.7,3.8 12.7,10.2 7,13.5 1.3,10.2 1.3,3.8",
      triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13", diamond: "7,0.5 13.5,7 7,13.5 0.5,7"
    };
    var shape = document.createElementNS(SVG_NS, shapes[style.shape] || "circle");
    if (style.shape === "square") {
      shape.setAttribute("x", "1.5"); shape.setAttribute("y", "1.5");
      shape.setAttribute("width", "11"); shape.setAttribute("height", "11");
    } else if (points[style.shape]) {
      shape.setAttribute("points", points[style.shape]);
    } else {
      shape.setAttribute("cx", "7"); shape.setAttribute("cy", "7"); shape.setAttribute("r", "5.5");
    }
    shape.setAttribute("fill", style.color);
    shape.setAttribute("stroke", style.stroke || "#555");
    shape.setAttribute("stroke-width", style.strokeWidth || "1");
    if (style.shapeProperties) { shape.setAttribute("stroke-dasharray", "2,1.5"); }
    svg.appendChild(shape);
    return svg;
  }

  function renderLegend() {
    var box = document.getElementById("legend");
    box.textContent = "";
    var present = {};
    nodes.forEach(function (n) { present[n.kind] = true; });
    data.legend.forEach(function (entry) {
      if (!present[entry.kind]) { return; }
      var row = document.createElement("div");
      row.dataset.kind = entry.kind;
      row.appendChild(swatch(entry));
      row.appendChild(document.createTextNode(pick(entry.label, lang)));
      box.appendChild(row);
    });
    if (nodes.get({ filter: function (n) { return n.finding; } }).length) {
      var row = document.createElement("div");
      row.dataset.kind = "finding";
      row.appendChild(swatch({ shape: "dot", color: "#ffffff", stroke: data.findingBorder, strokeWidth: "3" }));
      row.appendChild(document.createTextNode(ui("finding")));
      box.appendChild(row);
    }
  }

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    if (className) { el.className = className; }
    return el;
  }

  function showDetails(id) {
    var node = nodes.get(id);
    var panel = document.getElementById("details");
    state.selected = id;
    if (!node) { panel.hidden = true; return; }
    panel.textContent = "";
    panel.appendChild(element("h2", pick(node.labels, lang)));
    var second = node.labels[other(lang)];
    if (second && second !== node.labels[lang]) { panel.appendChild(element("p", second, "other")); }
    var list = element("dl");
    list.appendChild(element("dt", ui("class")));
    list.appendChild(element("dd", pick(node.classLabel, lang)));
    if (node.pinyin) {
      list.appendChild(element("dt", ui("pinyin")));
      list.appendChild(element("dd", node.pinyin));
    }
    figureLines(node).forEach(function (pair) {
      list.appendChild(element("dt", pair[0]));
      list.appendChild(element("dd", pair[1]));
    });
    panel.appendChild(list);
    if (node.finding) { panel.appendChild(element("p", "⚠ " + ui("finding"), "finding")); }
    if (node.sentences && node.sentences.length) {
      panel.appendChild(element("h3", ui("sentences")));
      node.sentences.forEach(function (s) { panel.appendChild(element("blockquote", s)); });
    }
    var link = element("a", ui("page"));
    link.id = "page-link";
    link.href = pageHref(node);
    panel.appendChild(link);
    panel.appendChild(element("p", node.id, "iri"));
    panel.hidden = false;
  }

  function focusNode(id) {
    if (!nodes.get(id)) { return false; }
    state.focused = id;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.4, animation: false });
    showDetails(id);
    return true;
  }
  state.focusNode = focusNode;

  function applyLang(next) {
    lang = next;
    document.documentElement.lang = lang;
    nodes.update(nodes.get().map(function (n) {
      return { id: n.id, label: shorten(pick(n.labels, lang)), title: tooltip(n) };
    }));
    edges.update(edges.get().map(function (e) { return { id: e.id, label: pick(e.labels, lang) }; }));
    ["zh", "en"].forEach(function (l) {
      document.getElementById("lang-" + l).setAttribute("aria-pressed", l === lang ? "true" : "false");
    });
    var search = document.getElementById("search");
    search.placeholder = ui("search");
    search.setAttribute("aria-label", ui("search"));
    document.getElementById("hint").textContent = ui("hint");
    setPhysics(state.physics);
    counts();
    renderLegend();
    if (state.selected) { showDetails(state.selected); }
    if (window.history && window.history.replaceState && window.location.protocol !== "file:") {
      var url = new URL(window.location.href);
      url.searchParams.set("lang", lang);
      window.history.replaceState(null, "", url);
    }
  }
  state.setLang = applyLang;
  document.querySelectorAll("#lang-switch button").forEach(function (button) {
    button.addEventListener("click", function () { applyLang(button.dataset.lang); });
  });

  function search(query) {
    var q = (query || "").trim().toLowerCase();
    var folded = fold(q);
    if (!q) { return []; }
    // Rank names that start with the query before names that merely contain it, then by degree.
    function rank(n) {
      var names = [n.labels.zh, n.labels.en].concat(n.altLabels || []).filter(Boolean).map(function (s) {
        return s.toLowerCase();
      });
      var pinyin = fold(n.pinyin);
      if (names.some(function (s) { return s.indexOf(q) === 0; }) || (folded && pinyin.indexOf(folded) === 0)) {
        return 0;
      }
      if (names.some(function (s) { return s.indexOf(q) >= 0; }) || (folded && pinyin.indexOf(folded) >= 0)) {
        return 1;
      }
      return 2;
    }
    return nodes.get().map(function (n) { return { node: n, rank: rank(n) }; })
      .filter(function (m) { return m.rank < 2; })
      .sort(function (a, b) { return a.rank - b.rank || (b.node.degree || 0) - (a.node.degree || 0); })
      .slice(0, 12)
      .map(function (m) { return m.node; });
  }
  state.search = search;

  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  function showResults() {
    var found = search(input.value);
    results.textContent = "";
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!found.length) { results.appendChild(element("li", ui("noResults"))); }
    found.forEach(function (n, i) {
      var item = element("li", pick(n.labels, lang));
      item.dataset.id = n.id;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", i === 0 ? "true" : "false");
      item.appendChild(element("span", pick(n.classLabel, lang), "kind"));
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        results.hidden = true;
        focusNode(n.id);
      });
      results.appendChild(item);
    });
    results.hidden = false;
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = results.querySelector("li[data-id]");
      if (first) { results.hidden = true; focusNode(first.dataset.id); }
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });
  input.addEventListener("blur", function () { results.hidden = true; });

  function addAround(centre, records, edgeRecords) {
    var origin = network.getPositions([centre])[centre] || { x: 0, y: 0 };
    var fresh = records.filter(function (r) { return !nodes.get(r.id); });
    var added = fresh.map(function (record, i) {
      var angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      return Object.assign(styled(record), { x: origin.x + 150 * Math.cos(angle), y: origin.y + 150 * Math.sin(angle) });
    });
    nodes.add(added);
    var seen = {};
    var links = edgeRecords.map(styledEdge).filter(function (e) {
      var keep = !seen[e.id] && !edges.get(e.id) && nodes.get(e.from) && nodes.get(e.to);
      seen[e.id] = true;
      return keep;
    });
    edges.add(links);
    state.expanded.push(centre);
    counts();
    renderLegend();
    return added.length;
  }

  function expandOffline(id) {
    var full = data.full;
    if (!full) { return Promise.resolve(0); }
    var near = {};
    near[id] = true;
    full.edges.forEach(function (e) {
      if (e.from === id) { near[e.to] = true; }
      if (e.to === id) { near[e.from] = true; }
    });
    var records = full.nodes.filter(function (n) { return near[n.id]; });
    var links = full.edges.filter(function (e) { return near[e.from] && near[e.to]; });
    return Promise.resolve(addAround(id, records, links));
  }

  function expand(id) {
    if (data.mode !== "served") { return expandOffline(id); }
    var url = data.neighborsUrl + "?id=" + encodeURIComponent(id) + "&depth=1";
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("neighbors: HTTP " + response.status); }
      return response.json();
    }).then(function (body) { return addAround(id, body.nodes, body.edges); });
  }
  state.expand = expand;

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
    else { document.getElementById("details").hidden = true; state.selected = null; }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { expand(params.nodes[0]); }
  });

  counts();
  renderLegend();
  if (data.focus && nodes.get(data.focus)) {
    network.once("stabilizationIterationsDone", function () { focusNode(data.focus); });
    showDetails(data.focus);
    network.selectNodes([data.focus]);
  }
}());
