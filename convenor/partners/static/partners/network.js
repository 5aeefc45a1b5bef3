// The relationship map (partners/_network_body.html): people and organisations drawn by the
// vendored Cytoscape.js at the positions the server computed (network.map_data), so the
// picture is the same on every visit. Pan and zoom, click a node (or "Show on the map" in a
// list) to focus on its neighbours, filter by category and kind of relationship, size by a
// metric, and labels placed so that they never overlap. window.convenorNetwork is the
// Cytoscape instance (tests and the console use it).
(function () {
  "use strict";

  const FONT_PX = 12; // labels keep this size on screen at every zoom
  const SHORT = 26; // longer names are cut on the map; the whole name shows on hover
  const MIN_SIZE = 14;
  const MAX_SIZE = 54;
  const SAME_SIZE = 24;

  function shorten(label) {
    return label.length > SHORT ? label.slice(0, SHORT - 1).trimEnd() + "…" : label;
  }

  function stylesheet(ink, zoom) {
    const z = zoom || 1;
    return [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          width: "data(size)",
          height: "data(size)",
          shape: "ellipse",
          label: "",
          "border-width": 1.5,
          "border-color": "#ffffff",
          "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
          "font-weight": 600,
          "font-size": FONT_PX / z,
          color: ink,
          "text-valign": "bottom",
          "text-halign": "center",
          "text-margin-y": 3 / z,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.85,
          "text-background-padding": 1.5 / z,
          "text-background-shape": "roundrectangle",
          "min-zoomed-font-size": 0,
        },
      },
      { selector: "node.organisation", style: { shape: "round-rectangle" } },
      { selector: "node.labelled", style: { label: "data(short)", "z-index": 10 } },
      { selector: "node.bridge", style: { "border-width": 3, "border-style": "dashed", "border-color": ink } },
      { selector: "node.connector", style: { "border-width": 4.5, "border-style": "solid", "border-color": ink } },
      {
        selector: "edge",
        style: { width: 1.3, "line-color": "#9aa5b1", opacity: 0.75, "curve-style": "haystack" },
      },
      { selector: "edge.near", style: { width: 2.5, "line-color": ink, opacity: 1 } },
      { selector: "node.dimmed", style: { opacity: 0.15 } },
      { selector: "edge.dimmed", style: { opacity: 0.06 } },
      { selector: "node.focus", style: { "border-width": 5, "border-style": "double", "border-color": ink, "z-index": 20 } },
      { selector: "node.hover", style: { label: "data(label)", "z-index": 30, "text-background-opacity": 1 } },
      { selector: ".filtered", style: { display: "none" } },
    ];
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  // On a narrow screen the map's box takes the shape of the picture (within limits), so a
  // wide network is not a thin strip in a tall, mostly empty box.
  function fitHeight(box, nodes) {
    if (!nodes.length || box.clientWidth >= 700) return;
    const xs = nodes.map(function (n) { return n.x; });
    const ys = nodes.map(function (n) { return n.y; });
    const wide = Math.max.apply(null, xs) - Math.min.apply(null, xs) + 120;
    const tall = Math.max.apply(null, ys) - Math.min.apply(null, ys) + 120;
    const height = Math.min(460, Math.max(280, box.clientWidth * tall / wide + 40));
    box.style.height = Math.round(height) + "px";
  }

  function init() {
    const dataEl = document.getElementById("network-data");
    const box = document.getElementById("network-chart");
    if (!dataEl || !box || !window.cytoscape) return;
    const data = JSON.parse(dataEl.textContent);
    const ink = data.ink || "#1f2933";
    const sizeSelect = document.getElementById("map-size");
    const marks = document.getElementById("map-marks");
    const tip = document.getElementById("map-tip");
    const count = document.getElementById("map-count");
    const focusText = document.getElementById("map-focus");
    const clear = document.getElementById("map-clear");
    const labelNote = document.getElementById("map-labels");

    fitHeight(box, data.nodes);
    const elements = [];
    data.nodes.forEach(function (n) {
      const d = Object.assign({}, n, { short: shorten(n.label), size: SAME_SIZE });
      const classes = [n.kind];
      if (n.connector) classes.push("connector");
      if (n.bridge) classes.push("bridge");
      elements.push({ group: "nodes", data: d, position: { x: n.x, y: n.y }, classes: classes });
    });
    data.edges.forEach(function (e) {
      elements.push({ group: "edges", data: Object.assign({}, e) });
    });

    const cy = window.cytoscape({
      container: box,
      elements: elements,
      style: stylesheet(ink, 1),
      layout: { name: "preset", fit: true, padding: 30 },
      minZoom: 0.05,
      maxZoom: 6,
      autoungrabify: true,
      autounselectify: true,
      boxSelectionEnabled: false,
    });
    window.convenorNetwork = cy;
    let focused = null;
    let scheduled = false;
    let styledZoom = cy.zoom();

    function metric() {
      return sizeSelect ? sizeSelect.value : "degree";
    }

    function applySize() {
      const m = metric();
      let max = 0;
      cy.nodes().forEach(function (n) { max = Math.max(max, Number(n.data(m)) || 0); });
      cy.batch(function () {
        cy.nodes().forEach(function (n) {
          const v = Number(n.data(m)) || 0;
          const size = m === "none" || max <= 0 ? SAME_SIZE : MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(v / max);
          n.data("size", Math.round(size * 10) / 10);
        });
      });
    }

    // Labels for as many nodes as fit without touching one another: the focused node and its
    // neighbours first, then the top connectors, then the larger nodes; the rest on hover.
    function placeLabels() {
      const m = metric();
      const order = cy.nodes().filter(function (n) {
        return !n.hasClass("filtered") && !n.hasClass("dimmed");
      }).toArray();
      order.sort(function (a, b) {
        const fa = a.hasClass("focus") ? 0 : 1;
        const fb = b.hasClass("focus") ? 0 : 1;
        if (fa !== fb) return fa - fb;
        const ca = a.data("connector") || 1e6;
        const cb = b.data("connector") || 1e6;
        if (ca !== cb) return ca - cb;
        const va = m === "none" ? a.data("degree") : a.data(m);
        const vb = m === "none" ? b.data("degree") : b.data(m);
        if (va !== vb) return vb - va;
        return a.data("label") < b.data("label") ? -1 : 1;
      });
      // Give every candidate its label, then keep those whose box (Cytoscape's own measure,
      // in model coordinates) lies inside the view and clear of the labels already kept.
      cy.batch(function () {
        cy.nodes().removeClass("labelled");
        order.forEach(function (n) { n.addClass("labelled"); });
      });
      const view = cy.extent();
      const gap = 2 / cy.zoom();
      // A label may not cover another node either (it would hide it, or be drawn under it).
      const bodies = order.map(function (n) {
        return { node: n, box: n.boundingBox({ includeLabels: false, includeOverlays: false }) };
      });
      const placed = [];
      const show = [];
      const drop = [];
      order.forEach(function (n) {
        const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
        const r = { x1: b.x1 - gap, x2: b.x2 + gap, y1: b.y1 - gap, y2: b.y2 + gap };
        let ok = b.w > 0 && b.x1 >= view.x1 && b.x2 <= view.x2 && b.y1 >= view.y1 && b.y2 <= view.y2;
        for (let i = 0; ok && i < placed.length; i++) if (overlaps(r, placed[i])) ok = false;
        for (let i = 0; ok && i < bodies.length; i++) {
          if (bodies[i].node !== n && overlaps(r, bodies[i].box)) ok = false;
        }
        if (ok) { placed.push(r); show.push(n); } else drop.push(n);
      });
      cy.batch(function () { drop.forEach(function (n) { n.removeClass("labelled"); }); });
      box.dataset.labels = String(show.length);
      // Say when names are left out (a wide network on a phone shows few at first), and
      // how to read the others: labels never cover each other, so some must wait.
      if (labelNote) {
        labelNote.textContent = drop.length
          ? show.length + " of " + order.length + " names shown at this zoom: zoom in, or " +
            "tap or hover over a partner, to read the others (all are in the tables below)."
          : "";
        labelNote.hidden = !drop.length;
      }
    }

    function refresh() {
      if (scheduled) return;
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        const z = cy.zoom();
        if (Math.abs(z - styledZoom) / styledZoom > 0.01) {
          styledZoom = z;
          cy.style(stylesheet(ink, z));
        }
        placeLabels();
      });
    }

    // Fit the visible nodes, then once more with the labels they then show, so a label at
    // the edge of the picture is not cut off.
    function fitAll() {
      const shown = cy.elements().not(".filtered");
      cy.batch(function () { shown.nodes().addClass("labelled"); });
      for (let pass = 0; pass < 2; pass++) {
        cy.fit(shown, 24);
        styledZoom = cy.zoom();
        cy.style(stylesheet(ink, styledZoom));
      }
      placeLabels();
    }

    function nameList(nodes) {
      const names = nodes.map(function (n) { return n.data("label"); }).sort();
      if (names.length > 6) return names.slice(0, 6).join(", ") + " and " + (names.length - 6) + " more";
      return names.join(", ");
    }

    function focus(node) {
      if (!node || node.empty() || node.hasClass("filtered")) return;
      focused = node;
      const hood = node.closedNeighborhood().filter(function (el) { return !el.hasClass("filtered"); });
      cy.batch(function () {
        cy.elements().addClass("dimmed").removeClass("near focus");
        hood.removeClass("dimmed");
        hood.edges().addClass("near");
        node.addClass("focus");
      });
      const others = hood.nodes().not(node);
      focusText.textContent = "Focused on " + node.data("label") + ": " +
        (others.length ? others.length + (others.length === 1 ? " neighbour, " : " neighbours, ") + nameList(others) + "." : "no visible neighbour.");
      clear.hidden = false;
      if (hood.nodes().length > 1) {
        cy.animate({ fit: { eles: hood, padding: 50 }, duration: 250, complete: refresh });
      }
      refresh();
    }

    function unfocus() {
      focused = null;
      cy.batch(function () { cy.elements().removeClass("dimmed near focus"); });
      focusText.textContent = "";
      clear.hidden = true;
      refresh();
    }

    function applyFilters() {
      const hiddenCategories = new Set();
      document.querySelectorAll('#map-categories input[name="category"]').forEach(function (input) {
        if (!input.checked) hiddenCategories.add(input.value);
      });
      const shownKinds = new Set();
      document.querySelectorAll('#map-kinds input[name="kind"]').forEach(function (input) {
        if (input.checked) shownKinds.add(input.value);
      });
      cy.batch(function () {
        cy.nodes().forEach(function (n) {
          n.toggleClass("filtered", hiddenCategories.has(n.data("category")));
        });
        cy.edges().forEach(function (e) {
          const kept = e.data("kinds").some(function (k) { return shownKinds.has(k); });
          e.toggleClass("filtered", !kept || e.source().hasClass("filtered") || e.target().hasClass("filtered"));
        });
      });
      const nodes = cy.nodes().not(".filtered").length;
      const ties = cy.edges().not(".filtered").length;
      count.textContent = "Showing " + nodes + " of " + cy.nodes().length + " people and organisations, " +
        ties + " of " + cy.edges().length + " ties.";
      if (focused && focused.hasClass("filtered")) unfocus();
      else if (focused) focus(focused);
      else refresh();
    }

    function applyMarks() {
      const on = !marks || marks.checked;
      cy.batch(function () {
        cy.nodes().forEach(function (n) {
          n.toggleClass("connector", on && Boolean(n.data("connector")));
          n.toggleClass("bridge", on && Boolean(n.data("bridge")));
        });
      });
    }

    function showTip(text, sub, pos) {
      tip.textContent = "";
      const strong = document.createElement("strong");
      strong.textContent = text;
      tip.appendChild(strong);
      sub.forEach(function (line) {
        if (!line) return;
        const div = document.createElement("div");
        div.textContent = line;
        tip.appendChild(div);
      });
      tip.hidden = false;
      const left = Math.min(Math.max(pos.x + 12, 4), box.clientWidth - tip.offsetWidth - 4);
      const top = pos.y + 12 + tip.offsetHeight > box.clientHeight ? pos.y - tip.offsetHeight - 12 : pos.y + 12;
      tip.style.left = Math.max(left, 4) + "px";
      tip.style.top = Math.max(top, 4) + "px";
    }

    cy.on("tap", "node", function (evt) { focus(evt.target); });
    cy.on("tap", function (evt) { if (evt.target === cy) unfocus(); });
    cy.on("mouseover", "node", function (evt) {
      const n = evt.target;
      n.addClass("hover");
      box.style.cursor = "pointer";
      const share = Math.round(n.data("betweenness") * 1000) / 10;
      showTip(n.data("label"), [
        n.data("detail"),
        n.data("category_label"),
        n.data("degree") + (n.data("degree") === 1 ? " tie" : " ties") + ", on " + share + "% of the shortest paths between others",
        n.data("connector") ? "Top connector no. " + n.data("connector") : "",
      ], n.renderedPosition());
    });
    cy.on("mouseout", "node", function (evt) {
      evt.target.removeClass("hover");
      box.style.cursor = "";
      tip.hidden = true;
    });
    cy.on("mouseover", "edge", function (evt) {
      showTip(evt.target.data("label"), [], evt.renderedPosition || evt.target.renderedMidpoint());
    });
    cy.on("mouseout", "edge", function () { tip.hidden = true; });
    cy.on("viewport resize", refresh);

    document.querySelectorAll(".swatch[data-colour]").forEach(function (s) {
      s.style.setProperty("--swatch", s.dataset.colour);
    });
    document.querySelectorAll("#map-categories input, #map-kinds input").forEach(function (input) {
      input.addEventListener("change", applyFilters);
    });
    if (sizeSelect) sizeSelect.addEventListener("change", function () { applySize(); refresh(); });
    if (marks) marks.addEventListener("change", applyMarks);
    clear.addEventListener("click", function () { unfocus(); fitAll(); });
    document.querySelectorAll("[data-map]").forEach(function (button) {
      button.addEventListener("click", function () {
        const action = button.dataset.map;
        const centre = { x: box.clientWidth / 2, y: box.clientHeight / 2 };
        if (action === "fit") fitAll();
        else cy.zoom({ level: cy.zoom() * (action === "zoom-in" ? 1.4 : 1 / 1.4), renderedPosition: centre });
      });
    });
    document.addEventListener("click", function (evt) {
      const button = evt.target.closest("[data-focus-node]");
      if (!button) return;
      focus(cy.getElementById(button.dataset.focusNode));
      box.scrollIntoView({ block: "center", behavior: "smooth" });
    });
    document.addEventListener("keydown", function (evt) {
      if (evt.key === "Escape" && focused) unfocus();
    });

    applySize();
    applyMarks();
    fitAll();
    box.dataset.drawn = "1";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
