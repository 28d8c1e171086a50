// The voting room is swapped whole (htmx, outerHTML) after a vote and whenever a poll brings
// news. htmx gives the focus back to the element with the same id, but a button that has just
// become disabled (no votes left, or none left to take back) cannot take it, and a keyboard user
// would be sent back to the top of the page. Keep their place instead: the other button of the
// same item, else the count of votes left; and say that count after their own vote.
(function () {
  "use strict";
  let focusedId = null;
  let ownVote = false;

  document.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    if (!target || target.id !== "room" || !event.detail.shouldSwap) return;
    const active = document.activeElement;
    focusedId = active && active.id && target.contains(active) ? active.id : null;
    ownVote = event.detail.requestConfig && event.detail.requestConfig.verb === "post";
  });

  document.addEventListener("htmx:afterSettle", function () {
    const id = focusedId;
    const announce = ownVote;
    focusedId = null;
    ownVote = false;
    const remaining = document.getElementById("remaining");
    const news = document.getElementById("room-news");
    if (announce && news && remaining) news.textContent = remaining.textContent.trim();
    if (!id || (document.activeElement && document.activeElement !== document.body)) return;
    const key = id.replace(/^(add|remove|choose)-/, "");
    for (const candidate of [id, "add-" + key, "remove-" + key]) {
      const button = document.getElementById(candidate);
      if (button && !button.disabled) {
        button.focus();
        return;
      }
    }
    const fallback = remaining || document.getElementById("room");
    if (fallback) {
      fallback.setAttribute("tabindex", "-1");
      fallback.focus();
    }
  });
})();
