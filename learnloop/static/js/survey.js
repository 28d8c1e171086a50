/* Learnloop survey: autosave every answer with htmx, and never lose typed text.
 *
 * Each proof point saves on its own: a rating at once, a comment after a short pause and when
 * the box is left. Until the server confirms, what was typed is kept in localStorage and restored
 * on reload if it is newer than the saved answer. A failed save is shown and retried with
 * backoff. Without JavaScript (or htmx) the page is a plain form that saves on submit.
 */
(function () {
  "use strict";

  const COMMENT_PAUSE_MS = 800;
  const MAX_RETRY_SECONDS = 60;
  const HARD_ERRORS = [400, 403, 404, 410];

  const form = document.querySelector("[data-survey-form]");
  if (!form || !window.htmx) {
    return;
  }
  const text = form.dataset;
  const draftPrefix = "learnloop:survey:" + text.draftKey + ":";
  const limit = parseInt(text.maxLength, 10);
  const blocks = new Map();
  let submitting = false;

  const drafts = {
    get(id) {
      try {
        return JSON.parse(window.localStorage.getItem(draftPrefix + id));
      } catch (error) {
        return null;
      }
    },
    put(id, values) {
      try {
        window.localStorage.setItem(
          draftPrefix + id,
          JSON.stringify({ code: values.code, comment: values.comment, at: Date.now() })
        );
      } catch (error) {
        /* Storage full or disabled: the save itself still runs. */
      }
    },
    drop(id) {
      try {
        window.localStorage.removeItem(draftPrefix + id);
      } catch (error) {
        /* Nothing to clean up. */
      }
    },
  };

  function same(a, b) {
    return a.code === b.code && a.comment === b.comment;
  }

  function localTime(iso) {
    const date = new Date(iso);
    return isNaN(date) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  class ProofPoint {
    constructor(element) {
      this.element = element;
      this.id = element.dataset.proofPoint;
      this.url = element.dataset.saveUrl;
      this.updatedAt = parseInt(element.dataset.updatedAt || "0", 10);
      this.radios = Array.from(element.querySelectorAll("input[type=radio]"));
      this.textarea = element.querySelector("textarea");
      this.status = element.querySelector("[data-status]");
      this.counter = element.querySelector("[data-counter]");
      this.retryButton = element.querySelector("[data-retry]");
      this.confirmed = this.values();
      this.sending = null;
      this.again = false;
      this.failures = 0;
      this.pauseTimer = null;
      this.retryTimer = null;
      this.listen();
      this.count();
      this.restoreDraft();
    }

    values() {
      const checked = this.radios.find((radio) => radio.checked);
      return { code: checked ? checked.value : "", comment: this.textarea.value };
    }

    isDirty() {
      return this.sending !== null || !same(this.values(), this.confirmed);
    }

    listen() {
      this.radios.forEach((radio) => radio.addEventListener("change", () => this.changed(true)));
      this.textarea.addEventListener("input", () => {
        this.count();
        this.changed(false);
      });
      this.textarea.addEventListener("blur", () => this.save());
      this.retryButton.addEventListener("click", () => {
        this.failures = 0;
        this.save();
      });
    }

    count() {
      const length = this.textarea.value.length;
      this.counter.textContent = text.msgCounter
        .replace("%(count)s", length)
        .replace("%(limit)s", limit);
      this.counter.classList.toggle("near-limit", length > limit * 0.9);
    }

    show(message, kind) {
      this.status.replaceChildren();
      const span = document.createElement("span");
      span.className = kind;
      span.textContent = message;
      this.status.appendChild(span);
    }

    restoreDraft() {
      const draft = this.drafted();
      if (!draft) {
        return;
      }
      const radio = this.radios.find((r) => r.value === draft.code);
      this.radios.forEach((r) => {
        r.checked = r === radio;
      });
      this.textarea.value = draft.comment;
      this.count();
      this.show(text.msgRestored, "save-pending");
      this.save();
    }

    drafted() {
      const draft = drafts.get(this.id);
      if (!draft || typeof draft.comment !== "string" || typeof draft.code !== "string") {
        return null;
      }
      if (draft.at <= this.updatedAt || same(draft, this.confirmed)) {
        drafts.drop(this.id);
        return null;
      }
      return draft;
    }

    changed(immediately) {
      drafts.put(this.id, this.values());
      window.clearTimeout(this.pauseTimer);
      if (immediately) {
        this.save();
      } else {
        this.show(text.msgUnsaved, "save-pending");
        this.pauseTimer = window.setTimeout(() => this.save(), COMMENT_PAUSE_MS);
      }
    }

    save() {
      window.clearTimeout(this.pauseTimer);
      window.clearTimeout(this.retryTimer);
      if (this.sending !== null) {
        this.again = true;
        return;
      }
      const values = this.values();
      if (same(values, this.confirmed)) {
        return;
      }
      this.sending = values;
      this.retryButton.hidden = true;
      this.show(text.msgSaving, "save-pending");
      const request = htmx.ajax("POST", this.url, {
        source: this.element,
        target: this.status,
        swap: "innerHTML",
        values: values,
      });
      // A request htmx never sent or that ended without an event counts as a failure.
      Promise.resolve(request)
        .catch(() => null)
        .then(() => window.setTimeout(() => this.sending === values && this.finished(0), 0));
    }

    finished(status) {
      const sent = this.sending;
      this.sending = null;
      if (status >= 200 && status < 300) {
        this.confirmed = sent;
        this.failures = 0;
        if (same(this.values(), sent)) {
          drafts.drop(this.id);
        } else {
          this.again = true;
          this.show(text.msgSaving, "save-pending");
        }
        updateProgress();
      } else if (HARD_ERRORS.includes(status)) {
        this.again = false;
        if (status === 404) {
          this.show(text.msgGone, "save-error");
        }
      } else {
        this.failures += 1;
        this.again = false;
        const seconds = Math.min(MAX_RETRY_SECONDS, 2 ** this.failures);
        this.show(text.msgRetryingIn.replace("%s", seconds), "save-error");
        this.retryButton.hidden = false;
        this.retryTimer = window.setTimeout(() => this.save(), seconds * 1000);
      }
      if (this.again) {
        this.again = false;
        window.setTimeout(() => this.save(), 0);
      }
    }
  }

  function updateProgress() {
    const progress = document.querySelector("[data-survey-progress]");
    if (!progress) {
      return;
    }
    let rated = parseInt(progress.dataset.ratedElsewhere, 10);
    blocks.forEach((block) => {
      rated += block.confirmed.code !== "" ? 1 : 0;
    });
    const total = parseInt(progress.dataset.total, 10);
    progress.querySelector("[data-progress-count]").textContent = rated;
    progress.querySelector("[data-progress-bar]").style.width =
      (total ? Math.round((100 * rated) / total) : 100) + "%";
    progress.querySelector("[role=progressbar]").setAttribute("aria-valuenow", rated);
  }

  function blockFor(event) {
    const element = event.target.closest && event.target.closest("[data-proof-point]");
    return element ? blocks.get(element.dataset.proofPoint) : undefined;
  }

  // Our partials for refused or invalid saves carry the message to show: swap them in too.
  form.addEventListener("htmx:beforeSwap", (event) => {
    const block = blockFor(event);
    const status = event.detail.xhr.status;
    if (!block) {
      return;
    }
    if ([400, 403, 410].includes(status)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    } else if (block.sending && !same(block.values(), block.sending)) {
      // Saved, but the participant has typed since: "Saved" would not be true of the page.
      event.detail.shouldSwap = false;
    }
  });
  form.addEventListener("htmx:afterSwap", (event) => {
    event.detail.target.querySelectorAll("time[datetime]").forEach((time) => {
      time.textContent = localTime(time.getAttribute("datetime")) || time.textContent;
    });
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    const block = blockFor(event);
    if (block && block.sending !== null) {
      block.finished(event.detail.xhr ? event.detail.xhr.status : 0);
    }
  });
  form.addEventListener("submit", () => {
    submitting = true;
  });
  window.addEventListener("beforeunload", (event) => {
    const unsaved = Array.from(blocks.values()).some((block) => block.isDirty());
    if (unsaved && !submitting) {
      event.preventDefault();
      event.returnValue = text.msgLeave;
    }
  });

  document.querySelectorAll(".js-only").forEach((element) => {
    element.hidden = false;
  });
  form.querySelectorAll("[data-proof-point]").forEach((element) => {
    blocks.set(element.dataset.proofPoint, new ProofPoint(element));
  });
})();
