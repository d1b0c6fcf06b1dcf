// Registry form behaviour (no inline scripts: the Content-Security-Policy forbids them).
(function () {
  "use strict";

  // Show the collective or the individual select according to "Người thực hiện là".
  function syncImplementer() {
    var checked = document.querySelector('input[name="implementer_type"]:checked');
    if (!checked) { return; }
    var kind = checked.value === "ca_nhan" ? "individual" : "collective";
    document.querySelectorAll("[data-implementer]").forEach(function (el) {
      el.classList.toggle("d-none", el.dataset.implementer !== kind);
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "implementer_type") { syncImplementer(); }
  });

  // "Bỏ qua" in the inline collective/individual form empties its container.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-clear-target]");
    if (!button) { return; }
    var target = document.querySelector(button.dataset.clearTarget);
    if (target) { target.innerHTML = ""; }
  });

  // After an inline creation, select the matching "Người thực hiện là" option.
  document.addEventListener("htmx:afterSettle", function () {
    var created = document.querySelector("[data-created-kind]");
    if (created) {
      var value = created.dataset.createdKind === "individual" ? "ca_nhan" : "tap_the";
      var radio = document.querySelector('input[name="implementer_type"][value="' + value + '"]');
      if (radio) { radio.checked = true; }
      created.removeAttribute("data-created-kind");
    }
    syncImplementer();
  });

  document.addEventListener("DOMContentLoaded", syncImplementer);
})();
