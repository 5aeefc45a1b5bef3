// Renders Vega-Lite charts placed by the {% vega_chart %} tag, on load and after htmx swaps.
// vega, vega-lite and vega-embed load on the first page that has a chart.
(function () {
  "use strict";
  const me = document.currentScript;
  const base = me ? me.src.replace(/convenor\/app\.js.*$/, "") : "/static/";
  // The interpreter evaluates a chart's expressions without Function(), so the pages'
  // Content-Security-Policy needs no 'unsafe-eval' (convenor/lib/middleware.py).
  const libs = ["vendor/vega-6.4.0.min.js", "vendor/vega-interpreter-2.3.2.js", "vendor/vega-lite-6.4.3.min.js", "vendor/vega-embed-7.3.0.min.js"];
  let loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      const s = document.createElement("script");
      s.src = base + src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) {
      loading = libs.reduce(function (p, src) { return p.then(function () { return loadScript(src); }); }, Promise.resolve());
    }
    return loading;
  }

  function embedOptions() {
    // No style element of its own (the CSP allows none inline): the embed's and the
    // tooltip's look is in app.css.
    return {
      actions: false, renderer: "svg", defaultStyle: false, tooltip: { disableDefaultStyle: true },
      ast: true, expr: window.vegaInterpreter.expressionInterpreter,
    };
  }

  // "Download SVG · PNG" under a chart, after its caption; the files are made on click.
  function addDownloads(target, view) {
    const figure = target.closest("figure");
    if (!figure || figure.querySelector(".chart-downloads")) return;
    const p = document.createElement("p");
    p.className = "chart-downloads no-print";
    p.append("Download ");
    ["svg", "png"].forEach(function (format, i) {
      if (i) p.append(" · ");
      const a = document.createElement("a");
      a.href = "#";
      a.textContent = format.toUpperCase();
      a.setAttribute("aria-label", "Download the chart as " + format.toUpperCase());
      a.addEventListener("click", function (evt) {
        evt.preventDefault();
        view.toImageURL(format, format === "png" ? 2 : 1).then(function (url) {
          const link = document.createElement("a");
          link.href = url;
          link.download = (target.id || "chart") + "." + format;
          document.body.appendChild(link);
          link.click();
          link.remove();
        });
      });
      p.appendChild(a);
    });
    const caption = figure.querySelector("figcaption");
    if (caption) caption.after(p); else target.after(p);
  }

  function renderCharts(root) {
    const specs = (root || document).querySelectorAll("script[data-vega-for]");
    if (!specs.length) return;
    loadVega().then(function () {
      specs.forEach(function (node) {
        const target = document.getElementById(node.dataset.vegaFor);
        if (!target || target.dataset.rendered) return;
        target.dataset.rendered = "1";
        // No "..." menu: it sat over the legend. The chart's downloads are plain links
        // under it instead (see addDownloads).
        window.vegaEmbed(target, JSON.parse(node.textContent), embedOptions())
          .then(function (result) { target.dataset.drawn = "1"; addDownloads(target, result.view); })
          .catch(function (err) { target.textContent = "Chart could not be drawn: " + err.message; });
      });
    }).catch(function (err) { console.error(err); });
  }

  document.addEventListener("DOMContentLoaded", function () { renderCharts(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { renderCharts(evt.target); });
  // Buttons with data-confirm ask before submitting (deleting, closing a round, ...).
  document.addEventListener("submit", function (evt) {
    const btn = evt.submitter;
    if (btn && btn.dataset.confirm && !window.confirm(btn.dataset.confirm)) evt.preventDefault();
  });
})();
