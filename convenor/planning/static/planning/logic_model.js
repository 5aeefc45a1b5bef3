// The logic model's links drawn as connectors: each entry (li[data-leads-to]) to the
// entries it leads to. Side by side, a curve from the right edge of one to the left edge
// of the other; stacked (a phone), a curve through the left gutter. Drawn again when the
// page or the model's own box changes size. The page lists the same links in text.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";

  function draw(model) {
    let svg = model.querySelector(":scope > svg.lm-links");
    if (!svg) {
      svg = document.createElementNS(NS, "svg");
      svg.setAttribute("class", "lm-links");
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
      model.prepend(svg);
    }
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const box = model.getBoundingClientRect();
    const dx = model.scrollLeft - box.left;
    const dy = model.scrollTop - box.top;
    svg.setAttribute("width", String(model.scrollWidth));
    svg.setAttribute("height", String(model.scrollHeight));
    let n = 0;
    model.querySelectorAll("li[data-leads-to]").forEach(function (from) {
      const ids = from.dataset.leadsTo.split(" ").filter(Boolean);
      ids.forEach(function (id) {
        const to = document.getElementById("lm-" + id);
        if (!to || !model.contains(to)) return;
        const a = from.getBoundingClientRect();
        const b = to.getBoundingClientRect();
        let d;
        if (b.left >= a.right - 1) {
          const x1 = a.right + dx, y1 = a.top + a.height / 2 + dy;
          const x2 = b.left + dx, y2 = b.top + b.height / 2 + dy;
          const bend = Math.max(16, (x2 - x1) / 2);
          d = "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 + " " + x2 + "," + y2;
        } else {
          const x1 = a.left + dx, y1 = a.top + a.height / 2 + dy;
          const x2 = b.left + dx, y2 = b.top + b.height / 2 + dy;
          const gutter = 4 + (n % 4) * 3; // links side by side in the gutter, not on top of each other
          d = "M" + x1 + "," + y1 + " C" + gutter + "," + y1 + " " + gutter + "," + y2 + " " + x2 + "," + y2;
        }
        const path = document.createElementNS(NS, "path");
        path.setAttribute("d", d);
        path.setAttribute("class", "lm-link");
        path.dataset.source = from.id.slice(3);
        path.dataset.target = id;
        svg.appendChild(path);
        n += 1;
      });
    });
    model.dataset.links = String(n);
  }

  function drawAll() {
    document.querySelectorAll(".logic-model").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll();
    if (window.ResizeObserver) {
      const seen = new ResizeObserver(function () { window.requestAnimationFrame(drawAll); });
      document.querySelectorAll(".logic-model").forEach(function (m) { seen.observe(m); });
    } else {
      window.addEventListener("resize", drawAll);
    }
    document.querySelectorAll(".logic-model").forEach(function (m) {
      m.addEventListener("scroll", function () { draw(m); }, { passive: true });
    });
  });
})();
