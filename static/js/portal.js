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
// <a data-busy="Đang tạo tệp…"> (a download that takes a while) and <button data-busy> in a
// form show that the work has started, and come back after a few seconds (a download does
// not leave the page, so there is no end to wait for).
function showBusy(element) {
  if (element.getAttribute("aria-busy") === "true") return false;
  const label = element.textContent;
  element.setAttribute("aria-busy", "true");
  element.classList.add("disabled");
  element.textContent = element.dataset.busy;
  window.setTimeout(function () {
    element.textContent = label;
    element.classList.remove("disabled");
    element.removeAttribute("aria-busy");
  }, 5000);
  return true;
}
document.addEventListener("click", function (event) {
  const link = event.target.closest("a[data-busy]");
  if (link && !showBusy(link)) event.preventDefault();
});
document.addEventListener("submit", function (event) {
  const button = event.target.querySelector("button[data-busy]");
  if (button) showBusy(button);
});
