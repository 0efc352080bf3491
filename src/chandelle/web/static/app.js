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

  /* Errors next to the field: the message is the server's (translated, French numbers) from
     data-invalid-message; the field is marked aria-invalid and described by the message. */
  function showFieldError(input, message) {
    var id = input.id + "-error";
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("p");
      box.id = id;
      box.className = "field-error";
      box.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", box);
    }
    box.textContent = message;
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(id) < 0) { described.push(id); input.setAttribute("aria-describedby", described.join(" ")); }
  }

  function clearFieldError(input) {
    var box = document.getElementById(input.id + "-error");
    if (box && box.getAttribute("role") === "alert") { box.remove(); }
    input.removeAttribute("aria-invalid");
  }

  function setupLiveValidation(form) {
    form.addEventListener("input", function (event) {
      var input = event.target;
      if (input.id && input.checkValidity && input.checkValidity()) { clearFieldError(input); }
    });
  }

  /* Long downloads (the PDF takes a few seconds): say so while the file is prepared. */
  function filenameOf(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : fallback;
  }

  function setupBusyDownload(link) {
    var status = document.getElementById(link.getAttribute("data-busy"));
    link.addEventListener("click", function (event) {
      if (!window.fetch || !status) { return; }
      event.preventDefault();
      var text = status.querySelector("[data-busy-text]");
      status.hidden = false;
      text.textContent = status.getAttribute("data-working");
      link.setAttribute("aria-disabled", "true");
      fetch(link.getAttribute("href"), {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        var name = filenameOf(response, "chandelle");
        return response.blob().then(function (blob) { return [blob, name]; });
      }).then(function (pair) {
        var url = URL.createObjectURL(pair[0]);
        var save = document.createElement("a");
        save.href = url;
        save.download = pair[1];
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
        text.textContent = status.getAttribute("data-done");
        status.querySelector(".spinner").hidden = true;
      }).catch(function () {
        text.textContent = status.getAttribute("data-failed");
        status.querySelector(".spinner").hidden = true;
      }).then(function () { link.removeAttribute("aria-disabled"); });
    });
  }

  document.addEventListener("htmx:validation:failed", function (event) {
    var input = event.target;
    showFieldError(input, input.getAttribute("data-invalid-message") || (event.detail && event.detail.message) || "");
  });
  document.addEventListener("htmx:validation:halted", function (event) {
    var first = event.target.querySelector("[aria-invalid=true]");
    if (first) { first.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-upload]"), setupUpload);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-live-validation]"), setupLiveValidation);
    Array.prototype.forEach.call(document.querySelectorAll("a[data-busy]"), setupBusyDownload);
    var invalid = document.querySelector("main [aria-invalid=true]");   /* after a refused submit */
    if (invalid) { invalid.focus(); }
  });
})();
