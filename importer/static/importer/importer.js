// Importer pages: a form is sent once (a second click would import twice), the confirm button
// waits for "skip error rows" when the file has errors, and undo asks first.
(function () {
  "use strict";
  document.querySelectorAll("form[data-importer-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var question = form.getAttribute("data-importer-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        return;
      }
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.classList.add("disabled");
        button.setAttribute("aria-disabled", "true");
        button.textContent = "Đang xử lý…";
      });
    });
  });
  document.querySelectorAll("[data-importer-enables]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-importer-enables"));
    if (!target) return;
    box.addEventListener("change", function () {
      target.disabled = !box.checked;
    });
  });
})();
