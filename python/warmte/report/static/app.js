// The offline web map of a libwarmte result: buurten coloured by a theme, sources and allocation
// lines, a search box and a side panel with the explanation, key figures and the cost chart.
(function () {
  "use strict";
  const D = window.WARMTE;
  const T = D.text;
  const map = L.map("map", { zoomSnap: 0.25 });
  if (D.basemap) L.tileLayer(D.basemap, { maxZoom: 19 }).addTo(map);
  let theme = D.themes[0];
  let selected = null;

  function classColour(value) {
    const found = theme.classes.find((c) => c.value === value);
    const other = theme.classes.find((c) => c.value === "") || { colour: "#cccccc" };
    return (found || other).colour;
  }
  function style(feature) {
    const on = selected && feature.properties.code === selected.feature.properties.code;
    return { className: "buurt", color: on ? "#000" : "#444", weight: on ? 3 : 1,
             fillColor: classColour(feature.properties.classes[theme.id] || ""), fillOpacity: 0.75 };
  }
  const buurten = L.geoJSON(D.buurten, {
    style: style,
    onEachFeature: (f, layer) => layer.on("click", () => select(layer)),
  }).addTo(map);
  buurten.eachLayer((l) => l.getElement && l.getElement() && l.getElement().setAttribute("data-code", l.feature.properties.code));
  if (D.lines) L.geoJSON(D.lines, { style: { color: "#2166ac", weight: 1.5, dashArray: "4 3", className: "allocation" } }).addTo(map);
  // With roads: the clusters (outlined, named) and their pipes along the roads, wider for a larger DN.
  if (D.clusters) L.geoJSON(D.clusters, {
    style: { color: "#7a0177", weight: 1, dashArray: "2 2", fillOpacity: 0, className: "cluster" },
    onEachFeature: (f, layer) => layer.bindTooltip(`${T.cluster} ${f.properties.id}: ${f.properties.buildings} ${T.buildings}, ${T.phase} ${f.properties.phase}`),
  }).addTo(map);
  if (D.pipes) L.geoJSON(D.pipes, {
    style: (f) => ({ color: "#d7301f", weight: 1 + Math.min(4, f.properties.dn / 50), className: "pipe" }),
    onEachFeature: (f, layer) => layer.bindTooltip(`${T.cluster} ${f.properties.cluster}: DN ${f.properties.dn}`),
  }).addTo(map);
  if (D.sources) {
    const top = Math.max(1, ...D.sources.features.map((f) => f.properties.gj));
    L.geoJSON(D.sources, {
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 3 + 7 * Math.sqrt(f.properties.gj / top), color: "#08306b",
                                                    weight: 1, fillColor: "#4292c6", fillOpacity: 0.9, className: "source" })
        .bindTooltip(`${f.properties.id} (${f.properties.type}): ${f.properties.gj} ${T.gj}`),
    }).addTo(map);
  }
  map.fitBounds(buurten.getBounds(), { padding: [10, 10] });

  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => { const div = L.DomUtil.create("div", "legend"); div.id = "legend"; return div; };
  legend.addTo(map);
  function drawLegend() {
    const rows = theme.classes.map((c) => `<div><i style="background:${c.colour}"></i>${escape(c.label)}</div>`).join("");
    document.getElementById("legend").innerHTML = `<b>${escape(theme.title)}</b>${rows}`;
  }

  function escape(s) {
    return String(s).replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[ch]));
  }
  function bars(rows) {
    if (!rows.length) return "";
    const top = Math.max(...rows.map((r) => Math.abs(r[1]))) || 1, lw = 170, vw = 50, w = 380, h = rows.length * 20 + 4;
    const scale = (w - lw - vw) / top;
    return `<svg class="chart" viewBox="0 0 ${w} ${h}" width="100%">` + rows.map((r, i) => {
      const y = 2 + i * 20, bw = Math.abs(r[1]) * scale;
      return `<text x="${lw - 5}" y="${y + 12}" text-anchor="end">${escape(r[0].slice(0, 30))}</text>` +
             `<rect x="${lw}" y="${y}" width="${bw.toFixed(1)}" height="14" fill="${r[2] ? "#1b7837" : "#8c96c6"}"/>` +
             `<text x="${(lw + bw + 4).toFixed(1)}" y="${y + 12}">${Math.round(r[1])}</text>`;
    }).join("") + "</svg>";
  }
  function select(layer) {
    selected = layer;
    buurten.setStyle(style);
    const p = layer.feature.properties;
    const numbers = p.numbers.map((n) => `<tr><th>${escape(n[0])}</th><td>${escape(n[1])} ${escape(n[2])}</td></tr>`).join("");
    const alloc = p.allocation.length
      ? `<table><tr><th>${T.source}</th><th>${T.type}</th><th>${T.gj}</th><th>${T.distance}</th></tr>` +
        p.allocation.map((a) => `<tr><td>${escape(a[0])}</td><td>${escape(a[1])}</td><td>${a[2]}</td><td>${a[3]}</td></tr>`).join("") + "</table>"
      : `<p>${T.none}</p>`;
    document.getElementById("panel").innerHTML =
      `<h2 id="panel-name">${escape(p.name)} <small>${escape(p.code)}</small></h2>` +
      `<p class="verdict" id="panel-strategy">${escape(p.strategy)}</p>` +
      `<p class="explanation">${escape(p.explanation)}</p>` +
      `<h3>${T.numbers}</h3><table class="numbers">${numbers}</table>` +
      `<h3>${escape(p.costs_title)}</h3>${bars(p.costs.length ? p.costs : p.parts)}` +
      `<h3>${T.allocation}</h3>${alloc}`;
  }

  const chooser = document.getElementById("theme");
  document.getElementById("theme-label").textContent = T.theme;
  if (D.validation) {  // modelled against CBS-measured heat: a page of its own (validation.html)
    const link = document.createElement("a");
    link.id = "validation-link";
    link.href = D.validation;
    link.textContent = T.validation;
    document.getElementById("bar").appendChild(link);
  }
  D.themes.forEach((t) => chooser.add(new Option(t.title, t.id)));
  chooser.addEventListener("change", () => {
    theme = D.themes.find((t) => t.id === chooser.value);
    buurten.setStyle(style);
    drawLegend();
  });
  const search = document.getElementById("search");
  search.placeholder = T.search;
  const names = document.getElementById("buurt-names");
  D.buurten.features.forEach((f) => names.append(new Option(`${f.properties.name} (${f.properties.code})`)));
  function find(text) {
    const q = text.trim().toLowerCase();
    if (!q) return null;
    let hit = null;
    buurten.eachLayer((l) => {
      const p = l.feature.properties;
      const label = `${p.name} (${p.code})`.toLowerCase();
      if (!hit && (label === q || p.code.toLowerCase() === q || p.name.toLowerCase() === q)) hit = l;
    });
    buurten.eachLayer((l) => {
      const p = l.feature.properties;
      if (!hit && (p.name.toLowerCase().includes(q) || p.code.toLowerCase().includes(q))) hit = l;
    });
    return hit;
  }
  function go() {
    const hit = find(search.value);
    if (hit) { map.fitBounds(hit.getBounds(), { maxZoom: 16 }); select(hit); }
  }
  search.addEventListener("change", go);
  search.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });

  drawLegend();
  document.getElementById("panel").innerHTML = `<p>${T.pick}</p>`;
  // For tests and scripts: where on the page a buurt can be clicked, and the theme switch.
  window.warmteReport = {
    pointOf(code) {
      const f = D.buurten.features.find((x) => x.properties.code === code);
      const pt = map.latLngToContainerPoint(f.properties.point);
      const box = document.getElementById("map").getBoundingClientRect();
      return { x: box.left + pt.x, y: box.top + pt.y };
    },
    count: () => document.querySelectorAll("path.buurt").length,
  };
  document.body.dataset.ready = "1";
})();
