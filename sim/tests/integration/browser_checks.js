// Injected by the browser test into a copy of a page (never into the shipped page, whose
// Content-Security-Policy forbids scripts): measures the laid-out page and writes what is wrong,
// one problem per line, into <pre id="depinsim-problems"> for `--dump-dom` to carry out.
(function () {
  const problems = [];
  const say = (where, what) => problems.push(where + ": " + what);
  // The networks' colours (chart.rs PALETTE): a data mark is drawn in one of them.
  const palette = ["#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC"];
  const inPalette = (c) => c && palette.includes(c.toUpperCase());
  const num = (el, a) => parseFloat(el.getAttribute(a));

  const svgs = Array.from(document.querySelectorAll("figure svg"));
  svgs.forEach((svg, k) => {
    const name = "chart " + (svg.getAttribute("data-chart") || k + 1);
    const view = (svg.getAttribute("viewBox") || "").trim().split(/\s+/).map(parseFloat);
    const w = view.length === 4 ? view[2] : num(svg, "width"), h = view.length === 4 ? view[3] : num(svg, "height");
    const box = svg.getBoundingClientRect();
    if (!(w > 0 && h > 0 && box.width > 0 && box.height > 0)) say(name, "size " + w + "x" + h + " drawn " + box.width + "x" + box.height);
    svg.querySelectorAll("rect").forEach((r) => {
      if (num(r, "width") < 0 || num(r, "height") < 0) say(name, "a rect of negative size " + r.getAttribute("width") + "x" + r.getAttribute("height"));
    });
    // Data marks: a line of three or more points, a bar or a dot in a network's colour.
    const marks =
      Array.from(svg.querySelectorAll("polyline")).filter((p) => inPalette(p.getAttribute("stroke")) && p.getAttribute("points").trim().split(/\s+/).length >= 3).length +
      Array.from(svg.querySelectorAll("rect")).filter((r) => inPalette(r.getAttribute("fill")) && num(r, "width") > 0 && num(r, "height") > 0).length +
      Array.from(svg.querySelectorAll("circle")).filter((c) => inPalette(c.getAttribute("fill"))).length;
    if (marks === 0) say(name, "no data mark");
    // Axis tick labels: plotters writes the y axis's right-aligned at one x, the x axis's
    // centred at one y. Every label of an axis must be distinct.
    const axes = new Map();
    svg.querySelectorAll("text").forEach((t) => {
      const anchor = t.getAttribute("text-anchor");
      if (t.getAttribute("transform")) return;
      const key = anchor === "end" ? "y axis at x=" + t.getAttribute("x") : anchor === "middle" ? "x axis at y=" + t.getAttribute("y") : null;
      if (!key) return;
      if (!axes.has(key)) axes.set(key, []);
      axes.get(key).push(t.textContent.trim());
    });
    axes.forEach((labels, key) => {
      if (labels.length < 2) return;
      const seen = new Set();
      const repeated = labels.filter((l) => seen.size === seen.add(l).size);
      if (repeated.length) say(name, key + " repeats " + JSON.stringify(repeated) + " in " + JSON.stringify(labels));
    });
    // Nothing drawn outside the chart's own box (a cut label).
    svg.querySelectorAll("text").forEach((t) => {
      const r = t.getBoundingClientRect();
      if (r.width === 0) return;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        say(name, "text cut at the edge: " + JSON.stringify(t.textContent.trim()));
    });
  });

  // Layout: no element wider than its container, and the page no wider than the window.
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    say("page", "scrolls sideways: " + document.documentElement.scrollWidth + " px in a " + window.innerWidth + " px window");
  document.querySelectorAll("body *").forEach((el) => {
    if (el.closest("svg") || el.id === "depinsim-problems") return;
    const style = getComputedStyle(el);
    if (style.display === "inline" || style.display === "none") return;
    const tag = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className : "");
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) say("layout", tag + " overflows: content " + el.scrollWidth + " px in " + el.clientWidth + " px");
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.tagName !== "HTML") {
      const a = el.getBoundingClientRect(), b = parent.getBoundingClientRect();
      if (a.width > 0 && a.right > b.right + 1) say("layout", tag + " sticks out of its container by " + Math.round(a.right - b.right) + " px");
    }
  });

  // Every figure in the headline table has a unit: in the metric's title, "(unit)".
  document.querySelectorAll("#headline tbody tr, #metrics tbody tr").forEach((row) => {
    const cell = row.querySelector("td[title]") || row.querySelector("td");
    if (cell && !/\([^()]+\)\s*$/.test(cell.textContent)) say("headline table", "no unit for " + JSON.stringify(cell.textContent.trim()));
  });

  const out = document.createElement("pre");
  out.id = "depinsim-problems";
  out.setAttribute("data-charts", String(svgs.length));
  out.textContent = problems.join("\n");
  document.body.appendChild(out);
})();
