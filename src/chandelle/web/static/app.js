/* chandelle web app: drag-and-drop upload with progress. No inline script (CSP: script-src 'self'). */
(function () {
  "use strict";

  function csrfToken() { return document.body.getAttribute("data-csrf") || ""; }

  function listChosen(list, files) {
    list.textContent = "";
    Array.prototype.forEach.call(files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)).toLocaleString(document.documentElement.lang) + " ko)";
      list.appendChild(item);
    });
  }

  function setupUpload(form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector("[data-dropzone]");
    var chosen = form.querySelector("[data-chosen]");
    var progress = form.querySelector("[data-progress]");
    var bar = progress.querySelector("progress");
    var text = progress.querySelector("[data-progress-text]");
    var result = document.getElementById("import-result");
    var dropped = null;

    input.addEventListener("change", function () { dropped = null; listChosen(chosen, input.files); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      dropped = event.dataTransfer.files;
      input.required = false;
      listChosen(chosen, dropped);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var files = dropped || input.files;
      if (!files || files.length === 0) { input.focus(); return; }
      var data = new FormData();
      Array.prototype.forEach.call(files, function (file) { data.append("files", file, file.name); });
      var handle = form.querySelector("input[name=handle]");
      if (handle && handle.value) { data.append("handle", handle.value); }
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action"));
      request.setRequestHeader("X-CSRF-Token", csrfToken());
      request.setRequestHeader("HX-Request", "true");
      progress.hidden = false;
      bar.value = 0;
      form.setAttribute("aria-busy", "true");
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var percent = Math.round(100 * e.loaded / e.total);
          bar.value = percent;
          bar.textContent = percent + " %";
          text.textContent = percent + " %";
        }
      });
      request.upload.addEventListener("load", function () {
        text.textContent = progress.getAttribute("data-importing") || text.textContent;
        bar.removeAttribute("value");
      });
      request.addEventListener("load", function () {
        form.removeAttribute("aria-busy");
        progress.hidden = true;
        var type = request.getResponseHeader("Content-Type") || "";
        if (type.indexOf("application/json") === 0) {
          var box = document.createElement("div");
          box.className = "notice notice-error";
          box.setAttribute("role", "alert");
          var message = "";
          try { message = JSON.parse(request.responseText).error; } catch (e) { message = String(request.status); }
          box.textContent = message;
          result.textContent = "";
          result.appendChild(box);
        } else {
          result.innerHTML = request.responseText;  /* server-rendered, autoescaped HTML */
          if (window.htmx) { window.htmx.process(result); }
        }
        result.focus();
      });
      request.addEventListener("error", function () {
        form.removeAttribute("aria-busy");
        progress.hidden = true;
        result.textContent = form.getAttribute("data-network-error") || "Network error";
      });
      request.send(data);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-upload]"), setupUpload);
  });
})();
