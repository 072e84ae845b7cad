// Steward 客户管家 — small enhancements only. Every page works without this file (and without htmx):
// forms post, links navigate. Loaded as an external file because the Content-Security-Policy forbids
// inline scripts.
(function () {
  "use strict";

  // Filter selects apply at once instead of waiting for the search button.
  function autosubmit(root) {
    root.querySelectorAll("select.autosubmit").forEach(function (sel) {
      sel.addEventListener("change", function () {
        var form = sel.form;
        if (!form) return;
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      });
    });
  }

  // The family form shows the solar or the lunar birthday fields, as chosen.
  function calendarSwitch(root) {
    root.querySelectorAll("form").forEach(function (form) {
      var radios = form.querySelectorAll("input.cal-switch");
      if (!radios.length) return;
      function apply() {
        var lunar = form.querySelector("input.cal-switch[value=lunar]:checked") !== null;
        form.querySelectorAll(".cal-solar").forEach(function (el) { el.classList.toggle("hidden", lunar); });
        form.querySelectorAll(".cal-lunar").forEach(function (el) { el.classList.toggle("hidden", !lunar); });
      }
      radios.forEach(function (r) { r.addEventListener("change", apply); });
      apply();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    autosubmit(document);
    calendarSwitch(document);
  });
})();
