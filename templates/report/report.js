// strangler report: renders the analysis embedded in #strangler-data. No network. The graph
// is drawn by the vendored Cytoscape.js with its dagre layout (inlined before this script).
// Every string from the analyzed code goes through textContent, never innerHTML, or is canvas
// text in the graph. Cost: building the adjacency is linear in the dependencies; a drill-down
// touches only the members it opens and their edges; at most DRAW_LIMIT nodes are laid out.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("strangler-data").textContent);
  const DRAW_LIMIT = 150; // nodes per view: beyond it, members are grouped by package
  const LAYOUT_CROSSINGS = 1500; // dummy nodes dagre may make; beyond, a spanning forest
  const DSM_LIMIT = 60;   // rows of a module matrix: beyond it, rows are packages
  const seams = data.seams;
  const KERNEL = seams.length; // the service index of kernel and unassigned modules
  const modules = data.modules.map((m, i) => ({ i, name: m[0], path: m[1], loc: m[2], seam: m[3], label: m[4] }));
  const byName = new Map(modules.map((m) => [m.name, m]));
  const serviceName = (s) => (s === KERNEL ? "shared kernel" : seams[s].name);
  const serviceColor = (s) => (s === KERNEL ? data.kernel_color : seams[s].color);
  const kernelModules = modules.filter((m) => m.seam === KERNEL).map((m) => m.i);

  // Adjacency, once: out[i] and inn[i] list [module, weight].
  const out = modules.map(() => []);
  const inn = modules.map(() => []);
  data.edges.forEach(([a, b, w]) => { out[a].push([b, w]); inn[b].push([a, w]); });

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function swatch(color) { const s = el("span", null, "swatch"); s.style.background = color; return s; }
  const fmt = (x) => (Math.round(x * 10) / 10).toString();
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  // ------------------------------------------------------------------ header
  document.getElementById("title").textContent = data.title;
  const s = data.summary;
  document.getElementById("stats").textContent =
    `${s.modules} modules · ${s.lines} lines · ${s.routes} routes · ${s.tables} tables · ` +
    `${s.cycles} import cycles · ${seams.length} services proposed · ${s.problems} problems`;

  // ------------------------------------------------------------------ tabs
  const tabs = Array.from(document.querySelectorAll("[role=tab]"));
  const rendered = {};
  function showTab(id) {
    tabs.forEach((t) => {
      const on = t.id === "tab-" + id;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    });
    if (!rendered[id] && renderers[id]) { renderers[id](); rendered[id] = true; }
    if (id === "graph") { if (!view) openServices(); else cy.resize(); }
  }
  tabs.forEach((t, i) => {
    t.addEventListener("click", () => showTab(t.id.slice(4)));
    t.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus(); showTab(next.id.slice(4));
    });
  });

  // ------------------------------------------------------------------ service list
  const list = document.getElementById("seam-list");
  const listItems = [];
  function addListItem(index, label, count) {
    const item = el("button", null, "seam-item");
    item.type = "button";
    item.dataset.seam = index === KERNEL ? "" : seams[index].name;
    item.dataset.index = String(index);
    item.setAttribute("aria-pressed", "false");
    item.appendChild(swatch(serviceColor(index)));
    item.appendChild(el("span", label));
    if (index !== KERNEL) {
      const c = seams[index].confidence;
      const badge = el("span", c, "conf " + c);
      badge.title = `confidence ${c}` + (seams[index].confidence_notes.length ? ": " + seams[index].confidence_notes.join("; ") : "");
      badge.dataset.confidence = c;
      item.appendChild(badge);
    }
    item.appendChild(el("span", count, "n"));
    item.title = index === KERNEL ? "modules kept out of services" : `${seams[index].modules.length} modules, ${seams[index].loc} code lines, difficulty ${seams[index].difficulty}, confidence ${seams[index].confidence}`;
    item.addEventListener("click", () => select({ kind: "service", id: index }));
    item.addEventListener("keydown", (e) => {
      const at = listItems.indexOf(item);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        listItems[(at + (e.key === "ArrowDown" ? 1 : -1) + listItems.length) % listItems.length].focus();
      } else if (e.key === "d" || e.key === "D") {
        showTab("graph"); openService(index);
      }
    });
    list.appendChild(item);
    listItems.push(item);
  }
  seams.forEach((seam, i) => addListItem(i, seam.name, `${seam.modules.length}`));
  addListItem(KERNEL, "shared kernel, roots, unassigned", String(kernelModules.length));

  // ------------------------------------------------------------------ selection (one state)
  let selected = null; // {kind: "service"|"module"|"group", id}
  function select(target) {
    selected = target;
    listItems.forEach((item) => item.setAttribute("aria-pressed",
      String(target && target.kind === "service" && +item.dataset.index === target.id)));
    renderDetail();
    applySelection();
  }

  // ------------------------------------------------------------------ detail panel
  const detail = document.getElementById("detail");
  function section(title, items, render, limit) {
    const max = limit || 40;
    detail.appendChild(el("h3", `${title} (${items.length})`));
    if (items.length === 0) { detail.appendChild(el("p", "none", "muted")); return; }
    const ul = el("ul");
    items.slice(0, max).forEach((item) => { const li = el("li"); render(li, item); ul.appendChild(li); });
    if (items.length > max) ul.appendChild(el("li", `… ${items.length - max} more in analysis.json`, "muted"));
    detail.appendChild(ul);
  }
  function moduleLink(li, index, suffix) {
    const b = el("button", modules[index].name);
    b.type = "button";
    b.style.cssText = "border:0;padding:0;background:none;color:var(--accent);text-align:left";
    b.addEventListener("click", () => goToModule(index));
    li.appendChild(b);
    if (suffix) li.appendChild(el("span", suffix, "muted"));
  }
  function renderDetail() {
    detail.replaceChildren();
    if (!selected) {
      detail.appendChild(el("p", "Select a service in the list, or a node in the graph.", "muted"));
      detail.dataset.showing = "";
      return;
    }
    detail.dataset.showing = selected.kind + ":" + (selected.kind === "service" ? serviceName(selected.id) : selected.kind === "module" ? modules[selected.id].name : selected.id);
    if (selected.kind === "service") return serviceDetail(selected.id);
    if (selected.kind === "module") return moduleDetail(selected.id);
    return groupDetail(selected.id);
  }
  function drillButton(text, action) {
    const b = el("button", text);
    b.type = "button"; b.id = "drill";
    b.addEventListener("click", action);
    detail.appendChild(b);
  }
  function serviceDetail(index) {
    if (index === KERNEL) {
      detail.appendChild(el("h2", "Shared kernel"));
      detail.appendChild(el("p", "Kept out of services: a shared library to split later.", "muted"));
      drillButton("Show its modules in the graph", () => { showTab("graph"); openService(KERNEL); });
      section("Modules", data.kernel, (li, k) => { li.appendChild(el("code", k.module)); li.appendChild(el("div", k.reason, "muted")); });
      section("Roots", data.roots, (li, k) => { li.appendChild(el("code", k.module)); li.appendChild(el("div", k.reason, "muted")); });
      return;
    }
    const seam = seams[index];
    const h = el("h2", `Service ${seam.name}`);
    h.prepend(swatch(seam.color), document.createTextNode(" "));
    detail.appendChild(h);
    detail.appendChild(el("p", `${seam.modules.length} modules, ${seam.loc} code lines, difficulty ${seam.difficulty} (${seam.difficulty_score})`, "muted"));
    const conf = el("p");
    conf.id = "seam-confidence";
    conf.appendChild(document.createTextNode("Confidence "));
    conf.appendChild(el("span", seam.confidence, "conf " + seam.confidence));
    conf.appendChild(document.createTextNode(seam.confidence_notes.length ? ": " + seam.confidence_notes.join("; ") : ": no fact gaps touch it"));
    detail.appendChild(conf);
    if (seam.critical_tables.length) {
      const hot = el("p", "Money or identity data (the plan extracts it last): " + seam.critical_tables.join(", "), "risk");
      hot.id = "seam-critical";
      detail.appendChild(hot);
    }
    drillButton("Show its modules in the graph", () => { showTab("graph"); openService(index); });
    section("Members", seam.modules, (li, m) => moduleLink(li, m));
    section("Public interface", seam.interface, (li, i) => { li.appendChild(el("code", i.name ? `${i.module}.${i.name}` : i.module)); li.appendChild(el("span", ` ×${i.uses}`, "muted")); });
    section("Routes", seam.routes, (li, r) => { li.appendChild(el("span", r.methods.join(",") + " ", "pill")); li.appendChild(el("code", r.path)); });
    section("Tables owned", seam.tables_owned, (li, t) => li.appendChild(el("code", t)));
    section("Tables shared with other services", seam.tables_shared, (li, t) => li.appendChild(el("code", t)));
    section("Uses", seam.depends_on, (li, d) => li.appendChild(el("span", `${d.seam} (weight ${fmt(d.weight)})`)));
    section("Used by", seam.used_by, (li, d) => li.appendChild(el("span", `${d.seam} (weight ${fmt(d.weight)})`)));
    section("Why together", seam.why.together, (li, e) => li.appendChild(el("span", `${e.source} → ${e.target} (${fmt(e.weight)})`)));
    section("To cut when extracting", seam.why.cut, (li, e) => li.appendChild(el("span", `${e.source} → ${e.target} (${fmt(e.weight)}, ${e.file}:${e.line})`)));
    if (seam.why.apps && seam.why.apps.length) {
      section("Apart from the Django apps", seam.why.apps, (li, note) => li.appendChild(el("span", note)));
      detail.lastElementChild.id = "seam-apps";
    }
  }
  function moduleDetail(index) {
    const m = modules[index];
    detail.appendChild(el("h2", m.name));
    const p = el("p", `${m.path} · ${m.loc} code lines · `, "muted");
    p.appendChild(swatch(serviceColor(m.seam)));
    p.appendChild(document.createTextNode(" " + (m.seam === KERNEL ? "shared kernel / unassigned" : "service " + seams[m.seam].name)));
    detail.appendChild(p);
    const byWeight = (a, b) => b[1] - a[1];
    section("Depends on", out[index].slice().sort(byWeight), (li, [j, w]) => moduleLink(li, j, ` ${fmt(w)}${modules[j].seam !== m.seam ? " · " + serviceName(modules[j].seam) : ""}`), 60);
    section("Used by", inn[index].slice().sort(byWeight), (li, [j, w]) => moduleLink(li, j, ` ${fmt(w)}${modules[j].seam !== m.seam ? " · " + serviceName(modules[j].seam) : ""}`), 60);
  }
  function groupDetail(id) {
    const node = view && view.nodes.find((n) => n.id === id);
    detail.appendChild(el("h2", id));
    if (!node) return;
    detail.appendChild(el("p", `${node.members.length} modules`, "muted"));
    drillButton("Open this package", () => openGroup(node));
    section("Modules", node.members, (li, m) => moduleLink(li, m));
  }

  // ------------------------------------------------------------------ summary
  function renderSummary() {
    const panel = document.getElementById("panel-summary");
    const o = data.overview;
    panel.appendChild(el("h2", seams.length ? `${plural(seams.length, "service")} proposed for ${data.title}` : `No services proposed for ${data.title}`));
    panel.appendChild(el("p", `${s.modules} modules, ${s.loc} code lines. ${plural(o.kernel, "module")} stay in a shared kernel. ${data.choice}`));
    if (o.first) {
      panel.appendChild(el("h3", "First step"));
      const p = el("p");
      p.appendChild(document.createTextNode("Extract "));
      p.appendChild(el("b", o.first.seam));
      p.appendChild(document.createTextNode(` (${plural(o.first.modules, "module")}, ${o.first.loc} code lines, ${plural(o.first.routes, "route")}): ${o.first.why}.`));
      panel.appendChild(p);
    }
    panel.appendChild(el("h3", "Top risks"));
    if (o.risks.length === 0) panel.appendChild(el("p", "No shared tables, cross-service cycles, or shared money and identity data.", "muted"));
    const risks = el("ul");
    o.risks.forEach((r) => { const li = el("li"); li.appendChild(el("span", r.kind + ": ", "risk")); li.appendChild(document.createTextNode(r.text + ".")); risks.appendChild(li); });
    panel.appendChild(risks);
    if (o.completeness) { panel.appendChild(el("h3", "Fact completeness")); panel.appendChild(el("p", o.completeness)); }
    if (seams.length) {
      const c = o.confidence;
      const line = el("p", `Confidence: ${c.high} high, ${c.medium} medium, ${c.low} low` + (o.unsure.length ? ` (not high: ${o.unsure.slice(0, 5).join(", ")}${o.unsure.length > 5 ? ", …" : ""}; the gaps are in each service's panel).` : "."));
      line.id = "summary-confidence";
      panel.appendChild(line);
      if (o.critical.length) {
        const hot = el("p", `Money or identity data, extracted last: ${o.critical.slice(0, 5).join(", ")}${o.critical.length > 5 ? ", …" : ""}.`);
        hot.id = "summary-critical";
        panel.appendChild(hot);
      }
    }
    if (o.baselines.length) {
      panel.appendChild(el("h3", "Against the baselines"));
      o.baselines.forEach((b) => panel.appendChild(el("p", b)));
    }
    if (data.proposal_notes.length) {
      panel.appendChild(el("h3", "Notes on the proposal"));
      const notes = el("ul");
      notes.id = "summary-notes";
      data.proposal_notes.forEach((n) => notes.appendChild(el("li", n)));
      panel.appendChild(notes);
    }
    panel.appendChild(el("h3", "Services"));
    const table = el("table");
    table.id = "services-table";
    const head = el("tr");
    ["service", "modules", "code lines", "", "routes", "tables owned", "tables shared", "difficulty", "confidence"].forEach((h, i) => head.appendChild(el("th", h, i && i !== 3 && i < 7 ? "num" : "")));
    table.appendChild(head);
    const biggest = Math.max(1, ...seams.map((x) => x.loc));
    seams.forEach((seam, i) => {
      const row = el("tr");
      const name = el("td");
      const b = el("button", seam.name);
      b.type = "button"; b.style.cssText = "border:0;padding:0;background:none;color:var(--accent)";
      b.addEventListener("click", () => select({ kind: "service", id: i }));
      name.append(swatch(seam.color), document.createTextNode(" "), b);
      row.appendChild(name);
      row.appendChild(el("td", seam.modules.length, "num"));
      row.appendChild(el("td", seam.loc, "num"));
      const bar = el("td"); const span = el("span", null, "bar");
      span.style.width = `${Math.max(2, (120 * seam.loc) / biggest)}px`; span.style.background = seam.color;
      bar.appendChild(span); row.appendChild(bar);
      row.appendChild(el("td", seam.routes.length, "num"));
      row.appendChild(el("td", seam.tables_owned.length, "num"));
      row.appendChild(el("td", seam.tables_shared.length, seam.tables_shared.length ? "num risk" : "num"));
      row.appendChild(el("td", seam.difficulty));
      const confCell = el("td"); confCell.appendChild(el("span", seam.confidence, "conf " + seam.confidence));
      if (seam.confidence_notes.length) confCell.title = seam.confidence_notes.join("; ");
      row.appendChild(confCell);
      table.appendChild(row);
    });
    panel.appendChild(table);
    if (data.plan.length) {
      panel.appendChild(el("h3", "Migration plan"));
      const ol = el("ol");
      data.plan.forEach((step) => { const li = el("li"); li.appendChild(el("b", step.seam)); li.appendChild(el("span", " " + step.reason, "muted")); ol.appendChild(li); });
      panel.appendChild(ol);
    }
    panel.appendChild(el("h3", "Metrics against the baselines"));
    const metrics = el("table");
    metrics.id = "metrics";
    const names = ["proposal", "packages", "import_louvain"];
    const mh = el("tr");
    ["metric", "better"].concat(names).forEach((n, i) => mh.appendChild(el("th", n, i > 1 ? "num" : "")));
    metrics.appendChild(mh);
    data.metric_keys.forEach(([key, better, help]) => {
      const row = el("tr");
      const cell = el("td"); const abbr = el("abbr", key); abbr.title = help; cell.appendChild(abbr);
      row.appendChild(cell);
      row.appendChild(el("td", better, "muted"));
      names.forEach((n) => row.appendChild(el("td", data.metrics[n] ? data.metrics[n][key] : "", "num")));
      metrics.appendChild(row);
    });
    panel.appendChild(metrics);
    const glossary = el("dl", null, "glossary");
    data.metric_keys.forEach(([key, , help]) => { glossary.appendChild(el("dt", key)); glossary.appendChild(el("dd", help)); });
    panel.appendChild(glossary);
  }

  // ------------------------------------------------------------------ graph views
  // A view: nodes {id, label, kind, color, size, members: module indexes, service?},
  // links [a, b, weight, count, kernel]. Module → node lookups use a Map of the members only.
  let view = null;
  let trail = [];

  function servicesView() {
    const nodes = seams.map((seam, i) => ({ id: seam.name, label: seam.name, kind: "service", service: i,
      color: seam.color, size: seam.loc, members: seam.modules }));
    if (kernelModules.length) nodes.push({ id: "shared kernel", label: `shared kernel (${kernelModules.length})`, kind: "service", service: KERNEL,
      color: data.kernel_color, size: kernelModules.reduce((t, m) => t + modules[m].loc, 0), members: kernelModules, apart: true });
    const at = new Map(nodes.map((n, i) => [n.service, i]));
    const links = data.service_edges.map(([a, b, w, c]) => [at.get(a), at.get(b), w, c, a === KERNEL || b === KERNEL]);
    return { nodes, links, title: "services" };
  }

  // Group members by the dotted package below their common prefix, deep enough to fit.
  function grouped(members, title) {
    if (members.length <= DRAW_LIMIT) return members.map((m) => ({ key: modules[m].name, members: [m], module: m }));
    const parts = members.map((m) => modules[m].name.split("."));
    let common = parts[0].length;
    parts.forEach((p) => { let k = 0; while (k < common && k < p.length && p[k] === parts[0][k]) k++; common = k; });
    let best = null;
    for (let depth = 1; depth < 8; depth++) {
      const keys = new Map();
      parts.forEach((p, i) => {
        const key = p.slice(0, Math.min(p.length, common + depth)).join(".");
        (keys.get(key) || keys.set(key, []).get(key)).push(members[i]);
      });
      if (keys.size > DRAW_LIMIT) break;
      best = keys;
      if (keys.size === members.length) break;
    }
    if (!best || best.size === 1) { // one flat package: alphabetical slices
      best = new Map();
      const sorted = members.slice().sort((a, b) => (modules[a].name < modules[b].name ? -1 : 1));
      const per = Math.ceil(sorted.length / DRAW_LIMIT);
      for (let k = 0; k < sorted.length; k += per) {
        const chunk = sorted.slice(k, k + per);
        best.set(`${modules[chunk[0]].label} … ${modules[chunk[chunk.length - 1]].label}`, chunk);
      }
    }
    return Array.from(best, ([key, group]) => (group.length === 1 && modules[group[0]].name === key
      ? { key, members: group, module: group[0] } : { key, members: group }));
  }

  function membersView(members, service, title) {
    const groups = grouped(members, title);
    const nodes = groups.map((g) => (g.module !== undefined
      ? { id: modules[g.module].name, label: modules[g.module].label, kind: "module", module: g.module,
          color: serviceColor(modules[g.module].seam), size: modules[g.module].loc, members: g.members }
      : { id: g.key, label: `${g.key.split(".").slice(-2).join(".")}.* (${g.members.length})`, kind: "group",
          color: serviceColor(service), size: g.members.reduce((t, m) => t + modules[m].loc, 0), members: g.members, square: true }));
    const nodeOf = new Map();
    nodes.forEach((n, i) => n.members.forEach((m) => nodeOf.set(m, i)));
    const outside = new Map(); // other services, drawn as one node each
    const weights = new Map();
    function target(j) {
      if (nodeOf.has(j)) return nodeOf.get(j);
      const other = modules[j].seam;
      if (!outside.has(other)) {
        outside.set(other, nodes.length);
        nodes.push({ id: serviceName(other), label: serviceName(other), kind: "service", service: other,
          color: serviceColor(other), size: 0, members: [], outside: true, apart: other === KERNEL });
      }
      return outside.get(other);
    }
    function add(a, b, w) {
      if (a === b) return;
      const key = a * 1e6 + b;
      const cur = weights.get(key);
      if (cur) { cur[2] += w; cur[3] += 1; } else weights.set(key, [a, b, w, 1, nodes[a].service === KERNEL || nodes[b].service === KERNEL]);
    }
    members.forEach((m) => {
      const a = nodeOf.get(m);
      out[m].forEach(([j, w]) => add(a, target(j), w));
      inn[m].forEach(([j, w]) => { if (!nodeOf.has(j)) add(target(j), a, w); });
    });
    return { nodes, links: Array.from(weights.values()), title };
  }

  // ------------------------------------------------------------------ drawing
  // Layout and rendering are the vendored libraries' (Cytoscape.js and its dagre layout):
  // dagre ranks the coupled nodes, user before provider, left to right or top down, and sizes
  // each node's box with its label, so labels never collide, at any zoom. Unconnected nodes
  // and the kernel go in a grid below. A view holds at most DRAW_LIMIT nodes plus one per other service, so
  // no layout is ever asked for more.
  const container = document.getElementById("graph");
  const tip = document.getElementById("tip");
  let cy = null;
  const STYLE = [
    { selector: "node", style: { "background-color": "data(color)", width: "data(d)", height: "data(d)",
      label: "data(label)", "font-size": "data(font)", color: "#1d2733", "text-valign": "center", "text-halign": "right",
      "text-margin-x": 4, "text-background-color": "#fbfcfd", "text-background-opacity": 0.85,
      "text-background-padding": 1, "text-wrap": "wrap", "text-max-width": "data(wrap)", "border-width": 1.5, "border-color": "#ffffff", "min-zoomed-font-size": 7 } },
    { selector: "node.below", style: { "text-valign": "bottom", "text-halign": "center", "text-margin-x": 0, "text-margin-y": 3 } },
    { selector: "node[kind = 'group']", style: { shape: "round-rectangle" } },
    { selector: "node.outside", style: { "background-opacity": 0.45 } },
    { selector: "edge", style: { width: "data(w)", "line-color": "#7f8ea3", "target-arrow-color": "#7f8ea3",
      "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.6 } },
    { selector: "edge.kernel", style: { "line-style": "dashed" } },
    { selector: "node.match", style: { "border-color": "#d9480f", "border-width": 3 } },
    { selector: "node.chosen", style: { "border-color": "#111111", "border-width": 3, "font-weight": "bold" } },
    { selector: "node.dim", style: { opacity: 0.18 } },
    { selector: "edge.near", style: { "line-color": "#1d2733", "target-arrow-color": "#1d2733", opacity: 0.95, "z-index": 2 } },
    { selector: "edge.dim", style: { opacity: 0.07 } },
  ];

  function graph() {
    if (cy) return cy;
    // autounselectify: the page keeps one selection state (`selected`), not Cytoscape's own
    cy = cytoscape({ container, style: STYLE, autounselectify: true, boxSelectionEnabled: false,
      minZoom: 0.05, maxZoom: 6 });
    window.stranglerCy = cy; // the Chromium tests read what is drawn from here
    const nodeAt = (e) => view.nodes[e.target.data("i")];
    cy.on("tap", "node", (e) => clickNode(nodeAt(e)));
    cy.on("dbltap", "node", (e) => openNode(nodeAt(e)));
    cy.on("mouseover", "node, edge", (e) => {
      tip.textContent = e.target.data("tip");
      tip.style.left = `${container.offsetLeft + e.renderedPosition.x + 14}px`;
      tip.style.top = `${container.offsetTop + e.renderedPosition.y + 14}px`;
      tip.hidden = false;
      container.style.cursor = "pointer";
    });
    cy.on("mouseout", "node, edge", () => { tip.hidden = true; container.style.cursor = ""; });
    cy.on("viewport", () => { tip.hidden = true; });
    return cy;
  }

  // Layouts centre each node's box (node and label) where they make room for it; this moves
  // the node by its label's offset, so the box as drawn is where the room was made.
  function centred(nodes) {
    const offset = new Map();
    nodes.forEach((n) => {
      const bb = n.boundingBox({ includeLabels: true }), p = n.position();
      offset.set(n.id(), { x: (bb.x1 + bb.x2) / 2 - p.x, y: (bb.y1 + bb.y2) / 2 - p.y });
    });
    return (n, p) => ({ x: p.x - offset.get(n.id()).x, y: p.y - offset.get(n.id()).y });
  }

  // How many ranks the edges cross in all, beyond their first: the dummy nodes dagre threads
  // through the ranks, which its cost follows. Ranks by longest path, with the edges that close
  // a cycle (found by a depth-first search) turned round, as dagre does. Linear.
  function crossings(nodes, edges) {
    const at = new Map(nodes.map((n, k) => [n.id(), k]));
    const pairs = edges.map((e) => [at.get(e.source().id()), at.get(e.target().id())]);
    const succ = nodes.map(() => []);
    pairs.forEach(([a, b], k) => succ[a].push([b, k]));
    const state = new Uint8Array(nodes.length), back = new Uint8Array(pairs.length), order = [];
    for (let r = 0; r < nodes.length; r++) {
      if (state[r]) continue;
      const stack = [[r, 0]];
      state[r] = 1;
      while (stack.length) {
        const top = stack[stack.length - 1];
        if (top[1] < succ[top[0]].length) {
          const [b, k] = succ[top[0]][top[1]++];
          if (state[b] === 1) back[k] = 1;
          else if (!state[b]) { state[b] = 1; stack.push([b, 0]); }
        } else { state[top[0]] = 2; order.push(top[0]); stack.pop(); }
      }
    }
    const rank = new Int32Array(nodes.length);
    const forward = pairs.map(([a, b], k) => (back[k] ? [b, a] : [a, b]));
    const after = nodes.map(() => []);
    forward.forEach(([a, b]) => after[a].push(b));
    for (let k = order.length - 1; k >= 0; k--) { const a = order[k]; after[a].forEach((b) => { rank[b] = Math.max(rank[b], rank[a] + 1); }); }
    return forward.reduce((t, [a, b]) => t + Math.max(0, rank[b] - rank[a] - 1), 0);
  }

  // dagre's cost follows its dummy nodes: 59 packages whose 345 edges crossed thousands of
  // ranks took seconds. Beyond LAYOUT_CROSSINGS it lays out the heaviest edges that join the
  // nodes without a cycle (a maximum spanning forest: no edge need cross a rank); all the shown
  // edges are still drawn.
  function layoutEdges(nodes) {
    const edges = nodes.connectedEdges().filter((e) => nodes.contains(e.source()) && nodes.contains(e.target()));
    container.dataset.crossings = String(crossings(nodes, edges));
    if (+container.dataset.crossings <= LAYOUT_CROSSINGS) return edges;
    const parent = new Map(nodes.map((n) => [n.id(), n.id()]));
    const root = (x) => { while (parent.get(x) !== x) { parent.set(x, parent.get(parent.get(x))); x = parent.get(x); } return x; };
    return edges.sort((a, b) => b.data("weight") - a.data("weight") || a.data("li") - b.data("li")).filter((e) => {
      const a = root(e.source().id()), b = root(e.target().id());
      if (a === b) return false;
      parent.set(a, b);
      return true;
    });
  }

  function draw(v) {
    view = v;
    const g = graph();
    const services = v.title === "services";
    tip.hidden = true;
    const showKernel = document.getElementById("kernel-edges").checked;
    // By default the heaviest edges, about three per node, are drawn; the slider shows more.
    const weightsDesc = v.links.map((l) => l[2]).sort((a, b) => b - a);
    const share = +document.getElementById("edge-share").value / 100;
    const keep = Math.max(1, Math.ceil(Math.min(weightsDesc.length, share > 0 ? weightsDesc.length * share : 3 * v.nodes.length)));
    const minWeight = weightsDesc.length ? weightsDesc[keep - 1] : 0;
    document.getElementById("edge-count").textContent = `${Math.min(keep, weightsDesc.length)} of ${weightsDesc.length} edges`;
    const maxSize = Math.max(1, ...v.nodes.filter((n) => !n.outside).map((n) => n.size));
    const maxW = Math.max(1, ...v.links.map((l) => l[2]));
    const shown = [];
    const linked = new Set();
    v.links.forEach(([a, b, w, , kernel], li) => {
      if ((kernel && !showKernel) || w < minWeight) return;
      shown.push(li);
      if (!v.nodes[a].apart && !v.nodes[b].apart) { linked.add(a); linked.add(b); }
    });
    const elements = v.nodes.map((node, i) => ({ group: "nodes", classes: [node.outside ? "outside" : "", linked.has(i) ? "" : "loose"].join(" ").trim(),
      data: { id: "n" + i, i, name: node.id, kind: node.kind, color: node.color,
        // a long label wraps after a dot or an underscore (U+200B is where Cytoscape may break)
        label: node.label.replace(/([._])/g, "$1\u200b"), wrap: services ? 150 : 100,
        d: node.outside || node.apart ? 14 : Math.round((services ? 16 : 8) + (services ? 40 : 22) * Math.sqrt(node.size / maxSize)),
        // bigger nodes get bigger labels: zoomed out, only the labels still readable are drawn
        font: node.outside || node.apart ? 11 : Math.round((services ? 13 : 12) + (services ? 5 : 8) * Math.sqrt(node.size / maxSize)),
        tip: node.kind === "module" ? `${node.id}: ${node.size} code lines` : `${node.id}: ${plural(node.members.length, "module")}${node.outside ? " (another service)" : ""}${node.size ? `, ${node.size} code lines` : ""}` } }));
    shown.forEach((li) => {
      const [a, b, w, c, kernel] = v.links[li];
      elements.push({ group: "edges", classes: kernel ? "kernel" : "",
        data: { id: "e" + li, li, source: "n" + a, target: "n" + b, weight: w, count: c,
          w: +(0.8 + 5 * Math.sqrt(w / maxW)).toFixed(2),
          tip: `${v.nodes[a].id} → ${v.nodes[b].id}: weight ${fmt(w)}, ${c} module ${c === 1 ? "dependency" : "dependencies"}` } });
    });
    g.batch(() => { g.elements().remove(); g.add(elements); });
    // the text around the graph first: it sets the size of the box the graph is fitted to
    renderCrumbs();
    document.getElementById("legend").textContent = services
      ? "Circles: services, sized by code lines. Arrows: user → provider, width by weight (hover for counts). Double-click or D: open its modules."
      : "Circles: modules, sized by code lines; squares: packages (double-click to open); faint: other services. Small labels show when zoomed in.";
    g.resize();
    const loose = g.nodes(".loose");
    const inner = g.nodes().not(loose);
    let box = { x1: 0, y1: 0, x2: 0, y2: 0, w: 0, h: 0 };
    if (inner.length) {
      const part = inner.union(layoutEdges(inner));
      // Ranks left to right (labels beside the nodes) or top down (labels below): both are
      // laid out and the one that fits the view at the larger zoom is kept.
      const tries = ["LR", "TB"].map((dir) => {
        inner.toggleClass("below", dir === "TB");
        const transform = centred(inner);
        part.layout({ name: "dagre", rankDir: dir, nodeDimensionsIncludeLabels: true, nodeSep: services ? 16 : 3,
          rankSep: services ? 50 : 24, edgeSep: 1, edgeWeight: (e) => Math.max(1, Math.round(e.data("weight"))),
          transform,
          fit: false, animate: false }).run();
        const bb = inner.boundingBox({ includeLabels: true });
        const zoom = Math.min((container.clientWidth - 60) / bb.w, (container.clientHeight - 60 - (loose.length ? 60 : 0)) / bb.h);
        return { dir, zoom, at: inner.map((n) => ({ ...n.position() })) };
      });
      const best = tries[0].zoom >= tries[1].zoom ? tries[0] : tries[1];
      inner.toggleClass("below", best.dir === "TB");
      inner.forEach((n, k) => { n.position(best.at[k]); });
      container.dataset.rankdir = best.dir;
      box = inner.boundingBox({ includeLabels: true });
    }
    if (loose.length) {
      const widest = Math.max(...loose.map((n) => n.boundingBox({ includeLabels: true }).w)) + 20;
      const across = Math.max(box.w, 600, box.h * container.clientWidth / Math.max(1, container.clientHeight));
      const cols = Math.max(1, Math.min(loose.length, Math.floor(across / widest)));
      loose.layout({ name: "grid", cols, transform: centred(loose), avoidOverlap: true, nodeDimensionsIncludeLabels: true, fit: false, animate: false,
        boundingBox: { x1: box.x1, y1: box.y2 + 50, w: cols * widest, h: 40 * Math.ceil(loose.length / cols) },
        sort: (a, b) => Number(Boolean(view.nodes[a.data("i")].apart)) - Number(Boolean(view.nodes[b.data("i")].apart)) || a.data("i") - b.data("i") }).run();
    }
    g.fit(undefined, 30);
    if (g.zoom() > 1.5) { g.zoom(1.5); g.center(); } // a small view is not blown up
    applySelection();
    highlight(document.getElementById("search").value);
    container.dataset.drawn = String(+(container.dataset.drawn || 0) + 1);
  }

  function zoomBy(factor) {
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } });
  }
  document.getElementById("zoom-in").addEventListener("click", () => zoomBy(1.3));
  document.getElementById("zoom-out").addEventListener("click", () => zoomBy(1 / 1.3));
  document.getElementById("kernel-edges").addEventListener("change", () => { if (view) draw(view); });
  document.getElementById("edge-share").addEventListener("change", () => { if (view) draw(view); });
  // Keyboard: arrows select the next node (left to right, then top to bottom), D or Enter
  // opens it, Escape clears the selection.
  container.addEventListener("keydown", (e) => {
    if (!view || !cy) return;
    const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    const at = chosenIndex();
    if (step) {
      e.preventDefault();
      const order = cy.nodes().sort((a, b) => a.position("x") - b.position("x") || a.position("y") - b.position("y")).map((n) => n.data("i"));
      const k = order.indexOf(at);
      clickNode(view.nodes[order[k < 0 ? (step > 0 ? 0 : order.length - 1) : (k + step + order.length) % order.length]]);
    } else if ((e.key === "d" || e.key === "D" || e.key === "Enter") && at >= 0) {
      openNode(view.nodes[at]);
    } else if (e.key === "Escape") {
      select(null);
    }
  });

  function clickNode(node) {
    if (node.kind === "module") select({ kind: "module", id: node.module });
    else if (node.kind === "service") select({ kind: "service", id: node.service });
    else select({ kind: "group", id: node.id });
  }
  function openNode(node) {
    if (node.kind === "service") openService(node.service);
    else if (node.kind === "group") openGroup(node);
  }
  function openServices() { trail = []; draw(servicesView()); }
  function openService(index) {
    const members = index === KERNEL ? kernelModules : seams[index].modules;
    trail = [{ label: serviceName(index), service: index, members }];
    draw(membersView(members, index, serviceName(index)));
  }
  function openGroup(node) {
    const service = modules[node.members[0]].seam;
    trail.push({ label: node.id, service, members: node.members });
    draw(membersView(node.members, service, node.id));
  }
  function goToModule(index) {
    const m = modules[index];
    const visible = view && view.nodes.some((n) => n.kind === "module" && n.module === index);
    if (!visible && !document.getElementById("panel-graph").hidden) {
      // open the smallest view that draws the module itself
      openService(m.seam);
      while (!view.nodes.some((n) => n.module === index)) {
        const group = view.nodes.find((n) => n.kind === "group" && n.members.includes(index));
        if (!group) break;
        openGroup(group);
      }
    }
    select({ kind: "module", id: index });
  }
  function renderCrumbs() {
    const crumbs = document.getElementById("crumbs");
    crumbs.replaceChildren();
    const home = el("button", "services");
    home.type = "button"; home.addEventListener("click", openServices);
    crumbs.appendChild(home);
    trail.forEach((step, i) => {
      crumbs.appendChild(document.createTextNode(" › "));
      const b = el("button", step.label);
      b.type = "button";
      b.addEventListener("click", () => { trail = trail.slice(0, i + 1); draw(membersView(step.members, step.service, step.label)); });
      crumbs.appendChild(b);
    });
    crumbs.appendChild(el("span", ` · ${view.nodes.filter((n) => !n.outside).length} nodes`, "muted"));
  }
  document.getElementById("overview").addEventListener("click", openServices);

  // The selected node and its neighbours stay bright; everything else dims. Nothing
  // selected in this view: nothing dims.
  function chosenIndex() {
    if (!view || !selected) return -1;
    return view.nodes.findIndex((n) => (selected.kind === "module" ? n.kind === "module" && n.module === selected.id
      : selected.kind === "service" ? n.kind === "service" && n.service === selected.id : n.id === selected.id));
  }
  function applySelection() {
    if (!view || !cy) return;
    const chosen = chosenIndex();
    const near = new Set();
    if (chosen >= 0) view.links.forEach(([a, b]) => { if (a === chosen) near.add(b); if (b === chosen) near.add(a); });
    let members = null;
    if (chosen < 0 && selected && selected.kind === "service") members = new Set(selected.id === KERNEL ? kernelModules : seams[selected.id].modules);
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const i = n.data("i");
        const inService = members && view.nodes[i].members.some((m) => members.has(m));
        n.toggleClass("chosen", i === chosen);
        n.toggleClass("near", near.has(i));
        n.toggleClass("dim", (chosen >= 0 && i !== chosen && !near.has(i)) || (members !== null && !inService));
      });
      cy.edges().forEach((edge) => {
        const [a, b] = view.links[edge.data("li")];
        const touches = chosen >= 0 && (a === chosen || b === chosen);
        edge.toggleClass("near", touches);
        edge.toggleClass("dim", chosen >= 0 && !touches);
      });
    });
  }

  // ------------------------------------------------------------------ search
  const results = document.getElementById("search-results");
  function highlight(query) {
    if (!cy) return;
    const q = query.trim().toLowerCase();
    cy.batch(() => cy.nodes().forEach((n) => {
      const node = view.nodes[n.data("i")];
      n.toggleClass("match", Boolean(q) && (node.id.toLowerCase().includes(q) || node.members.some((m) => modules[m].name.toLowerCase().includes(q))));
    }));
  }
  document.getElementById("search").addEventListener("input", (e) => {
    const q = e.target.value.trim().toLowerCase();
    if (view) highlight(q);
    results.replaceChildren();
    if (q.length < 2) { results.hidden = true; return; }
    const found = [];
    for (const m of modules) { if (m.name.toLowerCase().includes(q)) { found.push(m); if (found.length > 30) break; } }
    found.slice(0, 30).forEach((m) => {
      const b = el("button", m.name);
      b.type = "button";
      b.prepend(swatch(serviceColor(m.seam)), document.createTextNode(" "));
      b.addEventListener("click", () => { results.hidden = true; goToModule(m.i); });
      results.appendChild(b);
    });
    if (found.length > 30) results.appendChild(el("div", "… more: type more of the name", "muted"));
    results.hidden = found.length === 0;
  });
  document.getElementById("search").addEventListener("keydown", (e) => { if (e.key === "Escape") { results.hidden = true; } });

  // ------------------------------------------------------------------ DSM
  // Tarjan's strongly connected components, iterative (linear).
  function components(n, succ) {
    const index = new Int32Array(n).fill(-1), low = new Int32Array(n), onStack = new Uint8Array(n);
    const stack = [], comps = [];
    let counter = 0;
    for (let root = 0; root < n; root++) {
      if (index[root] >= 0) continue;
      const work = [[root, 0]];
      index[root] = low[root] = counter++; stack.push(root); onStack[root] = 1;
      while (work.length) {
        const frame = work[work.length - 1];
        const v = frame[0];
        if (frame[1] < succ[v].length) {
          const w = succ[v][frame[1]++];
          if (index[w] < 0) { index[w] = low[w] = counter++; stack.push(w); onStack[w] = 1; work.push([w, 0]); }
          else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        } else {
          work.pop();
          if (work.length) { const u = work[work.length - 1][0]; low[u] = Math.min(low[u], low[v]); }
          if (low[v] === index[v]) {
            const comp = [];
            let w;
            do { w = stack.pop(); onStack[w] = 0; comp.push(w); } while (w !== v);
            comps.push(comp);
          }
        }
      }
    }
    return comps; // Tarjan emits providers (sinks) first: the order the matrix wants
  }

  function matrix(title, labels, colors, cells, order, note) {
    const panel = document.getElementById("panel-dsm");
    const wrap = el("div", null, "dsm-wrap");
    const table = el("table", null, "dsm");
    table.dataset.title = title;
    const head = el("tr");
    head.appendChild(el("th", note, "muted"));
    order.forEach((r, k) => { const th = el("th", k + 1); th.title = labels[r]; head.appendChild(th); });
    table.appendChild(head);
    const maxW = Math.max(1, ...Array.from(cells.values()).map((c) => c[0]));
    order.forEach((r, row) => {
      const tr = el("tr");
      const th = el("th", `${row + 1}. ${labels[r]}`, "row");
      th.title = labels[r];
      th.prepend(swatch(colors[r]), document.createTextNode(" "));
      tr.appendChild(th);
      order.forEach((c, col) => {
        const td = el("td");
        if (r === c) td.className = "diag";
        const cell = cells.get(r + ":" + c);
        if (cell) {
          td.textContent = cell[0] >= 10 ? Math.round(cell[0]) : fmt(cell[0]);
          td.dataset.row = labels[r]; td.dataset.col = labels[c]; td.dataset.w = String(cell[0]);
          td.title = `${labels[r]} uses ${labels[c]}: weight ${fmt(cell[0])}, ${cell[1]} module dependencies${col > row ? " (against the order: part of a cycle)" : ""}`;
          td.style.background = `rgba(47,111,179,${(0.12 + 0.6 * Math.sqrt(cell[0] / maxW)).toFixed(2)})`;
          if (col > row) td.className = "cycle";
        }
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    wrap.appendChild(table);
    panel.appendChild(wrap);
  }

  function renderDsm() {
    const panel = document.getElementById("panel-dsm");
    panel.replaceChildren();
    panel.appendChild(el("h2", "Dependency structure matrix"));
    panel.appendChild(el("p", "Row uses column; numbers are coupling weights (hover for the module dependencies). Providers come first, so marks below the diagonal follow the layering and outlined marks above it close a cycle.", "muted"));
    const pick = el("select");
    pick.id = "dsm-scope";
    pick.setAttribute("aria-label", "Matrix of");
    pick.appendChild(new Option("services", "services"));
    seams.forEach((seam, i) => pick.appendChild(new Option(`modules of ${seam.name}`, String(i))));
    pick.appendChild(new Option("modules of the shared kernel", String(KERNEL)));
    panel.appendChild(pick);
    const body = el("div");
    panel.appendChild(body);
    function show() {
      panel.querySelectorAll(".dsm-wrap").forEach((w) => w.remove());
      if (pick.value === "services") {
        const labels = seams.map((x) => x.name).concat(["shared kernel"]);
        const colors = seams.map((x) => x.color).concat([data.kernel_color]);
        const cells = new Map();
        data.service_edges.forEach(([a, b, w, c]) => cells.set(a + ":" + b, [w, c]));
        matrix("services", labels, colors, cells, data.order.concat([KERNEL]), "service");
      } else {
        const service = +pick.value;
        const members = service === KERNEL ? kernelModules : seams[service].modules;
        const groups = grouped(members).slice();
        // rows: modules, or packages when there are too many
        let rows = groups;
        if (rows.length > DSM_LIMIT) {
          const byPackage = new Map();
          members.forEach((m) => { const key = modules[m].name.split(".").slice(0, -1).join(".") || modules[m].name; (byPackage.get(key) || byPackage.set(key, []).get(key)).push(m); });
          rows = Array.from(byPackage, ([key, ms]) => ({ key, members: ms })).sort((a, b) => b.members.length - a.members.length).slice(0, DSM_LIMIT);
        }
        const rowOf = new Map();
        rows.forEach((g, i) => g.members.forEach((m) => rowOf.set(m, i)));
        const cells = new Map();
        const succ = rows.map(() => new Set());
        rowOf.forEach((r, m) => out[m].forEach(([j, w]) => {
          const c = rowOf.get(j);
          if (c === undefined || c === r) return;
          const key = r + ":" + c; const cur = cells.get(key);
          if (cur) { cur[0] += w; cur[1] += 1; } else cells.set(key, [w, 1]);
          succ[r].add(c);
        }));
        const order = components(rows.length, succ.map((x) => Array.from(x))).flat();
        const labels = rows.map((g) => (g.module !== undefined ? modules[g.module].label : `${g.key}.* (${g.members.length})`));
        matrix(serviceName(service), labels, rows.map(() => serviceColor(service)), cells, order, rows.length < groups.length ? "package" : "module");
      }
    }
    pick.addEventListener("change", show);
    show();
  }

  // ------------------------------------------------------------------ data view
  function renderData() {
    const panel = document.getElementById("panel-data");
    panel.appendChild(el("h2", "Tables × services"));
    panel.appendChild(el("p", "R: reads, W: writes (counted accesses). Tables in orange are used by more than one service: the owner (the service of its model if it uses it, else its main writer, else its main reader) serves it through an API to the others. ⚠: written by a service other than its owner.", "muted"));
    const conflicts = data.tables.filter((t) => t.conflict).length;
    panel.appendChild(el("p", `${plural(conflicts, "table")} shared by services, ${data.tables.filter((t) => t.write_conflict).length} of them written by a service other than the owner; ${data.tables.length} tables in all.`));
    const used = new Set();
    data.tables.forEach((t) => t.cells.forEach(([sv]) => used.add(sv)));
    const columns = data.order.concat([KERNEL]).filter((sv) => used.has(sv));
    const wrap = el("div", null, "dsm-wrap");
    const table = el("table", null, "data");
    table.id = "data-table";
    const head = el("tr");
    head.appendChild(el("th", "table"));
    head.appendChild(el("th", "kind"));
    head.appendChild(el("th", "owner"));
    columns.forEach((sv) => { const th = el("th", serviceName(sv), "col"); th.prepend(swatch(serviceColor(sv)), document.createTextNode(" ")); head.appendChild(th); });
    table.appendChild(head);
    data.tables.forEach((t) => {
      const tr = el("tr", null, t.conflict ? "conflict" : "");
      tr.dataset.table = t.table;
      tr.appendChild(el("th", (t.write_conflict ? "⚠ " : "") + t.table, "row"));
      const kind = el("td"); if (t.kind) kind.appendChild(el("span", t.kind, "pill critical")); tr.appendChild(kind);
      tr.appendChild(el("td", t.owner === null ? "" : serviceName(t.owner), "owner"));
      const cells = new Map(t.cells.map(([sv, r, w]) => [sv, [r, w]]));
      columns.forEach((sv) => {
        const cell = cells.get(sv);
        const td = el("td", cell ? `${cell[1] ? "W" + cell[1] : ""}${cell[1] && cell[0] ? " " : ""}${cell[0] ? "R" + cell[0] : ""}` : "", "cell" + (cell ? (cell[1] ? " w" : " r") : ""));
        if (cell) td.title = `${serviceName(sv)} ${cell[1] ? "writes " + cell[1] + "×" : ""}${cell[1] && cell[0] ? ", " : ""}${cell[0] ? "reads " + cell[0] + "×" : ""} ${t.table}`;
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    wrap.appendChild(table);
    panel.appendChild(wrap);
  }

  // ------------------------------------------------------------------ cycles
  function renderCycles() {
    const panel = document.getElementById("panel-cycles");
    panel.appendChild(el("h2", `Import cycles (${data.cycles.length})`));
    if (data.cycles.length === 0) { panel.appendChild(el("p", "No import cycles.", "muted")); return; }
    data.cycles.forEach((c, i) => {
      panel.appendChild(el("h3", `${i + 1}. ${plural(c.modules.length, "module")} across ${plural(c.services.length, "service")}${c.lazy_only ? " (closed only by imports inside functions)" : ""}`));
      if (c.services.length) panel.appendChild(el("p", "Services: " + c.services.join(", "), "muted"));
      const ul = el("ul");
      c.edges.slice(0, 50).forEach(([a, b, file, line]) => ul.appendChild(el("li", `${a} → ${b} (${file}:${line})`)));
      if (c.edges.length > 50 || c.more_edges) ul.appendChild(el("li", `… ${c.edges.length - 50 + c.more_edges} more edges in analysis.json`, "muted"));
      panel.appendChild(ul);
    });
    if (data.notes.length) {
      panel.appendChild(el("h3", "Where to cut"));
      const ul = el("ul");
      data.notes.forEach((n) => ul.appendChild(el("li", n)));
      panel.appendChild(ul);
    }
  }

  function renderProblems() {
    const problems = document.getElementById("problems");
    if (data.problems.length === 0) { problems.appendChild(el("p", "None: every file was analyzed.", "muted")); return; }
    const table = el("table");
    data.problems.forEach((p) => {
      const row = el("tr");
      row.appendChild(el("td", p.severity));
      row.appendChild(el("td", p.line ? `${p.path}:${p.line}` : p.path));
      row.appendChild(el("td", p.message));
      table.appendChild(row);
    });
    problems.appendChild(table);
  }

  const renderers = { summary: renderSummary, dsm: renderDsm, data: renderData, cycles: renderCycles, problems: renderProblems };
  showTab("summary");
  // Print: every view, and the graph as a picture of what Cytoscape drew (a canvas does not
  // reflow to the page); drawn first, in a visible box, if the graph tab was never opened.
  window.addEventListener("beforeprint", () => {
    Object.keys(renderers).forEach((id) => { if (!rendered[id]) { renderers[id](); rendered[id] = true; } });
    const panel = document.getElementById("panel-graph");
    const hidden = panel.hidden;
    panel.hidden = false;
    if (!view) openServices(); else cy.resize();
    document.getElementById("graph-print").src = cy.png({ full: true, bg: "#ffffff", maxWidth: 2400, maxHeight: 2400 });
    panel.hidden = hidden;
  });
  document.body.dataset.ready = "true";
})();
