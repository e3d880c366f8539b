// strangler report: renders the analysis embedded in #strangler-data. No network, no
// libraries. Every string from the analyzed code goes through textContent, never innerHTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("strangler-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const MODULE_LIMIT = 250; // above this, the overview shows packages; click one to drill down
  const seamColor = {};
  data.seams.forEach((s) => { seamColor[s.name] = s.color; });
  const SHARED = "#b0b8c2";

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
  function groupOf(name) { return name.split(".").slice(0, 2).join("."); }

  // ------------------------------------------------------------------ header and lists
  document.getElementById("title").textContent = data.title;
  const s = data.summary;
  document.getElementById("stats").textContent =
    `${s.modules} modules · ${s.lines} lines · ${s.routes} routes · ${s.tables} tables · ` +
    `${s.cycles} import cycles · ${data.seams.length} services proposed · ${s.problems} problems`;

  const list = document.getElementById("seam-list");
  data.seams.forEach((seam) => {
    const item = el("div", null, "seam-item");
    item.dataset.seam = seam.name;
    const swatch = el("span", null, "swatch");
    swatch.style.background = seam.color;
    item.appendChild(swatch);
    item.appendChild(el("span", seam.name));
    item.appendChild(el("span", `${seam.modules.length} · ${seam.difficulty}`, "muted"));
    item.addEventListener("click", () => showSeam(seam.name));
    list.appendChild(item);
  });
  const shared = el("div", null, "seam-item");
  const sharedSwatch = el("span", null, "swatch");
  sharedSwatch.style.background = SHARED;
  shared.appendChild(sharedSwatch);
  shared.appendChild(el("span", "shared kernel"));
  shared.appendChild(el("span", String(data.kernel.length), "muted"));
  shared.addEventListener("click", showKernel);
  list.appendChild(shared);

  const plan = document.getElementById("plan");
  data.plan.forEach((step) => {
    const li = el("li");
    li.appendChild(el("b", step.seam));
    li.appendChild(el("div", step.reason, "muted"));
    plan.appendChild(li);
  });

  const metrics = document.getElementById("metrics");
  const names = ["proposal", "packages", "import_louvain"];
  const head = el("tr");
  ["metric", "better"].concat(names).forEach((n, i) => head.appendChild(el("th", n, i > 1 ? "num" : "")));
  metrics.appendChild(head);
  data.metric_keys.forEach(([key, better]) => {
    const row = el("tr");
    row.appendChild(el("td", key));
    row.appendChild(el("td", better, "muted"));
    names.forEach((n) => row.appendChild(el("td", data.metrics[n] ? data.metrics[n][key] : "", "num")));
    metrics.appendChild(row);
  });

  const problems = document.getElementById("problems");
  if (data.problems.length === 0) {
    problems.appendChild(el("p", "None: every file was analyzed.", "muted"));
  } else {
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

  // ------------------------------------------------------------------ graph model
  const modules = data.modules;
  const moduleIndex = {};
  modules.forEach((m, i) => { moduleIndex[m.name] = i; });

  function moduleView(filter) {
    const chosen = modules.filter(filter);
    const ids = {};
    const nodes = chosen.map((m, i) => {
      ids[m.name] = i;
      return { id: m.name, label: m.name.split(".").pop() || m.name, size: m.loc,
               color: m.seam ? seamColor[m.seam] : SHARED, kind: "module", members: [m.name] };
    });
    const links = [];
    data.edges.forEach(([a, b, w]) => {
      const sa = ids[modules[a].name], sb = ids[modules[b].name];
      if (sa !== undefined && sb !== undefined && sa !== sb) links.push([sa, sb, w]);
    });
    return { nodes, links };
  }

  function packageView() {
    const groups = {};
    modules.forEach((m) => {
      const g = groupOf(m.name);
      (groups[g] = groups[g] || []).push(m);
    });
    const names = Object.keys(groups).sort();
    const ids = {};
    const nodes = names.map((g, i) => {
      ids[g] = i;
      const votes = {};
      groups[g].forEach((m) => { const k = m.seam || ""; votes[k] = (votes[k] || 0) + 1; });
      const top = Object.keys(votes).sort((x, y) => votes[y] - votes[x])[0];
      return { id: g, label: `${g} (${groups[g].length})`, size: groups[g].reduce((t, m) => t + m.loc, 0),
               color: top ? seamColor[top] : SHARED, kind: "package", members: groups[g].map((m) => m.name) };
    });
    const weights = {};
    data.edges.forEach(([a, b, w]) => {
      const ga = ids[groupOf(modules[a].name)], gb = ids[groupOf(modules[b].name)];
      if (ga !== gb) { const key = ga + ":" + gb; weights[key] = (weights[key] || 0) + w; }
    });
    const links = Object.keys(weights).map((k) => { const [x, y] = k.split(":"); return [+x, +y, weights[k]]; });
    return { nodes, links };
  }

  // Fruchterman-Reingold, deterministic start (a circle ordered by colour then name).
  function layout(view, width, height) {
    const n = view.nodes.length;
    const order = view.nodes.map((_, i) => i).sort((a, b) =>
      (view.nodes[a].color + view.nodes[a].id).localeCompare(view.nodes[b].color + view.nodes[b].id));
    const pos = new Array(n);
    order.forEach((node, rank) => {
      const angle = (2 * Math.PI * rank) / Math.max(1, n);
      pos[node] = { x: width / 2 + (width / 3) * Math.cos(angle), y: height / 2 + (height / 3) * Math.sin(angle) };
    });
    const k = Math.sqrt((width * height) / Math.max(1, n)) * 0.6;
    let temperature = width / 8;
    const iterations = n > 150 ? 150 : 300;
    for (let step = 0; step < iterations; step++) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
          const d2 = Math.max(0.01, dx * dx + dy * dy);
          const force = (k * k) / d2;
          disp[i].x += dx * force; disp[i].y += dy * force;
          disp[j].x -= dx * force; disp[j].y -= dy * force;
        }
      }
      view.links.forEach(([a, b, w]) => {
        const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
        const d = Math.max(0.1, Math.sqrt(dx * dx + dy * dy));
        // Edges to the shared kernel pull weakly, so services gather around their own members.
        const kernel = view.nodes[a].color === SHARED || view.nodes[b].color === SHARED ? 0.15 : 1;
        const force = (d * d) / k * kernel * Math.min(3, 0.3 + Math.log(1 + w) / 2) / d;
        disp[a].x -= dx * force; disp[a].y -= dy * force;
        disp[b].x += dx * force; disp[b].y += dy * force;
      });
      for (let i = 0; i < n; i++) {
        disp[i].x += (width / 2 - pos[i].x) * 0.01;
        disp[i].y += (height / 2 - pos[i].y) * 0.01;
        const d = Math.max(0.1, Math.hypot(disp[i].x, disp[i].y));
        pos[i].x += (disp[i].x / d) * Math.min(d, temperature);
        pos[i].y += (disp[i].y / d) * Math.min(d, temperature);
        pos[i].x = Math.min(width - 120, Math.max(30, pos[i].x)); // stay in view, room for labels
        pos[i].y = Math.min(height - 30, Math.max(50, pos[i].y));
      }
      temperature *= 0.97;
    }
    return pos;
  }

  // ------------------------------------------------------------------ drawing, pan, zoom
  const svgRoot = document.getElementById("graph");
  const viewport = document.getElementById("viewport");
  const linkLayer = document.getElementById("links");
  const nodeLayer = document.getElementById("nodes");
  let transform = { x: 0, y: 0, k: 1 };
  let current = null;

  function applyTransform() {
    viewport.setAttribute("transform", `translate(${transform.x},${transform.y}) scale(${transform.k})`);
  }

  function draw(view, levelText) {
    current = view;
    document.getElementById("level").textContent = levelText;
    const box = svgRoot.getBoundingClientRect();
    const width = Math.max(400, box.width), height = Math.max(300, box.height);
    const pos = layout(view, width, height);
    linkLayer.replaceChildren();
    nodeLayer.replaceChildren();
    const maxWeight = Math.max(1, ...view.links.map((l) => l[2]));
    view.links.forEach(([a, b, w]) => {
      linkLayer.appendChild(svg("line", { class: "link", x1: pos[a].x, y1: pos[a].y, x2: pos[b].x, y2: pos[b].y,
        "stroke-width": (0.5 + (3 * w) / maxWeight).toFixed(2) }));
    });
    const maxSize = Math.max(1, ...view.nodes.map((n) => n.size));
    view.nodes.forEach((node, i) => {
      const g = svg("g", { class: "node", transform: `translate(${pos[i].x},${pos[i].y})` });
      g.dataset.id = node.id;
      const circle = svg("circle", { r: (5 + 16 * Math.sqrt(node.size / maxSize)).toFixed(1), fill: node.color });
      const title = svg("title", {});
      title.textContent = node.id;
      circle.appendChild(title);
      g.appendChild(circle);
      const label = svg("text", { x: 9, y: 3 });
      label.textContent = node.label;
      g.appendChild(label);
      g.addEventListener("click", (event) => { event.stopPropagation(); select(node); });
      nodeLayer.appendChild(g);
    });
    transform = { x: 0, y: 0, k: 1 };
    applyTransform();
    highlight(document.getElementById("search").value);
  }

  let drag = null;
  svgRoot.addEventListener("mousedown", (e) => { drag = { x: e.clientX - transform.x, y: e.clientY - transform.y }; svgRoot.classList.add("dragging"); });
  window.addEventListener("mousemove", (e) => { if (drag) { transform.x = e.clientX - drag.x; transform.y = e.clientY - drag.y; applyTransform(); } });
  window.addEventListener("mouseup", () => { drag = null; svgRoot.classList.remove("dragging"); });
  function zoom(factor, cx, cy) {
    const k = Math.min(8, Math.max(0.2, transform.k * factor));
    transform.x = cx - ((cx - transform.x) * k) / transform.k;
    transform.y = cy - ((cy - transform.y) * k) / transform.k;
    transform.k = k;
    applyTransform();
  }
  svgRoot.addEventListener("wheel", (e) => {
    e.preventDefault();
    const box = svgRoot.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - box.left, e.clientY - box.top);
  }, { passive: false });
  document.getElementById("zoom-in").addEventListener("click", () => { const b = svgRoot.getBoundingClientRect(); zoom(1.25, b.width / 2, b.height / 2); });
  document.getElementById("zoom-out").addEventListener("click", () => { const b = svgRoot.getBoundingClientRect(); zoom(0.8, b.width / 2, b.height / 2); });

  // ------------------------------------------------------------------ search and selection
  function highlight(query) {
    const q = query.trim().toLowerCase();
    nodeLayer.querySelectorAll(".node").forEach((g) => {
      const node = current.nodes.find((n) => n.id === g.dataset.id);
      const hit = q && node.members.some((m) => m.toLowerCase().includes(q));
      g.classList.toggle("match", Boolean(hit));
      g.classList.toggle("dim", Boolean(q) && !hit);
    });
  }
  document.getElementById("search").addEventListener("input", (e) => highlight(e.target.value));

  const detail = document.getElementById("detail");
  function section(title, items, render) {
    detail.appendChild(el("h3", `${title} (${items.length})`));
    if (items.length === 0) { detail.appendChild(el("p", "none", "muted")); return; }
    const ul = el("ul");
    items.slice(0, 60).forEach((item) => { const li = el("li"); render(li, item); ul.appendChild(li); });
    if (items.length > 60) ul.appendChild(el("li", `… ${items.length - 60} more in analysis.json`, "muted"));
    detail.appendChild(ul);
  }

  function showSeam(name) {
    const seam = data.seams.find((x) => x.name === name);
    list.querySelectorAll(".seam-item").forEach((i) => i.classList.toggle("active", i.dataset.seam === name));
    detail.replaceChildren();
    detail.id = "detail";
    detail.dataset.showing = "seam:" + name;
    detail.appendChild(el("h2", `Service ${seam.name}`));
    detail.appendChild(el("p", `${seam.modules.length} modules, ${seam.loc} code lines, difficulty ${seam.difficulty} (${seam.difficulty_score})`, "muted"));
    section("Members", seam.modules, (li, m) => li.appendChild(el("code", m)));
    section("Public interface", seam.interface, (li, i) => { li.appendChild(el("code", i.name ? `${i.module}.${i.name}` : i.module)); li.appendChild(el("span", ` ×${i.uses}`, "muted")); });
    section("Routes", seam.routes, (li, r) => { li.appendChild(el("span", r.methods.join(",") + " ", "pill")); li.appendChild(el("code", r.path)); });
    section("Tables owned", seam.tables_owned, (li, t) => li.appendChild(el("code", t)));
    section("Tables shared", seam.tables_shared, (li, t) => { li.appendChild(el("code", t.table)); li.appendChild(el("span", " with " + t.seams.join(", "), "muted")); });
    section("Why together", seam.why.together, (li, e) => li.appendChild(el("span", `${e.source} → ${e.target} (${e.weight})`)));
    section("To cut when extracting", seam.why.cut, (li, e) => li.appendChild(el("span", `${e.source} → ${e.target} (${e.weight}, ${e.file}:${e.line})`)));
    section("Uses", seam.depends_on, (li, d) => li.appendChild(el("span", `${d.seam} (${d.weight})`)));
    section("Used by", seam.used_by, (li, d) => li.appendChild(el("span", `${d.seam} (${d.weight})`)));
    const members = new Set(seam.modules);
    nodeLayer.querySelectorAll(".node").forEach((g) => {
      const node = current.nodes.find((n) => n.id === g.dataset.id);
      g.classList.toggle("dim", !node.members.some((m) => members.has(m)));
    });
  }

  function showKernel() {
    detail.replaceChildren();
    detail.dataset.showing = "kernel";
    detail.appendChild(el("h2", "Shared kernel"));
    detail.appendChild(el("p", "Kept out of services: a shared library to split later.", "muted"));
    section("Modules", data.kernel, (li, k) => { li.appendChild(el("code", k.module)); li.appendChild(el("div", k.reason, "muted")); });
    section("Roots", data.roots, (li, k) => { li.appendChild(el("code", k.module)); li.appendChild(el("div", k.reason, "muted")); });
  }

  function select(node) {
    if (node.kind === "package" && node.members.length > 1) {
      const members = new Set(node.members);
      draw(moduleView((m) => members.has(m.name)), `package ${node.id}: click Overview to go back`);
    }
    detail.replaceChildren();
    detail.dataset.showing = node.kind + ":" + node.id;
    detail.appendChild(el("h2", node.id));
    if (node.kind === "module") {
      const m = modules[moduleIndex[node.id]];
      detail.appendChild(el("p", `${m.path} · ${m.loc} code lines · ${m.seam ? "service " + m.seam : "shared kernel / unassigned"}`, "muted"));
      const i = moduleIndex[node.id];
      const out = data.edges.filter((e) => e[0] === i).sort((a, b) => b[2] - a[2]);
      const inn = data.edges.filter((e) => e[1] === i).sort((a, b) => b[2] - a[2]);
      section("Depends on", out, (li, e) => li.appendChild(el("span", `${modules[e[1]].name} (${e[2]})`)));
      section("Used by", inn, (li, e) => li.appendChild(el("span", `${modules[e[0]].name} (${e[2]})`)));
    } else {
      section("Modules", node.members, (li, m) => li.appendChild(el("code", m)));
    }
  }

  function overview() {
    if (modules.length > MODULE_LIMIT) draw(packageView(), `${modules.length} modules shown as packages: click one to drill down`);
    else draw(moduleView(() => true), `${modules.length} modules, coloured by service`);
  }
  document.getElementById("overview").addEventListener("click", overview);
  overview();
  document.body.dataset.ready = "true";
})();
