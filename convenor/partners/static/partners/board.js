// The pipeline board: move a card by dragging it to another stage, or with the keyboard
// (focus a card, press ← or →). Either way the card's own "Move to" form is submitted,
// so the move goes through the one stage-move endpoint with its version check; htmx swaps
// the board back in. The board's "Date of the move" dates every move made from it.
(function () {
  "use strict";
  let refocus = null; // the id of the card to focus again once the board is swapped back

  function columns() {
    return Array.from(document.querySelectorAll("#pipeline-board section.column"));
  }

  function stageOf(card) {
    const column = card.closest("section.column");
    return column ? column.dataset.stage : "";
  }

  function move(card, stage) {
    const form = card.querySelector("form.move");
    if (!form || !stage || stage === stageOf(card)) return;
    form.elements.stage.value = stage;
    // A card focused again right after a swap can be moved before htmx has wired up the
    // board it came in with; its form would then post as a plain page. htmx.process is a
    // no-op on a form it has wired already.
    if (window.htmx) window.htmx.process(form);
    form.requestSubmit();
  }

  // Every move form on the board, however it is submitted, carries the board's date.
  document.addEventListener("submit", function (evt) {
    const form = evt.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("#pipeline-board form.move")) return;
    const date = document.getElementById("board-move-date");
    if (date && form.elements.moved_on) form.elements.moved_on.value = date.value;
    const card = form.closest(".card");
    refocus = card ? card.id : null;
  }, true);

  document.addEventListener("dragstart", function (evt) {
    const card = evt.target instanceof Element ? evt.target.closest("#pipeline-board .card[draggable]") : null;
    if (!card) return;
    evt.dataTransfer.setData("text/plain", card.id);
    evt.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", function (evt) {
    if (evt.target instanceof Element) evt.target.classList.remove("dragging");
    columns().forEach(function (c) { c.classList.remove("drop-target"); });
  });

  document.addEventListener("dragover", function (evt) {
    const column = evt.target instanceof Element ? evt.target.closest("#pipeline-board section.column") : null;
    if (!column) return;
    evt.preventDefault(); // allows the drop
    evt.dataTransfer.dropEffect = "move";
    columns().forEach(function (c) { c.classList.toggle("drop-target", c === column); });
  });

  document.addEventListener("drop", function (evt) {
    const column = evt.target instanceof Element ? evt.target.closest("#pipeline-board section.column") : null;
    if (!column) return;
    evt.preventDefault();
    column.classList.remove("drop-target");
    const card = document.getElementById(evt.dataTransfer.getData("text/plain"));
    if (card && card.closest("#pipeline-board")) move(card, column.dataset.stage);
  });

  document.addEventListener("keydown", function (evt) {
    const card = evt.target;
    if (!(card instanceof Element) || !card.matches("#pipeline-board .card[tabindex]")) return;
    if (evt.key !== "ArrowLeft" && evt.key !== "ArrowRight") return;
    if (evt.altKey || evt.ctrlKey || evt.metaKey || evt.shiftKey) return;
    const stages = columns().map(function (c) { return c.dataset.stage; });
    const next = stages.indexOf(stageOf(card)) + (evt.key === "ArrowRight" ? 1 : -1);
    if (next < 0 || next >= stages.length) return;
    evt.preventDefault();
    move(card, stages[next]);
  });

  // The board is replaced by the answer: put focus back on the moved card and say what
  // happened in the page's own status line (the swapped board is a new element).
  document.addEventListener("htmx:afterSettle", function () {
    const board = document.getElementById("pipeline-board");
    if (!board) return;
    const status = document.getElementById("board-status");
    const said = board.querySelector(".board-messages");
    if (status && said) status.textContent = said.textContent.trim();
    if (refocus) {
      const card = document.getElementById(refocus);
      if (card) card.focus();
      refocus = null;
    }
  });
})();
