// Beside each Markdown field of the admin, the text as readers will see it, updated as the editor types.
// The server renders it through the site's own Markdown and nh3 cleaning (codes/preview.py), so what shows
// here is exactly what the page will hold, with no script left in it.
(function () {
  "use strict";
  var DELAY = 300;  // ms after the last keystroke
  var FIELD = "[data-markdown-preview]";

  function panelFor(field) {
    var panel = field.parentElement.querySelector(".markdown-preview");
    if (panel) return panel;
    panel = document.createElement("div");
    panel.className = "markdown-preview";
    var label = document.createElement("p");
    label.className = "markdown-preview__label";
    label.textContent = "As readers will see it";
    var body = document.createElement("div");
    body.className = "markdown-preview__body";
    panel.append(label, body);
    field.insertAdjacentElement("afterend", panel);
    field.parentElement.classList.add("has-markdown-preview");
    return panel;
  }

  function token(field) {
    var input = field.form && field.form.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function refresh(field) {
    var body = panelFor(field).querySelector(".markdown-preview__body");
    var sent = (field.markdownRequests = (field.markdownRequests || 0) + 1);
    var data = new FormData();
    data.append("text", field.value);
    data.append("mode", field.dataset.markdownMode || "block");
    fetch(field.dataset.markdownPreview, {
      method: "POST", body: data, credentials: "same-origin", headers: {"X-CSRFToken": token(field)}
    }).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    }).then(function (html) {
      // Only the answer to the latest text counts; the HTML was cleaned on the server.
      if (sent === field.markdownRequests) body.innerHTML = html;
    }).catch(function () {
      if (sent === field.markdownRequests) body.textContent = "No preview just now; the text is kept as typed.";
    });
  }

  // Delegated, so rows added with "Add another" get previews too. A field's preview starts when it is first
  // focused, so a long form does not ask for dozens of previews on opening.
  document.addEventListener("focusin", function (event) {
    var field = event.target.closest && event.target.closest(FIELD);
    if (field && !field.parentElement.querySelector(".markdown-preview")) refresh(field);
  });
  document.addEventListener("input", function (event) {
    var field = event.target.closest && event.target.closest(FIELD);
    if (!field) return;
    clearTimeout(field.markdownTimer);
    field.markdownTimer = setTimeout(function () { refresh(field); }, DELAY);
  });
})();
