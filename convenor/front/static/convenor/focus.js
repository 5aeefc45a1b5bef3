// Forms that submit in place (htmx) say what happened and keep focus where the user was.
//
// htmx replaces the form (or the box around it) with the server's answer; the element
// that had focus is gone with it, and a screen reader hears nothing. So, for every
// in-place write (not a GET): the answer to an invalid (422) or stale (409) form is
// shown, as a full page would show it; focus goes back to the field the user was in
// (found again by id, then by name), or to the first field in error; and the result is
// announced in the page's status region (#form-status in base.html), which is also seen.
//
// Also: a box that scrolls sideways (a wide table on a phone) is made reachable by the
// keyboard, or its hidden columns could not be scrolled into view without a mouse.
(function () {
  "use strict";

  var pending = new WeakMap(); // xhr -> where focus was when the request left
  var clearTimer = null;

  function statusRegion() {
    return document.getElementById("form-status");
  }

  function announce(text, isError) {
    var region = statusRegion();
    if (!region || !text) return;
    region.classList.toggle("is-error", !!isError);
    // Emptied first: the same words twice ("Saved.") must be announced twice.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
    window.clearTimeout(clearTimer);
    clearTimer = window.setTimeout(function () {
      region.textContent = "";
    }, 8000);
  }

  function formOf(elt) {
    if (!elt) return null;
    return elt.tagName === "FORM" ? elt : elt.closest("form");
  }

  function cssName(name) {
    return window.CSS && CSS.escape ? CSS.escape(name) : name.replace(/"/g, '\\"');
  }

  function isInPlaceWrite(detail) {
    var verb = ((detail.requestConfig && detail.requestConfig.verb) || "get").toLowerCase();
    return verb !== "get" && formOf(detail.elt) !== null;
  }

  document.addEventListener("htmx:beforeRequest", function (evt) {
    var detail = evt.detail;
    if (!isInPlaceWrite(detail)) return;
    var active = document.activeElement;
    var form = formOf(detail.elt);
    var target = detail.target;
    var inside = active && active !== document.body && (form.contains(active) || (target && target.contains(active)));
    pending.set(detail.xhr, {
      id: inside ? active.id : "",
      name: inside ? active.getAttribute("name") || "" : "",
      button: inside && active.tagName === "BUTTON" ? active.textContent.trim() : "",
      targetId: target ? target.id : "",
      formId: form.id,
    });
  });

  // The answer to an invalid or stale form is a form again, with its errors: show it.
  // A whole page (a view that answers htmx as it answers a browser) is not put inside
  // the form's box: its errors are read out of it and said.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var status = evt.detail.xhr.status;
    if ((status === 409 || status === 422) && pending.has(evt.detail.xhr)) {
      var body = evt.detail.xhr.responseText || "";
      if (/^\s*(<!doctype|<html)/i.test(body)) {
        pending.delete(evt.detail.xhr);
        var page = new DOMParser().parseFromString(body, "text/html");
        var main = page.querySelector("main") || page.body;
        announce("Not saved. " + (errorText(main) || "Please check the form."), true);
        return;
      }
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });

  function fieldInError(root) {
    return root.querySelector('[aria-invalid="true"], .has-error :is(input, select, textarea)');
  }

  function errorText(root) {
    var node = root.querySelector('.form-errors, small.error, .error, [role="alert"]');
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function focusable(el) {
    if (!el) return null;
    if (el.matches("input, select, textarea, button, a[href], [tabindex]")) return el;
    var inner = el.querySelector("input:not([type=hidden]), select, textarea, button, a[href]");
    if (inner) return inner;
    el.setAttribute("tabindex", "-1");
    return el;
  }

  document.addEventListener("htmx:afterSettle", function (evt) {
    var was = pending.get(evt.detail.xhr);
    if (!was) return;
    pending.delete(evt.detail.xhr);
    var status = evt.detail.xhr.status;
    var root =
      (was.targetId && document.getElementById(was.targetId)) ||
      (was.formId && document.getElementById(was.formId)) ||
      (evt.detail.target && evt.detail.target.isConnected ? evt.detail.target : document.body);
    var failed = status >= 400;
    var spot = null;
    // A field in error first; else the field the user was in; else (a form-wide error
    // such as "changed meanwhile") the message itself.
    if (failed) spot = fieldInError(root);
    if (!spot && was.id) spot = document.getElementById(was.id);
    if (!spot && was.name) spot = root.querySelector('[name="' + cssName(was.name) + '"]:not([type=hidden])');
    if (!spot && was.button) {
      spot = Array.prototype.find.call(root.querySelectorAll("button"), function (b) {
        return b.textContent.trim() === was.button;
      }) || null;
    }
    if (!spot && failed) spot = focusable(root.querySelector('.form-errors, .error, [role="alert"]'));
    if (!spot && document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) {
      spot = null; // focus survived the swap (it was outside the swapped part): leave it
    } else if (!spot) {
      spot = focusable(root);
    }
    if (spot) spot.focus({ preventScroll: false });

    var said = root.querySelector("[data-status-message]");
    if (failed) {
      announce("Not saved. " + (errorText(root) || "Please check the form."), true);
    } else {
      announce(said ? said.getAttribute("data-status-message") : "Saved.", false);
    }
  });

  // Answers htmx does not swap (403, 404, 500, no connection) still say what happened.
  document.addEventListener("htmx:responseError", function (evt) {
    if (!pending.has(evt.detail.xhr)) return;
    pending.delete(evt.detail.xhr);
    var status = evt.detail.xhr.status;
    var why = status === 403 ? "you may not change this" : status === 404 ? "it no longer exists" : "the server answered " + status;
    announce("Not saved: " + why + ".", true);
  });
  document.addEventListener("htmx:sendError", function (evt) {
    if (!pending.has(evt.detail.xhr)) return;
    pending.delete(evt.detail.xhr);
    announce("Not saved: the server could not be reached. Please try again.", true);
  });

  // A box that scrolls sideways is a stop for the keyboard (arrow keys scroll it).
  function reachScrollBoxes(root) {
    var boxes = (root || document).querySelectorAll("main table, main .table-wrap, main .board, main [data-scroll-box]");
    boxes.forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(box).overflowX);
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollReach = "1";
      } else if (!scrolls && box.dataset.scrollReach) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollReach;
      }
    });
  }
  var resizeTimer = null;
  document.addEventListener("DOMContentLoaded", function () { reachScrollBoxes(document); });
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { reachScrollBoxes(document); }, 200);
  });
  document.addEventListener("htmx:afterSettle", function () { reachScrollBoxes(document); });
})();
