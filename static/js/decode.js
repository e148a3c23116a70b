// The decoder's form: drop a capture file on it, and watch a large upload's progress.
// Without this script the form posts as it is and the page works the same.
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("[data-decode-form]");
    if (!form || !window.FormData || !window.DOMParser) return;
    var zone = form.querySelector("[data-drop-zone]");
    var input = form.querySelector("input[type=file]");
    var progress = form.querySelector("[data-progress]");
    var bar = progress.querySelector("progress");
    var label = progress.querySelector("p");

    function show(text, percent) {
      progress.hidden = false;
      label.textContent = text;
      if (percent === null) bar.removeAttribute("value");
      else bar.value = percent;
    }

    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      show("Ready to decode " + input.files[0].name + ".", 0);
    });

    form.addEventListener("submit", function (event) {
      if (!input.files.length) return;  // a paste is small: the ordinary post is quick enough
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.addEventListener("progress", function (step) {
        if (step.lengthComputable) {
          var percent = Math.round(step.loaded / step.total * 100);
          show("Uploading " + input.files[0].name + ": " + percent + "%", percent);
        }
      });
      request.upload.addEventListener("load", function () { show("Decoding the capture…", null); });
      request.addEventListener("load", function () { showPage(request.responseText); });
      request.addEventListener("error", function () {
        show("The upload did not get through. Check the connection and try again.", 0);
      });
      show("Uploading " + input.files[0].name + "…", 0);
      request.send(new FormData(form));
    });
  }

  function showPage(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var main = page.querySelector("main");
    if (!main) return;
    document.querySelector("main").replaceWith(main);
    var first = document.querySelector("#results-heading, .decode-form [role=alert]");
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus();
    }
    setUp();
  }

  setUp();
})();
