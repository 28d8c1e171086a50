/* Learnloop comment coding: keyboard first, and codes for highlighted words.
 *
 * Keys (not while typing in a field): 1-9 apply or remove a code on the whole comment, or code
 * the selected words when words of the comment are selected; j/k or the arrow keys go to the
 * next/previous comment; a/r accept/reject the first suggested code; / focuses the search.
 * Selecting words also shows buttons to code them (for a mouse or a phone). Every action is a
 * plain form underneath: without this script the page still works, a click at a time.
 */
(function () {
  "use strict";

  // Cards may arrive after the page loads (the report's drill-down fetches them with htmx),
  // so everything below looks them up when it needs them.
  let currentId = null;
  // The last selection inside a comment, kept because a click on a button may clear it.
  let lastSelection = null;

  function cards() {
    return Array.from(document.querySelectorAll("[data-coding] [data-comment]"));
  }

  function current() {
    const all = cards();
    return all.find((card) => card.dataset.comment === currentId) || all[0] || null;
  }

  function setCurrent(card, focus) {
    cards().forEach((other) => other.classList.toggle("current", other === card));
    if (!card) {
      return;
    }
    currentId = card.dataset.comment;
    if (focus) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }

  function say(message) {
    const status = document.getElementById("coding-status");
    if (status) {
      status.textContent = message || "";
    }
  }

  function typing(target) {
    return (
      target.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)
    );
  }

  /* Offsets of a range within the comment's text, as the page shows it. */
  function offsets(textElement, range) {
    if (!textElement.contains(range.startContainer) || !textElement.contains(range.endContainer)) {
      return null;
    }
    const before = document.createRange();
    before.selectNodeContents(textElement);
    before.setEnd(range.startContainer, range.startOffset);
    let start = before.toString().length;
    const selected = range.toString();
    let end = start + selected.length;
    const text = textElement.textContent;
    while (start < end && /\s/.test(text[start])) start += 1;
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    return start < end ? { start: start, end: end } : null;
  }

  function selectionIn(card) {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      return null;
    }
    const text = card.querySelector("[data-comment-text]");
    return text ? offsets(text, selection.getRangeAt(0)) : null;
  }

  function token(card) {
    const input = card.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function replaceCard(card, html) {
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const fresh = holder.firstElementChild;
    if (!fresh) {
      return;
    }
    card.replaceWith(fresh);
    if (window.htmx) {
      window.htmx.process(fresh);
    }
    setCurrent(fresh, true);
  }

  function applySpan(card, codeId, span) {
    const body = new FormData();
    body.append("code", codeId);
    body.append("start", span.start);
    body.append("end", span.end);
    body.append("next", card.dataset.next || "");
    body.append("position", card.dataset.position || "");
    say("");
    fetch(card.dataset.applyUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token(card), "HX-Request": "true" },
    })
      .then((response) => response.text().then((text) => ({ ok: response.ok, text: text })))
      .then((result) => {
        if (result.ok) {
          window.getSelection().removeAllRanges();
          lastSelection = null;
          replaceCard(card, result.text);
        } else {
          say(result.text);
        }
      })
      .catch(() => {
        const status = document.getElementById("coding-status");
        say(status ? status.dataset.offline : "");
      });
  }

  function step(direction) {
    const all = cards();
    const card = current();
    const mode = card ? card.closest("[data-coding]").dataset.mode : "one";
    const index = all.indexOf(card);
    const target = all[index + direction];
    if (mode === "list" && target) {
      setCurrent(target, true);
      return;
    }
    const link = document.querySelector(direction > 0 ? "a[rel=next]" : "a[rel=prev]");
    if (link) {
      window.location.assign(link.href);
    }
  }

  function codeByKey(card, key) {
    const span = lastSelection && lastSelection.card === card ? lastSelection.span : selectionIn(card);
    if (span) {
      const button = card.querySelectorAll("[data-span-code]")[Number(key) - 1];
      if (button) {
        applySpan(card, button.dataset.spanCode, span);
      }
      return;
    }
    const toggle = card.querySelector('.code-toggles [data-key="' + key + '"]');
    if (toggle) {
      toggle.click();
    }
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    const card = current();
    const key = event.key;
    if (!card && key !== "/") {
      return;
    }
    if (key === "/") {
      const search = document.getElementById("filter-text");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    } else if (/^[1-9]$/.test(key) && card) {
      event.preventDefault();
      codeByKey(card, key);
    } else if (["j", "ArrowRight", "ArrowDown"].includes(key)) {
      event.preventDefault();
      step(+1);
    } else if (["k", "ArrowLeft", "ArrowUp"].includes(key)) {
      event.preventDefault();
      step(-1);
    } else if ((key === "a" || key === "r") && card) {
      const button = card.querySelector(key === "a" ? "[data-accept]" : "[data-reject]");
      if (button) {
        event.preventDefault();
        button.click();
      }
    }
  });

  document.addEventListener("selectionchange", () => {
    let found = null;
    cards().forEach((card) => {
      const span = selectionIn(card);
      const bar = card.querySelector("[data-selection-bar]");
      if (span) {
        found = { card: card, span: span };
      }
      if (bar) {
        bar.hidden = !span && !(lastSelection && lastSelection.card === card);
      }
    });
    if (found) {
      lastSelection = found;
      setCurrent(found.card, false);
    } else if (!document.activeElement || !document.activeElement.closest("[data-selection-bar]")) {
      lastSelection = null;
      document.querySelectorAll("[data-selection-bar]").forEach((bar) => (bar.hidden = true));
    }
  });

  document.addEventListener("click", (event) => {
    const spanButton = event.target.closest("[data-span-code]");
    if (spanButton) {
      const card = spanButton.closest("[data-comment]");
      const span = lastSelection && lastSelection.card === card ? lastSelection.span : selectionIn(card);
      if (span) {
        applySpan(card, spanButton.dataset.spanCode, span);
      }
      return;
    }
    const card = event.target.closest("[data-coding] [data-comment]");
    if (card) {
      setCurrent(card, false);
    }
  });

  document.addEventListener("focusin", (event) => {
    const card = event.target.closest && event.target.closest("[data-coding] [data-comment]");
    if (card && card.dataset.comment !== currentId) {
      setCurrent(card, false);
    }
  });

  document.body.addEventListener("htmx:responseError", (event) => {
    say(event.detail.xhr.responseText);
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    say("");
    setCurrent(current(), false);
  });

  const hash = window.location.hash.match(/^#comment-(\d+)$/);
  const wanted = hash && document.getElementById("comment-" + hash[1]);
  setCurrent(wanted || current(), Boolean(wanted));
})();
