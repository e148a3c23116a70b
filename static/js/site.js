// Small enhancements; every page works without them.
(function () {
  "use strict";
  var THEMES = ["auto", "light", "dark"];

  function currentTheme() {
    return document.documentElement.dataset.theme || "auto";
  }

  function setTheme(theme) {
    if (theme === "auto") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    try {
      if (theme === "auto") localStorage.removeItem("sipref-theme");
      else localStorage.setItem("sipref-theme", theme);
    } catch (error) { /* storage blocked: the choice lasts for this page only */ }
  }

  function setUpThemeToggle() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    var label = function () { button.textContent = "Theme: " + currentTheme(); };
    label();
    button.hidden = false;
    button.addEventListener("click", function () {
      setTheme(THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length]);
      label();
    });
  }

  function isTyping(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function setUpKeyboard() {
    // The page's own box if the header's is hidden (the home page on a phone), else the header's.
    var boxes = Array.prototype.filter.call(document.querySelectorAll("[data-search-shortcut]"), function (box) {
      return box.offsetParent !== null;
    });
    var search = boxes[0];
    if (!search) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        search.focus();
        search.select();
      } else if (event.key === "Escape" && document.activeElement === search) {
        event.preventDefault();  // leave the box without the browser clearing what was typed
        search.blur();
      }
    });
  }

  function copy(text, button) {
    if (!navigator.clipboard) return;
    navigator.clipboard.writeText(text).then(function () {
      var before = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = before; }, 1500);
    });
  }

  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        copy(new URL(button.dataset.copy, location.href).href, button);
      });
    });
  }

  function setUpAnchors() {
    document.querySelectorAll("[data-copy-anchor]").forEach(function (link) {
      link.addEventListener("click", function () {
        if (navigator.clipboard) navigator.clipboard.writeText(link.href);
      });
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function setUpTableOfContents() {
    var toc = document.querySelector("[data-toc]");
    if (!toc || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 64rem)");
    var follow = function () { toc.open = wide.matches; };
    follow();
    wide.addEventListener("change", follow);
  }

  // Signed-in editors (the admin sets this cookie for staff) see links to the admin instead of the
  // readers' ones; the page itself is the same for everyone, so it can be cached for everyone.
  function setUpEditorLinks() {
    if (!/(?:^|;\s*)sipref_editor=1(?:;|$)/.test(document.cookie)) return;
    document.querySelectorAll("[data-editor-only]").forEach(function (link) { link.hidden = false; });
    document.querySelectorAll("[data-reader-only]").forEach(function (link) { link.hidden = true; });
  }

  setUpThemeToggle();
  setUpTableOfContents();
  setUpEditorLinks();
  setUpKeyboard();
  setUpCopyButtons();
  setUpAnchors();
  setUpPrint();
})();
