/* notekg page: the network view, search, filters, legend, tooltips and details panel.
 * Every piece of note text is put in the page with textContent (never parsed as HTML), and only
 * http(s) links are made clickable. window.notekg exposes the state for tests and the console. */
(function () {
  "use strict";

  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("notekg-data").textContent);
  var tParsed = performance.now();
  var STRUCTURAL = { subject: true, broader: true, related: true, sameAs: true };
  var CONCEPTS = { Technique: true, Task: true, Dataset: true };
  var TOPICS = { Topic: true, Workshop: true };
  var DIM_NODE = { background: "#e8e8e8", border: "#d8d8d8" };
  var DIM_EDGE = { color: "rgba(180,180,180,0.25)", highlight: "rgba(180,180,180,0.25)", hover: "rgba(180,180,180,0.25)" };

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

  // ---- indexes ---------------------------------------------------------------------------
  var info = new Map();
  var adjacency = new Map();
  var typeColour = {};
  var relationColour = {};
  data.types.forEach(function (t) { typeColour[t.name] = t.color; });
  data.relations.forEach(function (r) { relationColour[r.name] = r.color; });
  data.nodes.forEach(function (n) { info.set(n.id, n); adjacency.set(n.id, []); });
  data.edges.forEach(function (e) { adjacency.get(e.from).push(e); adjacency.get(e.to).push(e); });
  var edgeInfo = new Map();
  data.edges.forEach(function (e) { edgeInfo.set(e.id, e); });

  // Search folds case and punctuation: "boundary aware" finds "Boundary-Aware Feature ...".
  function fold(text) { return String(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim(); }
  var searchIndex = data.nodes.map(function (n) {
    var keys = [n.name, n.label].concat(n.aliases || []).map(fold);
    // A paper before the method its title names ("Gated-SCNN" the paper, then the method).
    return { id: n.id, keys: keys, sort: String(n.name).toLowerCase(), kind: n.group === "Paper" ? 0 : 1 };
  });

  // ---- filters ---------------------------------------------------------------------------
  var state = {
    types: new Set(data.types.map(function (t) { return t.name; })),
    relations: new Set(data.relations.map(function (r) { return r.name; })),
    confidences: new Set((data.confidences || []).map(function (c) { return c.name; })),
    topic: null,
    topicMembers: null,
    minRating: 0,
    opened: new Set(),  // overview: the clusters opened (their nodes shown instead of their disc)
  };

  // ---- overview: large graphs open on one node per group (page.py's clusters) --------------
  // A cluster's id follows the node ids; clicking it opens it; search opens the one it needs.
  var overview = data.clusters || null;
  var clusterInfo = new Map();
  if (overview) overview.nodes.forEach(function (c, i) { c.index = i; clusterInfo.set(c.id, c); });
  function isCluster(id) { return clusterInfo.has(id); }
  function clusterOf(id) { var n = info.get(id); return n && overview ? overview.nodes[n.cluster].id : null; }
  function opened(id) { return !overview || state.opened.has(clusterOf(id)); }
  function openCluster(clusterId) {
    if (!isCluster(clusterId) || state.opened.has(clusterId)) return false;
    state.opened.add(clusterId);
    refresh();
    return true;
  }

  function nodeVisible(item) {
    if (isCluster(item.id)) return !state.opened.has(item.id);
    var n = info.get(item.id);
    if (!opened(n.id)) return false;
    if (!state.types.has(n.group)) return false;
    if (state.minRating > 0 && n.group === "Paper" && !(n.rating >= state.minRating)) return false;
    if (state.topicMembers && !state.topicMembers.has(n.id)) return false;
    return true;
  }
  function edgeVisible(item) {
    var e = edgeInfo.get(item.id);
    if (!e) return !state.opened.has(item.from) && !state.opened.has(item.to);  // between clusters
    // Structural edges (in topic, broader) carry no confidence and stay with their relation.
    return state.relations.has(e.label) && (!e.confidence || state.confidences.has(e.confidence)) &&
      opened(e.from) && opened(e.to);
  }
  // explicit: solid; mention: dashed; heading (inherited): dotted.
  var CONFIDENCE_DASHES = { explicit: false, mention: [8, 5], heading: [2, 5] };

  function topicMembers(topicId) {
    var members = new Set([topicId]);
    var stack = [topicId];
    while (stack.length) {
      var t = stack.pop();
      adjacency.get(t).forEach(function (e) {
        if (e.key === "broader" && e.to === t && TOPICS[info.get(e.from).group] && !members.has(e.from)) {
          members.add(e.from);
          stack.push(e.from);
        }
      });
    }
    Array.from(members).forEach(function (t) {
      adjacency.get(t).forEach(function (e) { if (e.key === "subject" && e.to === t) members.add(e.from); });
    });
    Array.from(members).forEach(function (p) {
      if (info.get(p).group !== "Paper") return;
      adjacency.get(p).forEach(function (e) {
        var other = e.from === p ? e.to : e.from;
        if (CONCEPTS[info.get(other).group]) members.add(other);
      });
    });
    return members;
  }

  // ---- the network -----------------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = { id: n.id, label: n.label, group: n.group, size: n.size };
    if (n.labelSize) item.font = { size: n.labelSize };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: e.label, color: edgeColour(e),
             dashes: e.confidence ? CONFIDENCE_DASHES[e.confidence] || false : false };
  }));
  if (overview) {
    nodes.add(overview.nodes.map(function (c) {
      var item = { id: c.id, label: c.label, group: "Cluster", size: c.size, x: c.x, y: c.y };
      if (c.labelSize) item.font = { size: c.labelSize };
      return item;
    }));
    edges.add(overview.edges.map(function (link, i) {
      return { id: "cluster-link-" + i, from: link[0], to: link[1], arrows: { to: { enabled: false } },
        width: Math.min(8, 1 + Math.log(link[2])), color: { color: "rgba(127,156,196,0.35)" } };
    }));
  }
  // Topics and hubs carry a label size readable at "Fit" scale (page.py); the rest use the default.
  // A node's font: its colour (dimmed or not) and, for topics and hubs, the size sizeHubLabels set.
  // DataSet.update replaces the whole font object, so both always travel together.
  function nodeFont(n, colour) {
    n.fontColour = colour;
    return n.labelSize ? { color: colour, size: n.fontSize || n.labelSize } : { color: colour };
  }
  function edgeColour(e) { var c = relationColour[e.label] || "#999999"; return { color: c, highlight: c, hover: c }; }

  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, { filter: edgeVisible });
  var container = $("graph");
  var tData = performance.now();
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var tNet = performance.now();

  var api = {
    data: data, network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    ready: false, readyAt: null, selected: null,
    visibleCount: function () { return nodeView.length; },
    search: search, select: select, clear: clearSelection, reset: resetFilters,
    setType: setType, setRelation: setRelation, setConfidence: setConfidence, setTopic: setTopic, setMinRating: setMinRating,
    freeArea: freeArea, focusNeighbourhood: focusNeighbourhood,
    overview: overview, openCluster: openCluster, clusterOf: clusterOf,
    nodeTooltip: nodeTooltip, edgeTooltip: edgeTooltip, idOf: idOf,
  };
  window.notekg = api;

  function idOf(iri) {
    for (var i = 0; i < data.nodes.length; i++) if (data.nodes[i].iri === iri) return data.nodes[i].id;
    return null;
  }

  // ---- header and counts -----------------------------------------------------------------
  $("title").textContent = data.title;
  $("subtitle").textContent = data.subtitle || "";
  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }
  function updateCounts() {
    var shown = overview ? nodeView.length - (overview.nodes.length - state.opened.size) : nodeView.length;
    $("counts").textContent = plural(data.nodes.length, "node") + ", " + plural(data.edges.length, "edge") +
      (overview ? " — overview: " + plural(overview.nodes.length - state.opened.size, "group") +
        " closed, " + plural(shown, "node") + " shown; click a group to open it"
        : shown !== data.nodes.length ? " — showing " + plural(shown, "node") : "");
  }

  // ---- legend: node types and relations, each a filter -----------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function swatch(shape, colour) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    var shapes = {
      dot: "M8 2a6 6 0 1 0 0.01 0z",
      square: "M2.5 2.5h11v11h-11z",
      diamond: "M8 1l7 7-7 7-7-7z",
      triangle: "M8 2l6.5 12h-13z",
      triangleDown: "M1.5 2h13l-6.5 12z",
      hexagon: "M4.5 2h7l3.5 6-3.5 6h-7l-3.5-6z",
      star: "M8 1l2 4.8 5.2.4-4 3.4 1.3 5.1L8 12l-4.5 2.7 1.3-5.1-4-3.4 5.2-.4z",
      line: "M0 8h16",
      dashed: "M0 8h5M8 8h5",
      dotted: "M0 8h2M5 8h2M10 8h2M15 8h1",
    };
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", shapes[shape] || shapes.dot);
    if (shape === "line" || shape === "dashed" || shape === "dotted") {
      path.setAttribute("stroke", colour);
      path.setAttribute("stroke-width", "3");
    } else {
      path.setAttribute("fill", colour);
    }
    svg.appendChild(path);
    return svg;
  }
  function legendRow(list, kind, name, colour, shape, count, onChange) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset[kind] = name;
    box.addEventListener("change", function () { onChange(name, box.checked); });
    label.append(box, swatch(shape, colour), el("span", null, name));
    li.append(label, el("span", "count", count));
    list.appendChild(li);
  }
  data.types.forEach(function (t) { legendRow($("types"), "type", t.name, t.color, t.shape, t.count, setType); });
  data.relations.forEach(function (r) { legendRow($("relations"), "relation", r.name, r.color, "line", r.count, setRelation); });
  var CONFIDENCE_SWATCH = { explicit: "line", mention: "dashed", heading: "dotted" };
  // A graph whose edges carry no confidence (one loaded from elsewhere) shows no empty section.
  if (!(data.confidences || []).length) $("confidence-section").hidden = true;
  (data.confidences || []).forEach(function (c) {
    legendRow($("confidences"), "confidence", c.name, "#555555", CONFIDENCE_SWATCH[c.name] || "line", c.count, setConfidence);
  });

  var topicSelect = $("topic");
  data.topics.forEach(function (t) {
    var option = el("option", null, "\u00a0\u00a0".repeat(t[2]) + t[1]);
    option.value = String(t[0]);
    topicSelect.appendChild(option);
  });
  topicSelect.addEventListener("change", function () { setTopic(topicSelect.value === "" ? null : Number(topicSelect.value)); });
  var rating = $("rating");
  rating.addEventListener("input", function () { setMinRating(Number(rating.value)); });

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
  }
  function setType(name, on) {
    if (on) state.types.add(name); else state.types.delete(name);
    var box = document.querySelector('input[data-type="' + CSS.escape(name) + '"]');
    if (box) box.checked = !!on;
    refresh();
  }
  function setRelation(name, on) {
    if (on) state.relations.add(name); else state.relations.delete(name);
    var box = document.querySelector('input[data-relation="' + CSS.escape(name) + '"]');
    if (box) box.checked = !!on;
    refresh();
  }
  function setConfidence(name, on) {
    if (on) state.confidences.add(name); else state.confidences.delete(name);
    var box = document.querySelector('input[data-confidence="' + CSS.escape(name) + '"]');
    if (box) box.checked = !!on;
    refresh();
  }
  function setTopic(id) {
    state.topic = id;
    state.topicMembers = id === null || id === undefined ? null : topicMembers(id);
    topicSelect.value = state.topicMembers ? String(id) : "";
    if (overview && state.topicMembers) state.topicMembers.forEach(function (m) { state.opened.add(clusterOf(m)); });
    refresh();
    network.fit({ animation: false });
  }
  function setMinRating(value) {
    state.minRating = value || 0;
    rating.value = String(state.minRating);
    $("rating-value").textContent = state.minRating ? state.minRating + "/10" : "any";
    refresh();
  }
  function resetFilters() {
    data.types.forEach(function (t) { state.types.add(t.name); });
    data.relations.forEach(function (r) { state.relations.add(r.name); });
    (data.confidences || []).forEach(function (c) { state.confidences.add(c.name); });
    document.querySelectorAll(".legend input").forEach(function (box) { box.checked = true; });
    state.topic = null;
    state.topicMembers = null;
    topicSelect.value = "";
    setMinRating(0);
    clearSelection();
  }
  $("reset").addEventListener("click", function () {
    state.opened.clear();  // the overview closes again
    resetFilters();
    network.fit();
  });
  $("fit").addEventListener("click", function () { network.fit(); });

  // ---- search ----------------------------------------------------------------------------
  function search(query) {
    var q = fold(query || "");
    if (!q) return [];
    var hits = [];
    searchIndex.forEach(function (entry) {
      var rank = 9;
      entry.keys.forEach(function (key) {
        var r = key === q ? 0 : key.indexOf(q) === 0 ? 1 : key.indexOf(" " + q) >= 0 ? 2 : key.indexOf(q) >= 0 ? 3 : 9;
        if (r < rank) rank = r;
      });
      if (rank < 9) hits.push([rank, entry.kind, entry.sort, entry.id]);
    });
    hits.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[3] - b[3]);
    });
    return hits.slice(0, 12).map(function (h) { return h[3]; });
  }
  var searchBox = $("search");
  var results = $("results");
  function showResults() {
    results.replaceChildren();
    search(searchBox.value).forEach(function (id) {
      var n = info.get(id);
      var button = el("button", null, n.name);
      button.type = "button";
      button.appendChild(el("span", "kind", n.group));
      button.addEventListener("click", function () { select(id); });
      var li = el("li");
      li.appendChild(button);
      results.appendChild(li);
    });
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var hits = search(searchBox.value);
      if (hits.length) select(hits[0]);
    } else if (event.key === "Escape") {
      searchBox.value = "";
      showResults();
    }
  });

  // ---- selection: focus, neighbourhood highlight, details --------------------------------
  var dimmed = false;
  function select(id, options) {
    if (!info.has(id)) return false;
    if (!opened(id)) openCluster(clusterOf(id));
    if (!nodeView.get(id)) resetFilters();
    api.selected = id;
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    if (!options || options.focus !== false) focusNeighbourhood(id);
    return true;
  }

  // The part of the graph area the details panel leaves free, in DOM pixels of #graph.
  function freeArea() {
    var width = container.clientWidth, height = container.clientHeight;
    var panel = $("details");
    var right = width;
    if (!panel.hidden) {
      var left = panel.getBoundingClientRect().left - container.getBoundingClientRect().left;
      right = Math.max(width * 0.4, Math.min(width, left - 10));
    }
    return { left: 0, top: 0, right: right, bottom: height };
  }
  // Centre the node and its neighbours in the free area, zoomed so they all fit (at most 1.5x).
  function focusNeighbourhood(id) {
    var ids = Array.from(neighbourhood(id).nodes).filter(function (n) { return nodeView.get(n); });
    var positions = network.getPositions(ids);
    var xs = ids.map(function (n) { return positions[n].x; });
    var ys = ids.map(function (n) { return positions[n].y; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var area = freeArea();
    var margin = 60;
    var scale = Math.min(1.5,
      (area.right - area.left - 2 * margin) / Math.max(1, maxX - minX),
      (area.bottom - area.top - 2 * margin) / Math.max(1, maxY - minY));
    var offsetX = (area.left + area.right) / 2 - container.clientWidth / 2;
    var offsetY = (area.top + area.bottom) / 2 - container.clientHeight / 2;
    network.moveTo({
      position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 },
      scale: Math.max(0.05, scale), offset: { x: offsetX, y: offsetY }, animation: false,
    });
  }
  function clearSelection() {
    api.selected = null;
    network.unselectAll();
    $("details").hidden = true;
    labelEdges([]);
    if (dimmed) restoreColours();
  }
  function neighbourhood(id) {
    var near = new Set([id]);
    var nearEdges = new Set();
    adjacency.get(id).forEach(function (e) { near.add(e.from); near.add(e.to); nearEdges.add(e.id); });
    return { nodes: near, edges: nearEdges };
  }
  // Above this many nodes the neighbourhood is shown by selecting it (cheap) instead of
  // dimming every other node (one update per node and edge).
  var DIM_LIMIT = 1500;
  // Edge labels show only when zoomed in (page.py's drawThreshold) or on the selected node's edges.
  var LABEL_ALWAYS = { label: { drawThreshold: 1 } };
  var LABEL_ZOOMED = { label: { drawThreshold: data.options.edges.scaling.label.drawThreshold } };
  var labelled = [];
  function labelEdges(ids) {
    var updates = labelled.map(function (e) { return { id: e, scaling: LABEL_ZOOMED }; });
    ids.forEach(function (e) { updates.push({ id: e, scaling: LABEL_ALWAYS }); });
    if (updates.length) edges.update(updates);
    labelled = ids;
  }
  function highlight(id) {
    var near = neighbourhood(id);
    labelEdges(Array.from(near.edges));
    if (data.nodes.length > DIM_LIMIT) {
      var shownNodes = Array.from(near.nodes).filter(function (n) { return nodeView.get(n); });
      var shownEdges = Array.from(near.edges).filter(function (e) { return edgeView.get(e); });
      network.setSelection({ nodes: shownNodes, edges: shownEdges }, { unselectAll: true, highlightEdges: false });
      return;
    }
    var nodeUpdates = [];
    data.nodes.forEach(function (n) {
      nodeUpdates.push(near.nodes.has(n.id)
        ? { id: n.id, color: typeColour[n.group], font: nodeFont(n, "#222222") }
        : { id: n.id, color: DIM_NODE, font: nodeFont(n, "rgba(0,0,0,0.2)") });
    });
    var edgeUpdates = [];
    data.edges.forEach(function (e) {
      edgeUpdates.push(near.edges.has(e.id)
        ? { id: e.id, color: edgeColour(e), font: { color: "#555555" } }
        : { id: e.id, color: DIM_EDGE, font: { color: "rgba(0,0,0,0)" } });
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    dimmed = true;
  }
  function restoreColours() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, color: typeColour[n.group], font: nodeFont(n, "#222222") }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: edgeColour(e), font: { color: "#555555" } }; }));
    dimmed = false;
  }

  function addField(list, name, value, className) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    list.appendChild(el("dt", null, name));
    list.appendChild(el("dd", className || null, Array.isArray(value) ? value.join("; ") : value));
  }
  function showDetails(id) {
    var n = info.get(id);
    var panel = $("details");
    panel.replaceChildren();
    var close = el("button", "close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", clearSelection);
    var kind = el("div", "kind", n.group);
    kind.style.color = typeColour[n.group] || "#666";
    panel.append(close, kind, el("h2", n.struck ? "struck" : null, n.name));
    var url = safeUrl(n.url);
    if (url) {
      var link = el("a", "open", n.group === "Paper" ? "Open the paper \u2197" : "Open the link \u2197");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      panel.appendChild(link);
    }
    var list = el("dl");
    addField(list, "Rating", n.rating !== undefined ? n.rating + "/10" : null);
    addField(list, "Verdict", n.verdict);
    addField(list, "tl;dr", n.tldr);
    addField(list, "Comment", n.comment);
    addField(list, "Topics", n.topics);
    addField(list, "Also known as", n.aliases);
    addField(list, "Link", url);
    addField(list, "Notes line", n.line);
    panel.appendChild(list);
    var links = adjacency.get(id).slice().sort(function (a, b) {
      return (STRUCTURAL[a.key] ? 1 : 0) - (STRUCTURAL[b.key] ? 1 : 0) || a.id - b.id;
    });
    panel.appendChild(el("h3", null, "Connections (" + links.length + ")"));
    var ul = el("ul", "links");
    links.slice(0, 60).forEach(function (e) {
      var out = e.from === id;
      var other = info.get(out ? e.to : e.from);
      var li = el("li");
      li.appendChild(el("span", "rel", out ? e.label + " \u2192" : "\u2190 " + e.label));
      var button = el("button", null, other.name);
      button.type = "button";
      button.addEventListener("click", function () { select(other.id); });
      li.appendChild(button);
      if (e.evidence) li.appendChild(el("div", "evidence", "\u201c" + e.evidence + "\u201d" + (e.line ? " (line " + e.line + ")" : "")));
      ul.appendChild(li);
    });
    if (links.length > 60) ul.appendChild(el("li", "rel", "and " + (links.length - 60) + " more"));
    panel.appendChild(ul);
    panel.hidden = false;
  }

  // ---- tooltips (DOM text, never HTML) ---------------------------------------------------
  function nodeTooltip(id) {
    var n = info.get(id);
    var box = document.createDocumentFragment();
    box.appendChild(el("strong", null, n.name));
    box.appendChild(el("span", "meta", n.group + (n.rating !== undefined ? " \u00b7 " + n.rating + "/10" : "") +
      (n.verdict ? " \u00b7 " + n.verdict : "")));
    if (n.tldr) box.appendChild(el("p", null, n.tldr));
    if (n.topics && n.topics.length) box.appendChild(el("p", "meta", "Topics: " + n.topics.join("; ")));
    if (n.url) box.appendChild(el("p", "meta", n.url));
    return box;
  }
  function clusterTooltip(id) {
    var c = clusterInfo.get(id);
    var box = document.createDocumentFragment();
    box.appendChild(el("strong", null, c.name));
    box.appendChild(el("span", "meta", plural(c.papers, "paper") + ", " + plural(c.nodes, "node") + " \u00b7 click to open"));
    return box;
  }
  function edgeTooltip(id) {
    var e = edgeInfo.get(id);
    if (!e) return document.createDocumentFragment();
    var box = document.createDocumentFragment();
    box.appendChild(el("strong", null, info.get(e.from).label + " \u2014 " + e.label + " \u2192 " + info.get(e.to).label));
    if (e.evidence) box.appendChild(el("p", null, "\u201c" + e.evidence + "\u201d"));
    var meta = [];
    if (e.rule) meta.push("rule: " + e.rule);
    if (e.field) meta.push("in " + e.field);
    if (e.line) meta.push("line " + e.line);
    if (e.confidence) meta.push(e.confidence);
    if (meta.length) box.appendChild(el("p", "meta", meta.join(" \u00b7 ")));
    return box;
  }
  var tooltip = $("tooltip");
  function showTooltip(content, pointer) {
    tooltip.replaceChildren(content);
    var rect = container.getBoundingClientRect();
    tooltip.style.left = Math.min(rect.left + pointer.x + 14, window.innerWidth - 370) + "px";
    tooltip.style.top = Math.min(rect.top + pointer.y + 14, window.innerHeight - 120) + "px";
    tooltip.hidden = false;
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(isCluster(p.node) ? clusterTooltip(p.node) : nodeTooltip(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { if (edgeInfo.has(p.edge)) showTooltip(edgeTooltip(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // Topic and hub labels (labelSize from page.py) stay about 13 px on screen as one zooms: large
  // when zoomed out so the overview has names, normal size when zoomed in so they do not cover it.
  var hubs = data.nodes.concat(overview ? overview.nodes : []).filter(function (n) { return n.labelSize; });
  var hubScale = null;
  function sizeHubLabels() {
    var scale = network.getScale();
    if (!hubs.length || (hubScale !== null && Math.abs(scale - hubScale) / hubScale < 0.1)) return;
    hubScale = scale;
    nodes.update(hubs.map(function (n) {
      n.fontSize = Math.max(13, Math.min(n.labelSize, 13 / scale));
      return { id: n.id, font: nodeFont(n, n.fontColour || "#222222") };
    }));
  }
  network.on("afterDrawing", sizeHubLabels);  // after zooms, fits and focus moves alike

  network.on("click", function (p) {
    if (p.nodes.length && isCluster(p.nodes[0])) openCluster(p.nodes[0]);
    else if (p.nodes.length) select(p.nodes[0], { focus: false });
    else if (!p.edges.length) clearSelection();
  });

  // ---- ready -----------------------------------------------------------------------------
  // Positions come from Python (page.py): the first drawing is the finished picture.
  var loading = $("loading");
  network.once("afterDrawing", function () {
    loading.hidden = true;
    updateCounts();
    if (data.focus !== null && data.focus !== undefined) select(data.focus);
    api.ready = true;
    api.readyAt = performance.now();
    api.timing = { start: t0, parsed: tParsed, data: tData, network: tNet, drawn: api.readyAt };
    document.body.setAttribute("data-ready", "true");
  });
  updateCounts();
})();
