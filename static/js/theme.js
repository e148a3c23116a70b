// Applies the reader's chosen theme before the page paints. Without a choice, the OS setting rules.
(function () {
  try {
    var theme = localStorage.getItem("sipref-theme");
    if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  } catch (error) { /* storage blocked: follow the OS setting */ }
})();
