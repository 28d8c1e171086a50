// Small conveniences; every page works without them.
(function () {
  "use strict";

  // "Copy link": copy the text of the input named by data-copy.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.dataset.copy);
      var done = document.querySelector("[data-copied]");
      input.select();
      var shown = function () { if (done) { done.hidden = false; } };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(input.value).then(shown, function () {
          document.execCommand("copy"); shown();
        });
      } else {
        document.execCommand("copy"); shown();
      }
    });
  });

  // "Everyone in this group": tick or untick every person of a section.
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var table = document.querySelector('[data-section="' + box.dataset.selectAll + '"]');
    box.hidden = false;
    box.nextElementSibling.hidden = false;
    box.addEventListener("change", function () {
      table.querySelectorAll('input[name^="add_"]').forEach(function (add) {
        add.checked = box.checked;
      });
    });
  });

  // Session form: show the modules of the chosen framework and the chosen mode's statement.
  var framework = document.getElementById("id_framework");
  var showModules = function () {
    document.querySelectorAll(".module-group").forEach(function (group) {
      var mine = !framework.value || group.dataset.framework === framework.value;
      group.hidden = !mine;
      if (!mine) {
        group.querySelectorAll("input").forEach(function (input) { input.checked = false; });
      }
    });
  };
  if (framework && !framework.disabled) {
    framework.addEventListener("change", showModules);
    showModules();
  }
  var anonymity = document.getElementById("id_anonymity");
  var showStatement = function () {
    document.querySelectorAll(".privacy-statement").forEach(function (statement) {
      statement.hidden = statement.dataset.anonymity !== anonymity.value;
    });
    // The groups offered on the open link matter only in anonymous mode.
    document.querySelectorAll("[data-anonymous-only]").forEach(function (part) {
      part.hidden = anonymity.value !== "anonymous";
    });
  };
  if (anonymity) {
    anonymity.addEventListener("change", showStatement);
    showStatement();
  }
})();
