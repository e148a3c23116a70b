// /codes/ filters the rows already on the page as the reader types: no request per keystroke. It applies the
// rules of codes/filters.py to what each row carries (data-filter: its class, status, senders, methods, topics,
// sources; data-aliases), keeps the address bar on the filters set so the view can be shared or reloaded, and
// follows Back and Forward. Without this script the form is an ordinary GET form and the server filters.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-filter]");
  var table = document.querySelector("[data-every-code]");
  if (!form || !table || !window.URLSearchParams) return;
  var rows = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
    var link = row.cells[0].querySelector("a");
    return {
      element: row,
      code: link.querySelector(".code-number").textContent,
      // The reason phrase follows the number in the link; the summary is the last cell.
      texts: [link.lastChild.nodeValue, row.cells[row.cells.length - 1].textContent]
        .concat(row.dataset.aliases ? row.dataset.aliases.split("|") : []).map(function (text) {
          return text.trim().toLowerCase();
        }),
      facets: row.dataset.filter.split(" ")
    };
  });
  var count = document.getElementById("result-count");
  var setCount = document.getElementById("filter-count");
  var noMatch = document.querySelector("[data-no-match]");
  var typing;

  function chosen() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value.trim()) params.append(name, value);
    });
    return params;
  }

  function matchesText(row, typed) {
    var text = typed.trim().toLowerCase();
    if (!text) return true;
    if (/^[0-9]{1,3}$/.test(text) && row.code.indexOf(text) === 0) return true;  // "48" is 480-489
    return row.texts.some(function (field) { return field.indexOf(text) !== -1; });
  }

  function matches(row, params) {
    var fits = true;
    params.forEach(function (value, name) {
      if (name === "q") fits = fits && matchesText(row, value);
      else fits = fits && row.facets.indexOf(name + "=" + value) !== -1;
    });
    return fits;
  }

  function show(params) {
    var shown = 0;
    rows.forEach(function (row) {
      row.element.hidden = !matches(row, params);
      if (!row.element.hidden) shown += 1;
    });
    var set = Array.from(params.keys()).length;
    // The words of includes/result_count.html.
    count.textContent = shown + " code" + (shown === 1 ? "" : "s") +
      (set ? (shown === 1 ? " matches" : " match") + " these filters" : "");
    setCount.textContent = set;
    table.hidden = shown === 0;
    noMatch.hidden = shown > 0;
    noMatch.querySelector("[data-search-link]").search = "?q=" + encodeURIComponent(params.get("q") || "");
    var error = document.querySelector("[data-filter-error]");
    if (error) error.remove();
  }

  function address(params) {
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function update() {
    var params = chosen();
    show(params);
    // One history entry per change the reader made, none for a repeat (a search box fires "change" on blur).
    if (address(params) !== location.pathname + location.search) history.pushState(null, "", address(params));
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) return;
      if (field.type === "checkbox") field.checked = params.get(field.name) === field.value;
      else field.value = params.get(field.name) || "";
    });
    // An address the controls cannot show (a choice that no longer exists) is the server's to answer.
    if (address(chosen()) !== location.pathname + location.search) location.reload();
    else show(chosen());
  }

  form.addEventListener("input", function (event) {
    clearTimeout(typing);
    if (event.target.type === "search") typing = setTimeout(update, 250);
    else update();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    update();
  });
  window.addEventListener("popstate", restore);
})();
