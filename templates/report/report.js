// strangler report: renders the analysis embedded in #strangler-data. No network, no
// libraries. Every string from the analyzed code goes through textContent, never innerHTML.
// Cost: building the adjacency is linear in the dependencies; a drill-down touches only the
// members it opens and their edges; at most DRAW_LIMIT nodes are laid out at once.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("strangler-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const DRAW_LIMIT = 150; // nodes per view: beyond it, members are grouped by package
  const DSM_LIMIT = 60;
  const GRAVITY = 0.15;   // pull to the centre: keeps unconnected nodes near the others   // rows of a module matrix: beyond it, rows are packages
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
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
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
    if (id === "graph" && !view) openServices();
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

  // Fruchterman-Reingold: nodes ≤ DRAW_LIMIT + services, iterations bounded so n² × steps
  // stays near 3 million, deterministic start; the result is fitted to the view.
  function layout(v, width, height) {
    const n = v.nodes.length;
    const pos = v.nodes.map((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, n);
      const r = node.outside ? 0.5 : 0.3;
      return { x: width / 2 + width * r * Math.cos(angle), y: height / 2 + height * r * Math.sin(angle) };
    });
    const k = Math.sqrt((width * height) / Math.max(1, n)) * (n < 60 ? 1 : 0.6);
    let temperature = width / 8;
    const iterations = Math.max(60, Math.min(300, Math.floor(3e6 / Math.max(1, n * n))));
    const maxW = Math.max(1, ...v.links.map((l) => l[2]));
    // A dense graph would collapse under the sum of its pulls: each pull is shared out over
    // the degrees of its two ends.
    const degree = new Float64Array(n);
    v.links.forEach(([a, b]) => { if (!v.nodes[a].apart && !v.nodes[b].apart) { degree[a] += 1; degree[b] += 1; } });
    for (let step = 0; step < iterations; step++) {
      const dx = new Float64Array(n), dy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const ex = pos[i].x - pos[j].x, ey = pos[i].y - pos[j].y;
          const d2 = Math.max(1, ex * ex + ey * ey);
          const f = (k * k) / d2; // (k²/d) along the unit vector
          dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
        }
      }
      v.links.forEach(([a, b, w, , kernel]) => {
        if (v.nodes[a].apart || v.nodes[b].apart) return; // the kernel is placed apart
        const ex = pos[a].x - pos[b].x, ey = pos[a].y - pos[b].y;
        const d = Math.max(1, Math.hypot(ex, ey));
        const pull = (kernel ? 0.1 : 1) * (0.4 + Math.log(1 + w) / Math.log(1 + maxW)) / Math.sqrt(degree[a] * degree[b]);
        const f = (d / k) * pull; // (d²/k) along the unit vector
        dx[a] -= ex * f; dy[a] -= ey * f; dx[b] += ex * f; dy[b] += ey * f;
      });
      for (let i = 0; i < n; i++) {
        dx[i] += (width / 2 - pos[i].x) * GRAVITY; dy[i] += (height / 2 - pos[i].y) * GRAVITY;
        const d = Math.max(0.1, Math.hypot(dx[i], dy[i]));
        pos[i].x += (dx[i] / d) * Math.min(d, temperature);
        pos[i].y += (dy[i] / d) * Math.min(d, temperature);
      }
      temperature *= 0.975;
    }
    v.loose = v.nodes.map((_, i) => i).filter((i) => degree[i] === 0 || v.nodes[i].apart);
    return pos;
  }

  // Coupled nodes fill the view; unconnected nodes and the kernel go in a row at the bottom,
  // placed in screen space so their labels never overlap.
  function fit(v, width, height) {
    const inner = v.nodes.map((_, i) => i).filter((i) => !v.loose.includes(i));
    const rowHeight = v.loose.length ? 26 * Math.ceil(v.loose.reduce((t, i) => t + v.nodes[i].label.length * 6.5 + 40, 0) / (width - 80)) + 40 : 0;
    const left = 40, right = 170, top = 80, bottom = 50 + rowHeight; // toolbar, labels, the row
    let t = { x: 0, y: 0, k: 1 };
    if (inner.length) {
      const xs = inner.map((i) => pos[i].x), ys = inner.map((i) => pos[i].y);
      const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
      const kx = Math.min(4, (width - left - right) / Math.max(1, x1 - x0));
      const ky = Math.min(4, (height - top - bottom) / Math.max(1, y1 - y0));
      // Positions may stretch to the view's shape (text never does), within a factor of two.
      const k = Math.min(kx, ky);
      const sx = Math.min(kx, 2 * k), sy = Math.min(ky, 2 * k);
      inner.forEach((i) => { pos[i].x *= sx / k; pos[i].y *= sy / k; });
      t = { x: left - x0 * sx, y: top - y0 * sy, k };
    }
    let x = 40, y = height - rowHeight - 10;
    v.loose.slice().sort((a, b) => Number(Boolean(v.nodes[a].apart)) - Number(Boolean(v.nodes[b].apart))).forEach((i) => {
      const w = v.nodes[i].label.length * 6.5 + 40;
      if (x + w > width - 20) { x = 40; y += 26; }
      pos[i].x = (x + 12 - t.x) / t.k; pos[i].y = (y + 12 - t.y) / t.k;
      x += w;
    });
    return t;
  }

  const svgRoot = document.getElementById("graph");
  const linkLayer = document.getElementById("links");
  const nodeLayer = document.getElementById("nodes");
  let pos = [];
  let transform = { x: 0, y: 0, k: 1 };
  let nodeEls = [];
  let linkEls = [];

  function radius(node, maxSize) {
    if (node.outside || node.apart) return 9;
    return 6 + 22 * Math.sqrt(node.size / maxSize);
  }

  function draw(v) {
    view = v;
    const box = svgRoot.getBoundingClientRect();
    const width = Math.max(500, box.width), height = Math.max(400, box.height);
    pos = layout(v, width, height);
    transform = fit(v, width, height);
    const maxSize = Math.max(1, ...v.nodes.filter((n) => !n.outside).map((n) => n.size));
    v.nodes.forEach((n) => { n.r = radius(n, maxSize); });
    v.loose.forEach((i) => { v.nodes[i].r = Math.min(v.nodes[i].r, 10); });
    const maxW = Math.max(1, ...v.links.map((l) => l[2]));
    linkLayer.replaceChildren();
    nodeLayer.replaceChildren();
    const showKernel = document.getElementById("kernel-edges").checked;
    // By default the heaviest edges, about three per node, are drawn; the slider shows more.
    const weightsDesc = v.links.map((l) => l[2]).sort((a, b) => b - a);
    const slider = document.getElementById("edge-share");
    const share = +slider.value / 100;
    const keep = Math.max(1, Math.ceil(Math.min(weightsDesc.length, share > 0 ? weightsDesc.length * share : 3 * v.nodes.length)));
    const minWeight = weightsDesc.length ? weightsDesc[keep - 1] : 0;
    document.getElementById("edge-count").textContent = `${Math.min(keep, weightsDesc.length)} of ${weightsDesc.length} edges`;
    linkEls = v.links.map(([a, b, w, c, kernel]) => {
      const line = svg("line", { class: kernel ? "link kernel" : "link", "stroke-width": (0.8 + (5 * Math.sqrt(w)) / Math.sqrt(maxW)).toFixed(2), "marker-end": "url(#arrow)" });
      const title = svg("title", {});
      title.textContent = `${v.nodes[a].id} → ${v.nodes[b].id}: weight ${fmt(w)}, ${plural(c, "module dependency").replace("dependencys", "dependencies")}`;
      line.appendChild(title);
      if ((kernel && !showKernel) || w < minWeight) line.style.display = "none";
      linkLayer.appendChild(line);
      return line;
    });
    nodeEls = v.nodes.map((node, i) => {
      const g = svg("g", { class: "node", tabindex: "0", role: "button" });
      g.dataset.id = node.id;
      g.dataset.kind = node.kind;
      g.setAttribute("aria-label", node.id);
      const shape = node.square
        ? svg("rect", { x: -node.r, y: -node.r, width: 2 * node.r, height: 2 * node.r, rx: 4, fill: node.color })
        : svg("circle", { r: node.r.toFixed(1), fill: node.color, "fill-opacity": node.outside ? 0.45 : 1 });
      const title = svg("title", {});
      title.textContent = node.kind === "module" ? `${node.id} (${node.size} code lines)` : `${node.id}: ${plural(node.members.length, "module")}${node.outside ? " (another service)" : ""}`;
      shape.appendChild(title);
      g.appendChild(shape);
      const label = svg("text", { x: node.r + 3, y: 4 });
      label.textContent = node.label;
      g.appendChild(label);
      g.addEventListener("click", (e) => { e.stopPropagation(); clickNode(node); });
      g.addEventListener("dblclick", (e) => { e.stopPropagation(); openNode(node); });
      g.addEventListener("keydown", (e) => { if (e.key === "Enter") clickNode(node); else if (e.key === "d" || e.key === "D") openNode(node); });
      nodeLayer.appendChild(g);
      return g;
    });
    place();
    placeLabels();
    applySelection();
    highlight(document.getElementById("search").value);
    renderCrumbs();
    document.getElementById("legend").textContent = v.title === "services"
      ? "Circles: services, sized by code lines. Arrows: user → provider, width by weight (hover for counts). Double-click or D: open."
      : "Circles: modules; squares: packages (double-click to open); faint: other services.";
  }

  function place() {
    const screen = (i) => [pos[i].x * transform.k + transform.x, pos[i].y * transform.k + transform.y];
    nodeEls.forEach((g, i) => { const [x, y] = screen(i); g.setAttribute("transform", `translate(${x.toFixed(1)},${y.toFixed(1)})`); });
    linkEls.forEach((line, li) => {
      const [a, b] = view.links[li];
      const [x1, y1] = screen(a), [x2, y2] = screen(b);
      const d = Math.max(1, Math.hypot(x2 - x1, y2 - y1));
      const ra = view.nodes[a].r + 1, rb = view.nodes[b].r + 3;
      line.setAttribute("x1", (x1 + ((x2 - x1) * ra) / d).toFixed(1)); line.setAttribute("y1", (y1 + ((y2 - y1) * ra) / d).toFixed(1));
      line.setAttribute("x2", (x2 - ((x2 - x1) * rb) / d).toFixed(1)); line.setAttribute("y2", (y2 - ((y2 - y1) * rb) / d).toFixed(1));
    });
  }

  // Greedy: the biggest nodes keep their labels; a label that would overlap one already
  // placed is hidden until hover or selection. Grid buckets keep it linear.
  function placeLabels() {
    const cell = 60, grid = new Map(), boxes = [];
    const order = view.nodes.map((_, i) => i).sort((a, b) => view.nodes[b].size - view.nodes[a].size);
    order.forEach((i) => {
      const node = view.nodes[i];
      const x = pos[i].x * transform.k + transform.x + node.r + 3, y = pos[i].y * transform.k + transform.y - 8;
      const box = [x, y, x + node.label.length * 6.3, y + 14];
      const keys = [];
      for (let gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++)
        for (let gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) keys.push(gx + ":" + gy);
      const hit = keys.some((key) => (grid.get(key) || []).some((j) => {
        const o = boxes[j]; return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3];
      }));
      nodeEls[i].querySelector("text").classList.toggle("hidden", hit);
      if (!hit) { const at = boxes.push(box) - 1; keys.forEach((key) => (grid.get(key) || grid.set(key, []).get(key)).push(at)); }
    });
  }

  let drag = null;
  svgRoot.addEventListener("mousedown", (e) => { drag = { x: e.clientX - transform.x, y: e.clientY - transform.y }; });
  window.addEventListener("mousemove", (e) => { if (drag) { transform.x = e.clientX - drag.x; transform.y = e.clientY - drag.y; place(); } });
  window.addEventListener("mouseup", () => { if (drag) { drag = null; placeLabels(); } });
  // Zoom moves nodes apart; text and circles keep their size, so overlaps go away.
  function zoom(factor, cx, cy) {
    const k = Math.min(12, Math.max(0.2, transform.k * factor));
    transform.x = cx - ((cx - transform.x) * k) / transform.k;
    transform.y = cy - ((cy - transform.y) * k) / transform.k;
    transform.k = k;
    place(); placeLabels();
  }
  svgRoot.addEventListener("wheel", (e) => {
    e.preventDefault();
    const box = svgRoot.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - box.left, e.clientY - box.top);
  }, { passive: false });
  document.getElementById("zoom-in").addEventListener("click", () => { const b = svgRoot.getBoundingClientRect(); zoom(1.3, b.width / 2, b.height / 2); });
  document.getElementById("zoom-out").addEventListener("click", () => { const b = svgRoot.getBoundingClientRect(); zoom(1 / 1.3, b.width / 2, b.height / 2); });
  document.getElementById("kernel-edges").addEventListener("change", () => { if (view) draw(view); });
  document.getElementById("edge-share").addEventListener("change", () => { if (view) draw(view); });

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
  function applySelection() {
    if (!view) return;
    let chosen = -1;
    if (selected) {
      chosen = view.nodes.findIndex((n) => (selected.kind === "module" ? n.kind === "module" && n.module === selected.id
        : selected.kind === "service" ? n.kind === "service" && n.service === selected.id : n.id === selected.id));
    }
    const near = new Set();
    if (chosen >= 0) view.links.forEach(([a, b]) => { if (a === chosen) near.add(b); if (b === chosen) near.add(a); });
    let members = null;
    if (chosen < 0 && selected && selected.kind === "service") members = new Set(selected.id === KERNEL ? kernelModules : seams[selected.id].modules);
    nodeEls.forEach((g, i) => {
      const node = view.nodes[i];
      const inService = members && node.members.some((m) => members.has(m));
      g.classList.toggle("selected", i === chosen);
      g.classList.toggle("near", near.has(i));
      g.classList.toggle("dim", (chosen >= 0 && i !== chosen && !near.has(i)) || (members !== null && !inService));
    });
    linkEls.forEach((line, li) => {
      const [a, b] = view.links[li];
      const touches = chosen >= 0 && (a === chosen || b === chosen);
      line.classList.toggle("near", touches);
      line.classList.toggle("dim", chosen >= 0 && !touches);
      line.setAttribute("marker-end", touches ? "url(#arrow-near)" : "url(#arrow)");
    });
  }

  // ------------------------------------------------------------------ search
  const results = document.getElementById("search-results");
  function highlight(query) {
    const q = query.trim().toLowerCase();
    nodeEls.forEach((g, i) => {
      const node = view.nodes[i];
      const hit = Boolean(q) && (node.id.toLowerCase().includes(q) || node.members.some((m) => modules[m].name.toLowerCase().includes(q)));
      g.classList.toggle("match", hit);
    });
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
    panel.appendChild(el("p", "R: reads, W: writes (counted accesses). Tables in orange are used by more than one service: the data to give one owner, or to serve through an API.", "muted"));
    const conflicts = data.tables.filter((t) => t.conflict).length;
    panel.appendChild(el("p", `${plural(conflicts, "table")} shared by services, ${data.tables.filter((t) => t.write_conflict).length} of them written by several; ${data.tables.length} tables in all.`));
    const used = new Set();
    data.tables.forEach((t) => t.cells.forEach(([sv]) => used.add(sv)));
    const columns = data.order.concat([KERNEL]).filter((sv) => used.has(sv));
    const wrap = el("div", null, "dsm-wrap");
    const table = el("table", null, "data");
    table.id = "data-table";
    const head = el("tr");
    head.appendChild(el("th", "table"));
    head.appendChild(el("th", "kind"));
    columns.forEach((sv) => { const th = el("th", serviceName(sv), "col"); th.prepend(swatch(serviceColor(sv)), document.createTextNode(" ")); head.appendChild(th); });
    table.appendChild(head);
    data.tables.forEach((t) => {
      const tr = el("tr", null, t.conflict ? "conflict" : "");
      tr.dataset.table = t.table;
      tr.appendChild(el("th", (t.write_conflict ? "⚠ " : "") + t.table, "row"));
      const kind = el("td"); if (t.kind) kind.appendChild(el("span", t.kind, "pill critical")); tr.appendChild(kind);
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
  window.addEventListener("beforeprint", () => {
    Object.keys(renderers).forEach((id) => { if (!rendered[id]) { renderers[id](); rendered[id] = true; } });
  });
  window.addEventListener("afterprint", () => {});
  document.body.dataset.ready = "true";
})();
