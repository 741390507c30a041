/* policykg network viewer: labels that fit, domain clusters, search, details with findings, expansion,
   paths with their sentences, export, and the view's state kept in the URL. One file, in sections. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("viewer-data").textContent);
  var lang = data.lang;
  var CJK = /[\u3400-\u9fff]/;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var standalone = data.mode !== "served";

  // ---- small helpers ---------------------------------------------------------------------------------

  function other(l) { return l === "zh" ? "en" : "zh"; }
  function pick(labels, l) { return (labels && (labels[l || lang] || labels[other(l || lang)])) || ""; }
  function ui(key) { return data.ui[lang][key]; }
  // A name cut short keeps a closing period in brackets, "(2021-2025年)", which tells one plan from the next.
  var PERIOD_TAIL = /[(（][^()（）]*\d{4}[^()（）]*[)）]$/;
  function shorten(text) {
    var max = CJK.test(text) ? 14 : 28;
    if (text.length <= max) { return text; }
    var tail = (text.match(PERIOD_TAIL) || [""])[0];
    if (tail && tail.length <= max) { return text.slice(0, Math.max(4, max - tail.length)) + "…" + tail; }
    return text.slice(0, max - 1) + "…";
  }
  function fold(text) { return (text || "").toLowerCase().replace(/[\s\-_]+/g, ""); }
  function number(n) { return typeof n === "number" ? n.toLocaleString(lang === "zh" ? "zh-CN" : "en-US") : n; }
  function names(record) { return record.labels || record.label || {}; }
  function localName(iri) { return iri.replace(/\/$/, "").split(/[#/]/).pop(); }
  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    if (className) { el.className = className; }
    return el;
  }

  function figureLines(node) {
    var f = node.figures || {};
    var labels = data.figureLabels;
    var unit = f.unit ? " " + pick(f.unit) : "";
    var lines = [];
    function add(key, text) { if (text !== undefined && text !== null && text !== "") { lines.push([pick(labels[key]), text]); } }
    if (f.metric) { add("metric", pick(f.metric)); }
    if (f.value !== undefined) {
      var range = f.maxValue !== undefined ? "–" + number(f.maxValue) : "";
      add("value", (f.comparator ? pick(f.comparator) + " " : "") + number(f.value) + range + unit);
    }
    add("printedValue", f.printedValue);
    add("count", f.count !== undefined ? number(f.count) : undefined);
    add("investment", f.investment !== undefined ? number(f.investment) + unit : undefined);
    add("printed", f.printed);
    add("status", f.status ? pick(f.status) : undefined);
    add("startYears", f.startYears ? f.startYears.join(", ") : undefined);
    add("deadline", f.deadline);
    add("baseline", f.baseline);
    return lines;
  }

  function notesOf(id) { return (data.findingNotes && data.findingNotes[id]) || []; }

  function tooltip(node) {
    var lines = [pick(node.labels), "[" + pick(node.classLabel) + "]"];
    figureLines(node).forEach(function (pair) { lines.push(pair[0] + ": " + pair[1]); });
    notesOf(node.id).filter(function (n) { return n.focus; }).forEach(function (n) {
      lines.push("⚠ " + pick(n.message));
    });
    if (node.finding && !notesOf(node.id).length) { lines.push("⚠ " + ui("finding")); }
    return lines.join("\n");
  }

  function edgeTooltip(edge) {
    return pick(edge.labels) + (edge.sentence ? "\n" + edge.sentence : "");
  }

  function pageHref(node) {
    // Served pages link to the server's own /id/... page; a standalone file links to the IRI itself, if it
    // is an http(s) address (never javascript: or data:).
    if (data.mode === "served" && node.path) { return node.path; }
    return /^https?:\/\//i.test(node.id) ? node.id : null;
  }

  function flagColour(fill) {
    // A flagged node keeps its class's fill when selected or hovered too (not vis-network's default blue).
    var own = { background: fill, border: data.findingBorder };
    return Object.assign({ highlight: own, hover: own }, own);
  }

  function styled(record) {
    var style = data.styles[record.kind] || {};
    var node = Object.assign({}, record, { labels: record.label, value: record.degree || 1 });
    Object.keys(style).forEach(function (key) { node[key] = style[key]; });
    if (data.findings.indexOf(record.id) >= 0) {
      node.finding = true;
      node.color = flagColour(style.color);
      node.borderWidth = 1;
    }
    node.label = shorten(pick(node.labels));
    node.title = tooltip(node);
    return node;
  }

  function styledEdge(record) {
    var edge = {
      id: record.from + " " + record.key + " " + record.to, from: record.from, to: record.to, key: record.key,
      length: data.edgeLengths[record.key] || 110,
      labels: record.label, label: pick(record.label), property: record.property, sentence: record.sentence
    };
    edge.title = edgeTooltip(edge);
    return edge;
  }

  // ---- the network -----------------------------------------------------------------------------------

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign(n, { label: shorten(pick(n.labels)), title: tooltip(n) });
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) { return Object.assign(e, { title: edgeTooltip(e) }); }));
  var container = document.getElementById("network");
  var startedAt = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  // Times are milliseconds since navigation started, read by the browser tests and the benchmark.
  var state = {
    network: network, nodes: nodes, edges: edges, stabilized: false, physics: true, focused: null,
    selected: null, hoveredEdge: null, hoveredNode: null, expanded: [], path: null, pathEdges: {},
    labelBoxes: [], startedAt: startedAt, constructedAt: performance.now(),
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

  var markStable;
  var stable = new Promise(function (resolve) { markStable = resolve; });

  function settled() {
    if (state.stabilized) { return; }
    state.stabilized = true;
    markStable();
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

  // ---- drawing: domain clusters, finding badges, labels only where they fit ------------------------

  var FONT = window.getComputedStyle(document.body).fontFamily || "sans-serif";
  var LABEL_PX = { Plan: 16, Domain: 14 };
  var CLUSTER_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac"];
  var measurer = document.createElement("canvas").getContext("2d");
  var widths = {};

  function labelFont(node, scale) {
    var px = LABEL_PX[node.kind] || 12;
    return { px: px, css: (LABEL_PX[node.kind] ? "bold " : "") + (px / scale) + "px " + FONT };
  }
  function textWidth(text, node) {
    var key = node.kind + "|" + text;
    if (widths[key] === undefined) {
      measurer.font = labelFont(node, 1).css;
      widths[key] = measurer.measureText(text).width;
    }
    return widths[key];
  }
  // What drawing needs of each node, most important first; rebuilt only when the nodes change, since
  // reading the DataSet copies every record and drawing runs on every frame.
  var drawn = null;
  nodes.on("*", function () { drawn = null; });
  function drawable() {
    if (!drawn) {
      drawn = nodes.get({ fields: ["id", "label", "kind", "degree", "finding", "cluster"] }).sort(function (a, b) {
        return priority(b) - priority(a) || (a.id < b.id ? -1 : 1);
      });
    }
    return drawn;
  }

  function priority(node) {
    return (node.kind === "Plan" ? 2e6 : node.kind === "Domain" ? 1e6 : 0) + (node.degree || 0);
  }

  // Boxes are {l, t, r, b, owner} in canvas units, kept in a grid of cells for quick overlap tests.
  function Boxes(cell) { this.cell = cell; this.cells = {}; this.all = []; }
  Boxes.prototype.each = function (box, fn) {
    for (var x = Math.floor(box.l / this.cell); x <= Math.floor(box.r / this.cell); x++) {
      for (var y = Math.floor(box.t / this.cell); y <= Math.floor(box.b / this.cell); y++) { fn(x + ":" + y); }
    }
  };
  Boxes.prototype.free = function (box, labelsOnly) {
    var cells = this.cells, clear = true;
    this.each(box, function (key) {
      (cells[key] || []).forEach(function (o) {
        if (labelsOnly && o.node) { return; }
        if (o.owner !== box.owner && o.l < box.r && box.l < o.r && o.t < box.b && box.t < o.b) { clear = false; }
      });
    });
    return clear;
  };
  Boxes.prototype.put = function (box) {
    var cells = this.cells;
    this.each(box, function (key) { (cells[key] = cells[key] || []).push(box); });
    this.all.push(box);
  };

  function hull(points) {
    // Andrew's monotone chain: the convex hull of the points, counter-clockwise.
    var sorted = points.slice().sort(function (a, b) { return a.x - b.x || a.y - b.y; });
    if (sorted.length < 3) { return sorted; }
    function cross(o, a, b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }
    var lower = [], upper = [];
    sorted.forEach(function (p) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) { lower.pop(); }
      lower.push(p);
    });
    sorted.slice().reverse().forEach(function (p) {
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) { upper.pop(); }
      upper.push(p);
    });
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }

  function padded(points, pad) {
    // The hull grown by ``pad`` all round (eight points around each corner), to be filled: far cheaper to
    // paint on every frame than a wide stroke.
    var around = [];
    points.forEach(function (p) {
      for (var k = 0; k < 8; k++) {
        around.push({ x: p.x + pad * Math.cos(k * Math.PI / 4), y: p.y + pad * Math.sin(k * Math.PI / 4) });
      }
    });
    return hull(around);
  }

  function clusterShapes() {
    var groups = {}, positions = network.getPositions();
    drawable().forEach(function (n) {
      if (n.cluster && positions[n.id]) { (groups[n.cluster] = groups[n.cluster] || []).push(positions[n.id]); }
    });
    var domains = Object.keys(groups).sort();
    return domains.filter(function (d) { return groups[d].length > 1; }).map(function (d) {
      return { domain: d, points: padded(hull(groups[d]), 30), colour: CLUSTER_COLOURS[domains.indexOf(d) % CLUSTER_COLOURS.length] };
    });
  }

  network.on("beforeDrawing", function (ctx) {
    // A white ground (so that an exported PNG is not transparent), then each domain's cluster as a soft hull.
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    clusterShapes().forEach(function (shape) {
      ctx.save();
      ctx.globalAlpha = 0.09;
      ctx.fillStyle = shape.colour;
      ctx.beginPath();
      shape.points.forEach(function (p, i) { if (i) { ctx.lineTo(p.x, p.y); } else { ctx.moveTo(p.x, p.y); } });
      ctx.closePath();
      ctx.fill();
      ctx.restore();
    });
  });

  var PLAN_LINKS = { withinPlan: true, succeeds: true };
  function highlightedEdges() {
    var ids = {};
    Object.keys(state.pathEdges).forEach(function (id) { ids[id] = true; });
    if (state.selected && nodes.get(state.selected)) {
      network.getConnectedEdges(state.selected).forEach(function (id) { ids[id] = true; });
    }
    if (state.hoveredEdge) { ids[state.hoveredEdge] = true; }
    // In one plan's view its links to other plans (within, succeeds) are always named.
    if (data.plan) {
      edges.forEach(function (e) { if (PLAN_LINKS[e.key] && (e.from === data.plan || e.to === data.plan)) { ids[e.id] = true; } });
    }
    return Object.keys(ids).filter(function (id) { return edges.get(id); });
  }

  function shapeBox(id, p) {
    // The node's shape alone: vis-network's bounding box also holds the label it never draws here.
    var node = network.body.nodes[id];
    var at = p || network.getPositions([id])[id];
    if (!node || !node.shape || !node.shape.width || !at) { return network.getBoundingBox(id); }
    var w = node.shape.width / 2, h = (node.shape.height || node.shape.width) / 2;
    return { left: at.x - w, right: at.x + w, top: at.y - h, bottom: at.y + h };
  }

  function badge(id, scale) {
    var box = shapeBox(id);
    // At the shape's top-right corner, clear of most of the shape, so that its class stays readable.
    var r = 5 / scale;
    return { x: box.right, y: box.top, r: r };
  }

  function edgeMiddle(id, a, z) {
    // The middle of the drawn edge (a curve when edges are smooth), else of the straight line.
    var edge = network.body.edges[id];
    if (edge && edge.edgeType && edge.edgeType.getPoint) { return edge.edgeType.getPoint(0.5); }
    return { x: (a.x + z.x) / 2, y: (a.y + z.y) / 2 };
  }

  function layoutLabels(scale) {
    // Decide which labels fit: edge labels that the planner asked for first, then nodes by importance
    // (plan, domains, then by degree); a label is drawn only where it covers no other label or node.
    var boxes = new Boxes(120 / scale);
    var positions = network.getPositions();
    var placed = { edges: [], nodes: [] };
    drawable().forEach(function (n) {
      var b = shapeBox(n.id, positions[n.id]);
      if (b) { boxes.put({ l: b.left, t: b.top, r: b.right, b: b.bottom, owner: n.id, node: true }); }
    });
    function placeNode(n) {
      var p = positions[n.id], b = shapeBox(n.id, p);
      if (!p || !b || !n.label) { return; }
      var font = labelFont(n, scale);
      // A label's box keeps a margin of a few pixels, so that neighbouring names never touch.
      var w = (textWidth(n.label, n) + 4) / scale, h = font.px * 1.3 / scale, gap = 2 / scale;
      var spots = [[p.x - w / 2, b.bottom + gap], [p.x - w / 2, b.top - gap - h], [b.right + gap, p.y - h / 2],
        [b.left - gap - w, p.y - h / 2]];
      var forced = wanted(n);
      // The plan's and the domains' names, which name the clusters, may cover small nodes (never a label).
      var named = n.kind === "Plan" || n.kind === "Domain";
      for (var i = 0; i < spots.length; i++) {
        var box = { l: spots[i][0], t: spots[i][1], r: spots[i][0] + w, b: spots[i][1] + h, owner: n.id,
          text: n.label, font: font.css, kind: n.kind };
        var fits = boxes.free(box, named);
        if (fits || (forced && i === spots.length - 1)) {
          // The selected or hovered entity's name is always drawn: below it, where it fits or not.
          if (!fits) { box = { l: spots[0][0], t: spots[0][1], r: spots[0][0] + w, b: spots[0][1] + h,
            owner: n.id, text: n.label, font: font.css, kind: n.kind }; }
          boxes.put(box);
          placed.nodes.push(box);
          return;
        }
      }
    }
    function wanted(n) { return n.id === state.selected || n.id === state.hoveredNode; }
    var order = drawable();
    // The names the planner points at first, then the relations' names asked for, then the rest.
    order.filter(wanted).forEach(placeNode);
    highlightedEdges().forEach(function (id) {
      var e = edges.get(id), a = positions[e.from], z = positions[e.to];
      if (!a || !z || !e.label) { return; }
      measurer.font = "11px " + FONT;
      var w = (measurer.measureText(e.label).width + 6) / scale, h = 15 / scale;
      var middle = edgeMiddle(id, a, z), x = middle.x, y = middle.y;
      var box = { l: x - w / 2, t: y - h / 2, r: x + w / 2, b: y + h / 2, owner: id, text: e.label };
      if (boxes.free(box) || state.pathEdges[id] || id === state.hoveredEdge) { boxes.put(box); placed.edges.push(box); }
    });
    order.filter(function (n) { return !wanted(n); }).forEach(placeNode);
    return placed;
  }

  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    drawable().forEach(function (n) {
      if (!n.finding || !shapeBox(n.id)) { return; }
      var b = badge(n.id, scale);
      ctx.beginPath();
      ctx.arc(b.x, b.y, b.r, 0, 2 * Math.PI);
      ctx.fillStyle = data.findingBorder;
      ctx.fill();
      ctx.lineWidth = 1.5 / scale;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
      ctx.fillStyle = "#ffffff";
      ctx.font = "bold " + (9 / scale) + "px " + FONT;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText("!", b.x, b.y + 0.5 / scale);
    });
    var placed = layoutLabels(scale);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    placed.nodes.forEach(function (box) {
      ctx.font = box.font;
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.lineJoin = "round";
      ctx.strokeText(box.text, box.l + 2 / scale, box.t);
      ctx.fillStyle = box.kind === "Plan" || box.kind === "Domain" ? "#111827" : "#1f2933";
      ctx.fillText(box.text, box.l + 2 / scale, box.t);
    });
    placed.edges.forEach(function (box) {
      ctx.fillStyle = "rgba(255,255,255,0.95)";
      ctx.strokeStyle = "#9aa5b1";
      ctx.lineWidth = 1 / scale;
      ctx.fillRect(box.l, box.t, box.r - box.l, box.b - box.t);
      ctx.strokeRect(box.l, box.t, box.r - box.l, box.b - box.t);
      ctx.fillStyle = "#333333";
      ctx.font = (11 / scale) + "px " + FONT;
      ctx.fillText(box.text, box.l + 3 / scale, box.t + 2 / scale);
    });
    // For the tests and the SVG export: what was drawn, in canvas units and on screen.
    state.labelBoxes = placed.nodes.concat(placed.edges).map(function (box) {
      var a = network.canvasToDOM({ x: box.l, y: box.t }), z = network.canvasToDOM({ x: box.r, y: box.b });
      return Object.assign({}, box, { screen: { l: a.x, t: a.y, r: z.x, b: z.y } });
    });
  });

  network.on("hoverEdge", function (params) { state.hoveredEdge = params.edge; network.redraw(); });
  network.on("blurEdge", function () { state.hoveredEdge = null; network.redraw(); });
  network.on("hoverNode", function (params) { state.hoveredNode = params.node; network.redraw(); });
  network.on("blurNode", function () { state.hoveredNode = null; network.redraw(); });

  // ---- legend ------------------------------------------------------------------------------------------

  var SHAPE_POINTS = {
    star: "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 0.5,5.2 5.2,5",
    hexagon: "7,0.5 12.7,3.8 12.7,10.2 7,13.5 1.3,10.2 1.3,3.8",
    triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13", diamond: "7,0.5 13.5,7 7,13.5 0.5,7",
    square: "1.5,1.5 12.5,1.5 12.5,12.5 1.5,12.5"
  };

  function shapeElement(shape, cx, cy, r) {
    // The shapes of vis-network drawn in SVG: unit polygons on a 14 x 14 grid, scaled to radius r.
    var points = SHAPE_POINTS[shape];
    if (!points) {
      var circle = document.createElementNS(SVG_NS, "circle");
      circle.setAttribute("cx", cx); circle.setAttribute("cy", cy); circle.setAttribute("r", r);
      return circle;
    }
    var polygon = document.createElementNS(SVG_NS, "polygon");
    polygon.setAttribute("points", points.split(" ").map(function (pair) {
      var xy = pair.split(",");
      return (cx + (xy[0] - 7) / 6.5 * r).toFixed(2) + "," + (cy + (xy[1] - 7) / 6.5 * r).toFixed(2);
    }).join(" "));
    return polygon;
  }

  function swatch(style, flagged) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 18 16");
    var shape = shapeElement(style.shape, 7, 8.5, 6);
    shape.setAttribute("fill", style.color);
    shape.setAttribute("stroke", flagged ? data.findingBorder : "#555");
    shape.setAttribute("stroke-width", flagged ? "1.5" : "1");
    if (style.shapeProperties) { shape.setAttribute("stroke-dasharray", "2,1.5"); }
    svg.appendChild(shape);
    if (flagged) {
      var dot = shapeElement("dot", 13.5, 4, 4);
      dot.setAttribute("fill", data.findingBorder);
      dot.setAttribute("stroke", "#fff");
      svg.appendChild(dot);
      var mark = document.createElementNS(SVG_NS, "text");
      mark.setAttribute("x", "13.5"); mark.setAttribute("y", "6.5"); mark.setAttribute("text-anchor", "middle");
      mark.setAttribute("font-size", "7"); mark.setAttribute("font-weight", "bold"); mark.setAttribute("fill", "#fff");
      mark.textContent = "!";
      svg.appendChild(mark);
    }
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
      row.appendChild(swatch(entry, false));
      row.appendChild(document.createTextNode(pick(entry.label)));
      box.appendChild(row);
    });
    var flagged = nodes.get({ filter: function (n) { return n.finding; } });
    if (flagged.length) {
      // The flag is drawn on the class's own shape and colour: shown on the first flagged node's kind.
      var row = document.createElement("div");
      row.dataset.kind = "finding";
      row.appendChild(swatch(data.styles[flagged[0].kind], true));
      row.appendChild(document.createTextNode(ui("finding")));
      box.appendChild(row);
    }
  }

  // ---- details -------------------------------------------------------------------------------------

  function findingSection(panel, id) {
    var notes = notesOf(id);
    if (!notes.length) {
      if (nodes.get(id) && nodes.get(id).finding) { panel.appendChild(element("p", "⚠ " + ui("finding"), "finding")); }
      return;
    }
    panel.appendChild(element("h3", ui("findingInvolved"), "finding"));
    notes.forEach(function (note) {
      var item = element("div", undefined, "finding-note " + note.severity.toLowerCase());
      item.appendChild(element("p", (note.focus ? "⚠ " : "") + pick(note.message)));
      if (data.mode === "served" && note.path) {
        var link = element("a", ui("findingPage"));
        link.href = note.path;
        item.appendChild(link);
      }
      panel.appendChild(item);
    });
  }

  // ---- plans: the picker, a plan's own view, and a target's series across plans ----------------------------

  function planHref(plan, select) {
    var params = new URLSearchParams();
    params.set("lang", lang);
    if (plan) { params.set("plan", plan); }
    if (select) { params.set("select", select); }
    return window.location.pathname + "?" + params.toString();
  }

  function periodText(period) { return period ? period[0] + "–" + period[1] : ""; }

  function seriesSection(panel, node) {
    var found = node.figures && node.figures.series;
    var series = found && data.series && data.series[found.iri];
    if (!series) { return; }
    panel.appendChild(element("h3", ui("series")));
    panel.appendChild(element("p", pick(series.label), "series-hint"));
    var list = element("ol", null, "series-list");
    list.title = ui("seriesHint");
    series.members.forEach(function (member) {
      var unit = member.unit ? " " + pick(member.unit) : "";
      var value = (member.comparator ? pick(member.comparator) + " " : "") + number(member.value) + unit;
      var due = member.deadline ? " (" + member.deadline + ")" : "";
      var item = element("li", null, member.target === node.id ? "current" : "");
      var heading = periodText(member.period) + " " + pick(member.planLabel);
      if (member.target === node.id || standalone || !member.plan) {
        item.appendChild(element("span", heading));
      } else {
        var link = element("a", heading);
        link.href = planHref(member.plan, member.target);
        item.appendChild(link);
      }
      item.appendChild(element("span", ": " + value + due));
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function planSection(panel, node) {
    if (node.kind !== "Plan" || standalone || node.id === data.plan) { return; }
    var link = element("a", ui("showPlan"));
    link.id = "plan-link";
    link.href = planHref(node.id);
    panel.appendChild(element("p")).appendChild(link);
  }

  var planPicker = document.getElementById("plan-picker");
  if (planPicker) {
    planPicker.addEventListener("change", function () { window.location.assign(planHref(planPicker.value)); });
  }

  function showDetails(id) {
    var node = nodes.get(id);
    var panel = document.getElementById("details");
    state.selected = id;
    if (!node) { panel.hidden = true; return; }
    document.getElementById("help").hidden = true;
    panel.textContent = "";
    panel.appendChild(element("h2", pick(node.labels)));
    var second = node.labels[other(lang)];
    if (second && second !== node.labels[lang]) { panel.appendChild(element("p", second, "other")); }
    var list = element("dl");
    list.appendChild(element("dt", ui("class")));
    list.appendChild(element("dd", pick(node.classLabel)));
    if (node.pinyin) {
      list.appendChild(element("dt", ui("pinyin")));
      list.appendChild(element("dd", node.pinyin));
    }
    figureLines(node).forEach(function (pair) {
      list.appendChild(element("dt", pair[0]));
      list.appendChild(element("dd", pair[1]));
    });
    panel.appendChild(list);
    planSection(panel, node);
    seriesSection(panel, node);
    findingSection(panel, id);
    if (node.sentences && node.sentences.length) {
      panel.appendChild(element("h3", ui("sentences")));
      node.sentences.forEach(function (s) { panel.appendChild(element("blockquote", s)); });
    }
    if (pageHref(node)) {
      var link = element("a", ui("page"));
      link.id = "page-link";
      link.href = pageHref(node);
      panel.appendChild(link);
    }
    panel.appendChild(element("p", node.id, "iri"));
    panel.hidden = false;
  }

  function focusNode(id) {
    if (!nodes.get(id)) { return false; }
    state.focused = id;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showDetails(id);
    saveState();
    return true;
  }
  state.focusNode = focusNode;

  // ---- the view's state in the URL (the query of a served page, the fragment of a standalone file) -----

  // A standalone file reads a shared state from its fragment (plan.html#lang=en&expand=...) and keeps its
  // own in the tab's session storage, so that a reload keeps it without changing the file's address.
  var storageKey = "policykg-viewer:" + window.location.pathname;
  function stored() {
    try { return window.sessionStorage.getItem(storageKey) || ""; } catch (error) { return ""; }
  }

  function readState() {
    var text = standalone ? (window.location.hash.slice(1) || stored()) : window.location.search;
    var params = new URLSearchParams(text);
    return {
      lang: params.get("lang"), select: params.get("select"), expand: params.getAll("expand"),
      from: params.get("from"), to: params.get("to")
    };
  }

  var restoring = true;
  function saveState() {
    if (restoring) { return; }
    var url = new URL(window.location.href);
    var params = standalone ? new URLSearchParams(stored()) : url.searchParams;
    params.set("lang", lang);
    if (state.selected) { params.set("select", state.selected); } else { params.delete("select"); }
    params.delete("expand");
    state.expanded.forEach(function (id) { params.append("expand", id); });
    if (state.path) { params.set("from", state.path.from); params.set("to", state.path.to); }
    try {
      if (standalone) {
        window.sessionStorage.setItem(storageKey, params.toString());
      } else {
        window.history.replaceState(null, "", url);
      }
    } catch (error) {
      // A browser that refuses to rewrite this URL keeps the view without it.
    }
  }
  state.saveState = saveState;

  // ---- language ------------------------------------------------------------------------------------

  function applyLang(next) {
    lang = next;
    document.documentElement.lang = lang;
    nodes.update(nodes.get().map(function (n) {
      return { id: n.id, label: shorten(pick(n.labels)), title: tooltip(n) };
    }));
    edges.update(edges.get().map(function (e) { return { id: e.id, label: pick(e.labels), title: edgeTooltip(e) }; }));
    ["zh", "en"].forEach(function (l) {
      document.getElementById("lang-" + l).setAttribute("aria-pressed", l === lang ? "true" : "false");
    });
    var title = pick(data.titles);
    document.getElementById("title").textContent = title;
    document.title = title;
    document.querySelectorAll("[data-ui]").forEach(function (el) { el.textContent = ui(el.dataset.ui); });
    document.querySelectorAll("#help-params dd[data-param]").forEach(function (el) {
      el.textContent = data.parameters[el.dataset.param][lang];
    });
    var search = document.getElementById("search");
    search.placeholder = ui("search");
    search.setAttribute("aria-label", ui("search"));
    ["path-from", "path-to"].forEach(function (id) { document.getElementById(id).placeholder = ui("search"); });
    if (planPicker) {
      Array.prototype.forEach.call(planPicker.options, function (option) {
        var plan = data.plans.filter(function (p) { return p.id === option.value; })[0];
        option.textContent = plan ? pick(plan.label) : ui("allPlans");
      });
    }
    setPhysics(state.physics);
    counts();
    renderLegend();
    if (state.path && state.showingPath) { showPath(state.path.result); }
    else if (state.selected) { showDetails(state.selected); }
    saveState();
  }
  state.setLang = applyLang;
  document.querySelectorAll("#lang-switch button").forEach(function (button) {
    button.addEventListener("click", function () { applyLang(button.dataset.lang); });
  });

  // ---- search: over the view and over every entity beyond it --------------------------------------------

  function candidates() {
    var seen = {}, all = [];
    function add(record) { if (!seen[record.id]) { seen[record.id] = true; all.push(record); } }
    nodes.forEach(add);
    (data.index || []).forEach(add);
    ((data.full && data.full.nodes) || []).forEach(add);
    return all;
  }

  function search(query) {
    var q = (query || "").trim().toLowerCase();
    var folded = fold(q);
    if (!q) { return []; }
    // Rank names that start with the query before names that merely contain it, then by degree.
    function rank(n) {
      var labels = names(n);
      var all = [labels.zh, labels.en].concat(n.altLabels || []).filter(Boolean).map(function (s) {
        return s.toLowerCase();
      });
      var pinyin = fold(n.pinyin);
      if (all.some(function (s) { return s.indexOf(q) === 0; }) || (folded && pinyin.indexOf(folded) === 0)) {
        return 0;
      }
      if (all.some(function (s) { return s.indexOf(q) >= 0; }) || (folded && pinyin.indexOf(folded) >= 0)) {
        return 1;
      }
      return 2;
    }
    return candidates().map(function (n) { return { node: n, rank: rank(n) }; })
      .filter(function (m) { return m.rank < 2; })
      .sort(function (a, b) { return a.rank - b.rank || (b.node.degree || 0) - (a.node.degree || 0); })
      .slice(0, 12)
      .map(function (m) { return m.node; });
  }
  state.search = search;

  function picker(input, list, choose) {
    // A search box with a list of results; Enter or a click chooses one.
    function show() {
      var found = search(input.value);
      list.textContent = "";
      if (!input.value.trim()) { list.hidden = true; return; }
      if (!found.length) { list.appendChild(element("li", ui("noResults"))); }
      found.forEach(function (n, i) {
        var item = element("li", pick(names(n)));
        item.dataset.id = n.id;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", i === 0 ? "true" : "false");
        item.appendChild(element("span", pick(n.classLabel), "kind"));
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          list.hidden = true;
          choose(n);
        });
        list.appendChild(item);
      });
      list.hidden = false;
    }
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = list.querySelector("li[data-id]");
        if (first) {
          list.hidden = true;
          choose(search(input.value).filter(function (n) { return n.id === first.dataset.id; })[0]);
        }
      } else if (event.key === "Escape") {
        list.hidden = true;
      }
    });
    input.addEventListener("blur", function () { list.hidden = true; });
  }

  picker(document.getElementById("search"), document.getElementById("search-results"), function (n) {
    // What is searched is opened: an entity beyond the view comes in with its neighbours.
    if (nodes.get(n.id)) { focusNode(n.id); return; }
    expand(n.id).then(function () { focusNode(n.id); });
  });

  // ---- expansion -----------------------------------------------------------------------------------

  function addAround(centre, records, edgeRecords, expanded) {
    var origin = network.getPositions([centre])[centre];
    if (!origin) {
      var known = records.filter(function (r) { return nodes.get(r.id); })[0];
      var near = known ? network.getPositions([known.id])[known.id] : { x: 0, y: 0 };
      origin = { x: near.x + 160, y: near.y - 160 };
    }
    var fresh = records.filter(function (r) { return !nodes.get(r.id); });
    var added = fresh.map(function (record, i) {
      if (record.id === centre) { return Object.assign(styled(record), { x: origin.x, y: origin.y }); }
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
    if (expanded !== false && state.expanded.indexOf(centre) < 0) { state.expanded.push(centre); }
    counts();
    renderLegend();
    saveState();
    return added.length;
  }

  function everything() {
    // Every node and edge record known offline: the full graph of a standalone file, else the view.
    if (data.full) { return data.full; }
    return {
      nodes: nodes.get().map(function (n) { return Object.assign({}, n, { label: n.labels }); }),
      edges: edges.get().map(function (e) { return Object.assign({}, e, { label: e.labels }); })
    };
  }

  function expandOffline(id) {
    var full = everything();
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
    if (standalone) { return expandOffline(id); }
    var url = data.neighborsUrl + "?id=" + encodeURIComponent(id) + "&depth=1";
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("neighbors: HTTP " + response.status); }
      return response.json();
    }).then(function (body) { return addAround(id, body.nodes, body.edges); });
  }
  state.expand = expand;

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
    else { document.getElementById("details").hidden = true; state.selected = null; state.showingPath = false; }
    saveState();
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { expand(params.nodes[0]); }
  });

  // ---- a path between two entities, each step with its source sentence -------------------------------

  function offlinePath(from, to) {
    var full = everything(), links = {}, byId = {};
    full.nodes.forEach(function (n) { byId[n.id] = n; });
    full.edges.forEach(function (e) {
      (links[e.from] = links[e.from] || []).push({ next: e.to, edge: e, forward: true });
      (links[e.to] = links[e.to] || []).push({ next: e.from, edge: e, forward: false });
    });
    var back = {}, queue = [from];
    back[from] = null;
    while (queue.length && !(to in back)) {
      var at = queue.shift();
      (links[at] || []).forEach(function (l) { if (!(l.next in back)) { back[l.next] = { at: at, link: l }; queue.push(l.next); } });
    }
    if (!(to in back)) { return { from: from, to: to, connected: false, length: null, nodes: [], steps: [] }; }
    var steps = [], hops = [to];
    for (var id = to; back[id]; id = back[id].at) {
      var l = back[id].link;
      steps.unshift({ from: back[id].at, to: id, direction: l.forward ? "forward" : "backward", subject: l.edge.from,
        object: l.edge.to, property: l.edge.property, label: l.edge.label, sentence: l.edge.sentence });
      hops.unshift(back[id].at);
    }
    return { from: from, to: to, connected: true, length: steps.length,
      nodes: hops.map(function (h) { return byId[h]; }), steps: steps };
  }

  function findPath(from, to) {
    if (standalone || !data.pathUrl) { return Promise.resolve(offlinePath(from, to)); }
    var url = data.pathUrl + "?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to);
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("path: HTTP " + response.status); }
      return response.json();
    });
  }

  function showPath(result) {
    state.path = { from: result.from, to: result.to, result: result };
    state.pathEdges = {};
    var message = document.getElementById("path-message");
    if (!result.connected) {
      message.textContent = ui("pathNone");
      saveState();
      return;
    }
    message.textContent = result.length + " " + ui("pathSteps");
    var stepEdges = result.steps.map(function (s) {
      return { from: s.subject, to: s.object, key: localName(s.property), property: s.property, label: s.label,
        sentence: s.sentence };
    });
    addAround(result.from, result.nodes, stepEdges, false);
    stepEdges.forEach(function (e) { state.pathEdges[e.from + " " + e.key + " " + e.to] = true; });
    var ids = result.nodes.map(function (n) { return n.id; });
    network.setSelection({ nodes: ids, edges: Object.keys(state.pathEdges) }, { highlightEdges: false });
    network.fit({ nodes: ids, animation: false });
    // Keep the path clear of the details panel on the right.
    var panelWidth = document.getElementById("details").offsetWidth || 360;
    var centre = network.getViewPosition(), zoom = network.getScale() * 0.9;
    network.moveTo({ position: { x: centre.x + panelWidth / 2 / zoom, y: centre.y }, scale: zoom, animation: false });
    var panel = document.getElementById("details");
    panel.textContent = "";
    var byId = {};
    result.nodes.forEach(function (n) { byId[n.id] = n; });
    function name(id) { return pick(names(nodes.get(id) || byId[id] || { label: { en: id } })); }
    panel.appendChild(element("h2", ui("path") + ": " + name(result.from) + " → " + name(result.to)));
    panel.appendChild(element("p", result.length + " " + ui("pathSteps"), "other"));
    var list = element("ol", undefined, "path-steps");
    result.steps.forEach(function (s) {
      var item = element("li");
      var relation = pick(s.label);
      item.appendChild(element("strong", name(s.subject) + " —" + relation + "→ " + name(s.object)));
      item.appendChild(element("blockquote", s.sentence || ui("noSentence")));
      list.appendChild(item);
    });
    panel.appendChild(list);
    panel.hidden = false;
    state.showingPath = true;
    state.selected = null;
    saveState();
  }
  state.findPath = function (from, to) { return findPath(from, to).then(showPath); };

  var ends = {};
  ["from", "to"].forEach(function (end) {
    var input = document.getElementById("path-" + end);
    input.placeholder = ui("search");
    picker(input, input.parentNode.querySelector(".choices"), function (n) {
      ends[end] = n.id;
      input.value = pick(names(n));
    });
    input.addEventListener("input", function () { ends[end] = null; });
  });
  document.getElementById("path-toggle").addEventListener("click", function () {
    var form = document.getElementById("path-form");
    form.hidden = !form.hidden;
    this.setAttribute("aria-expanded", form.hidden ? "false" : "true");
    if (!form.hidden) { document.getElementById("path-from").focus(); }
  });
  document.getElementById("path-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!ends.from || !ends.to) { document.getElementById("path-message").textContent = ui("pathPick"); return; }
    state.findPath(ends.from, ends.to);
  });

  // ---- export: PNG of the canvas, SVG redrawn from the positions, CSV of the nodes and relations --------

  function download(name, href) {
    var link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  function downloadText(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    download(name, url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function csv(rows) {
    // RFC 4180, with a byte-order mark so that spreadsheet programs read the Chinese as UTF-8.
    return "\ufeff" + rows.map(function (row) {
      return row.map(function (cell) {
        var text = cell === undefined || cell === null ? "" : String(cell);
        return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
      }).join(",");
    }).join("\r\n") + "\r\n";
  }

  function nodesCsv() {
    var rows = [["id", "label_zh", "label_en", "pinyin", "class", "kind", "degree", "domain", "finding"]];
    nodes.get().sort(function (a, b) { return a.id < b.id ? -1 : 1; }).forEach(function (n) {
      rows.push([n.id, n.labels.zh, n.labels.en, n.pinyin, n.cls, n.kind, n.degree, n.cluster,
        notesOf(n.id).filter(function (f) { return f.focus; }).map(function (f) { return pick(f.message); }).join(" | ")
          || (n.finding ? ui("finding") : "")]);
    });
    return csv(rows);
  }

  function edgesCsv() {
    var rows = [["from", "to", "property", "label_zh", "label_en", "sentence"]];
    edges.get().sort(function (a, b) { return a.id < b.id ? -1 : 1; }).forEach(function (e) {
      rows.push([e.from, e.to, e.property, e.labels.zh, e.labels.en, e.sentence]);
    });
    return csv(rows);
  }

  function png() { return container.querySelector("canvas").toDataURL("image/png"); }

  function svgOf(tag, attributes) {
    var el = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes).forEach(function (key) { el.setAttribute(key, attributes[key]); });
    return el;
  }

  function svg() {
    var positions = network.getPositions(), scale = network.getScale();
    var view = network.DOMtoCanvas({ x: 0, y: 0 }), end = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var root = svgOf("svg", { xmlns: SVG_NS, viewBox: [view.x, view.y, end.x - view.x, end.y - view.y].join(" "),
      width: container.clientWidth, height: container.clientHeight });
    root.appendChild(svgOf("rect", { x: view.x, y: view.y, width: end.x - view.x, height: end.y - view.y, fill: "#fff" }));
    clusterShapes().forEach(function (shape) {
      root.appendChild(svgOf("polygon", { points: shape.points.map(function (p) { return p.x + "," + p.y; }).join(" "),
        fill: shape.colour, opacity: 0.09 }));
    });
    edges.forEach(function (e) {
      var a = positions[e.from], z = positions[e.to];
      if (a && z) {
        root.appendChild(svgOf("line", { x1: a.x, y1: a.y, x2: z.x, y2: z.y, stroke: "#9aa5b1", "stroke-width": 1,
          opacity: state.pathEdges[e.id] ? 1 : 0.8 }));
      }
    });
    nodes.forEach(function (n) {
      var p = positions[n.id], b = p && shapeBox(n.id, p);
      if (!b || !p) { return; }
      var shape = shapeElement(n.shape, p.x, p.y, (b.right - b.left) / 2);
      var style = data.styles[n.kind] || {};
      shape.setAttribute("fill", style.color || "#999");
      shape.setAttribute("stroke", n.finding ? data.findingBorder : "#555");
      shape.setAttribute("stroke-width", n.finding ? 2 : 1);
      var title = svgOf("title", {});
      title.textContent = pick(n.labels);
      shape.appendChild(title);
      root.appendChild(shape);
      if (n.finding) {
        var mark = badge(n.id, scale);
        root.appendChild(svgOf("circle", { cx: mark.x, cy: mark.y, r: mark.r, fill: data.findingBorder, stroke: "#fff",
          "stroke-width": 1.5 / scale }));
        var bang = svgOf("text", { x: mark.x, y: mark.y + 3 / scale, "text-anchor": "middle", "font-size": 9 / scale,
          "font-weight": "bold", "font-family": FONT, fill: "#fff", class: "badge" });
        bang.textContent = "!";
        root.appendChild(bang);
      }
    });
    state.labelBoxes.forEach(function (box) {
      var size = box.font ? parseFloat(box.font.replace(/^bold /, "")) : 11 / scale;
      var text = svgOf("text", { x: box.l, y: box.t + size * 0.9, "font-size": size, "font-family": FONT,
        "font-weight": box.kind === "Plan" || box.kind === "Domain" ? "bold" : "normal", fill: "#1f2933",
        stroke: "#fff", "stroke-width": 3 / scale, "paint-order": "stroke" });
      text.textContent = box.text;
      root.appendChild(text);
    });
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root);
  }

  state.exports = { png: png, svg: svg, nodesCsv: nodesCsv, edgesCsv: edgesCsv };
  var exporters = {
    "export-png": function () { download("policykg-network.png", png()); },
    "export-svg": function () { downloadText("policykg-network.svg", svg(), "image/svg+xml"); },
    "export-nodes": function () { downloadText("policykg-nodes.csv", nodesCsv(), "text/csv;charset=utf-8"); },
    "export-edges": function () { downloadText("policykg-relations.csv", edgesCsv(), "text/csv;charset=utf-8"); }
  };
  Object.keys(exporters).forEach(function (id) {
    document.getElementById(id).addEventListener("click", function () {
      document.getElementById("export-menu").hidden = true;
      exporters[id]();
    });
  });
  document.getElementById("export-toggle").addEventListener("click", function () {
    var menu = document.getElementById("export-menu");
    menu.hidden = !menu.hidden;
    this.setAttribute("aria-expanded", menu.hidden ? "false" : "true");
  });

  // ---- help ----------------------------------------------------------------------------------------

  function toggleHelp(open) {
    var help = document.getElementById("help");
    help.hidden = !open;
    document.getElementById("help-toggle").setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { document.getElementById("details").hidden = true; }
  }
  document.getElementById("help-toggle").addEventListener("click", function () {
    toggleHelp(document.getElementById("help").hidden);
  });
  document.getElementById("help-close").addEventListener("click", function () { toggleHelp(false); });

  // ---- start: draw, then restore the state the URL holds ----------------------------------------------

  counts();
  renderLegend();
  var initial = readState();
  if (standalone && initial.lang && initial.lang !== lang && data.ui[initial.lang]) { applyLang(initial.lang); }
  if (data.focus && nodes.get(data.focus) && !data.path) {
    network.once("stabilizationIterationsDone", function () { focusNode(data.focus); });
    showDetails(data.focus);
    network.selectNodes([data.focus]);
  }
  var restored = initial.expand.reduce(function (done, id) {
    return done.then(function () { return expand(id); }).catch(function () { return 0; });
  }, Promise.resolve());
  restored.then(function () {
    if (data.path) { showPath(data.path); }
    else if (initial.from && initial.to) { return findPath(initial.from, initial.to).then(showPath); }
  }).then(function () {
    // Focus once the layout has settled, or its final fit would move the view away again.
    return stable;
  }).then(function () {
    if (initial.select && nodes.get(initial.select)) { focusNode(initial.select); }
  }).catch(function () { return null; }).then(function () {
    restoring = false;
    state.restored = true;
    saveState();
  });
}());
