// Test harness (tests/unit/report/test_html_app_notes.py): runs the service panel code of
// templates/report/report.js (`section`, `serviceDetail`) on the data embedded in an
// index.html, with a minimal stand-in for the DOM, and prints the panel's headings and the
// text of its "Apart from the Django apps" list (id seam-apps).
// usage: node service_panel.js report.js index.html SEAM
const fs = require("fs");
const src = fs.readFileSync(process.argv[2], "utf8");
const html = fs.readFileSync(process.argv[3], "utf8");
const data = JSON.parse(html.match(/id="strangler-data">([\s\S]*?)<\/script>/)[1]);
const cut = (a, b) => src.slice(src.indexOf(a), src.indexOf(b));
class Node { constructor(tag) { this.tag = tag; this.children = []; this.style = {}; this.dataset = {}; this.textContent = ""; }
  appendChild(c) { this.children.push(c); return c; } prepend(...c) { this.children.unshift(...c); }
  addEventListener() {} get lastElementChild() { return this.children[this.children.length - 1]; }
  text() { return (this.textContent || "") + this.children.map((c) => c.text ? c.text() : c.textContent).join(""); } }
const document = { createElement: (t) => new Node(t), createTextNode: (t) => ({ textContent: t }) };
const detail = new Node("div");
const seams = data.seams; const KERNEL = seams.length;
const fmt = (x) => String(x); const swatch = () => new Node("span");
function el(tag, text, cls) { const n = document.createElement(tag); if (text != null) n.textContent = String(text); if (cls) n.className = cls; return n; }
const moduleLink = (li, m) => li.appendChild(el("span", String(m)));
const drillButton = () => {};
eval(cut("function section(", "function moduleLink(") + cut("function serviceDetail(", "function moduleDetail("));
const i = seams.findIndex((s) => s.name === process.argv[4]);
serviceDetail(i);
const apps = detail.children.find((c) => c.id === "seam-apps");
console.log(detail.children.filter((c) => c.tag === "h3").map((c) => c.textContent).join(" | "));
console.log(apps ? apps.text() : "NO seam-apps");
