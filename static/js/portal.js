// Portal behaviour without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("click", function (event) {
  // <button data-confirm="Bạn chắc chắn?"> asks before submitting.
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
  // <button data-print> prints the page.
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});

// A filter form (<form method="get" data-clean-query="don_vi">) puts in the address only what
// is filled in, and one value for each name listed in data-clean-query (the district and the
// commune selects both send don_vi: the last one filled in, the narrowest, is kept). A name in
// data-keep-blank is sent even when empty (the registry's "nam=": every year, not the year
// the list opens on).
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (!form.hasAttribute("data-clean-query") || form.method.toLowerCase() !== "get") {
    return;
  }
  event.preventDefault();
  const single = form.dataset.cleanQuery.split(/\s+/).filter(Boolean);
  const blank = (form.dataset.keepBlank || "").split(/\s+/).filter(Boolean);
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form, event.submitter)) {
    if (typeof value !== "string") { continue; }
    if (value.trim() === "" && !blank.includes(name)) { continue; }
    if (single.includes(name)) { params.delete(name); }
    params.append(name, value);
  }
  const query = params.toString();
  window.location.assign(form.action.split("?")[0] + (query ? "?" + query : ""));
});

// A form that changes data (POST) is sent once and shows that it is working: the button that
// sent it turns into a spinner with "Đang xử lý…" (or the form's data-busy text), and a
// double click, a second Enter or a second button does nothing until the next page arrives,
// however long the server takes (an import of thousands of rows takes minutes).
function markBusy(form, submitter) {
  form.dataset.submitted = "1";
  form.setAttribute("aria-busy", "true");
  const text = form.dataset.busy || "Đang xử lý…";
  form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(
    function (button) {
      // Not `disabled`: a disabled submitter would drop its own name and value from the form.
      button.setAttribute("aria-disabled", "true");
      button.classList.add("disabled");
    }
  );
  const button = submitter || form.querySelector("button[type=submit], button:not([type])");
  if (button && button.tagName === "BUTTON") {
    button.dataset.label = button.innerHTML;
    button.textContent = "";
    const spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-2";
    spinner.setAttribute("aria-hidden", "true");
    button.append(spinner, text);
  }
  let status = form.querySelector(".busy-status");
  if (!status) {
    status = document.createElement("p");
    status.className = "busy-status visually-hidden";
    status.setAttribute("role", "status");
    form.append(status);
  }
  status.textContent = text;
}

function clearBusy(form) {
  form.dataset.submitted = "";
  form.removeAttribute("aria-busy");
  form.querySelectorAll("[aria-disabled=true]").forEach(function (button) {
    button.removeAttribute("aria-disabled");
    button.classList.remove("disabled");
    if (button.dataset.label !== undefined) {
      button.innerHTML = button.dataset.label;
      delete button.dataset.label;
    }
  });
}

document.addEventListener("submit", function (event) {
  const form = event.target;
  if (event.defaultPrevented || form.method.toLowerCase() !== "post") { return; }
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  markBusy(form, event.submitter);
});
// <a data-busy="Đang tạo tệp…"> (a download that takes a while) shows that the work has
// started, and comes back after a few seconds (a download does not leave the page, so there is
// no end to wait for). Forms have their own guard above (markBusy), which never re-enables.
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

// Back to a page kept by the browser (back button): its forms can be sent again.
window.addEventListener("pageshow", function (event) {
  if (event.persisted) {
    document.querySelectorAll("form[data-submitted='1']").forEach(clearBusy);
  }
});

// Files sent with a progress bar (<form data-upload-progress> holding
// partials/upload_progress.html): the form goes through XMLHttpRequest, which reports how much
// has been sent, and the page the server answers with replaces this one, as a normal
// submission would (messages, errors and address included).
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (event.defaultPrevented || !form.hasAttribute("data-upload-progress")) { return; }
  const box = form.querySelector(".upload-progress");
  if (!box || !window.FormData) { return; }
  // No file chosen (the new model's evidence is optional): sent as usual, nothing to show.
  const inputs = Array.from(form.querySelectorAll("input[type=file]"));
  if (!inputs.some(function (input) { return input.files.length; })) { return; }
  event.preventDefault();
  const bar = box.querySelector("progress");
  const text = box.querySelector("p");
  box.hidden = false;
  const request = new XMLHttpRequest();
  request.open("POST", form.action);
  request.upload.addEventListener("progress", function (progress) {
    if (!progress.lengthComputable) { return; }
    const percent = Math.round((progress.loaded / progress.total) * 100);
    bar.value = percent;
    text.textContent = percent < 100
      ? "Đã gửi " + percent + "%…"
      : "Đã gửi xong, máy chủ đang kiểm tra tệp…";
  });
  request.addEventListener("load", function () {
    const url = request.responseURL || form.action;
    document.open();
    document.write(request.responseText);
    document.close();
    window.history.replaceState(null, "", url);
  });
  request.addEventListener("error", function () {
    clearBusy(form);
    box.hidden = true;
    window.alert("Mất kết nối khi đang tải tệp lên. Tệp chưa được lưu; hãy thử lại.");
  });
  // The button pressed ("Lưu nháp" or "Đăng ký mô hình") is part of what is sent.
  request.send(new FormData(form, event.submitter));
});

// Filter panels fold on a phone, filtered or not: the list comes first, under the button
// "Bộ lọc" (or "Bộ lọc (đang lọc)") that opens them; they open again on a wider screen,
// where the button is hidden. Open, a filtered list began some 1.100 px down a phone.
(function () {
  const narrow = window.matchMedia("(max-width: 767.98px)");
  function fit() {
    document.querySelectorAll("details[data-collapse-narrow]").forEach(function (panel) {
      panel.open = !narrow.matches;
    });
  }
  document.addEventListener("DOMContentLoaded", fit);
  narrow.addEventListener("change", fit);
})();
