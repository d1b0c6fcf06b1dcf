// Portal behaviour without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("click", function (event) {
  // <button data-confirm="Bạn chắc chắn?"> asks before submitting.
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
  // <button data-print> prints the page.
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
// A form is sent once: a double click or a second Enter does not create a second record.
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
  window.setTimeout(function () { form.dataset.submitted = ""; }, 5000);
});
