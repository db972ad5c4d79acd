/* Review generator: filters and sorting for the sources index. The table is complete without this script;
   the script only shows the filter form and lets readers sort columns. No network, no dependencies. */
(function () {
  "use strict";

  function setUpFilter(form) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var status = form.querySelector("output");
    form.hidden = false;

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = Array.prototype.every.call(form.querySelectorAll("select"), function (field) {
          if (field.tagName !== "SELECT" || !field.value) return true;
          var values = (row.getAttribute("data-" + field.name) || "").split(" ");
          return values.indexOf(field.value) !== -1;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " sources";
    }

    form.addEventListener("change", apply);
    apply();
  }

  function sortValue(row, index) {
    var cell = row.cells[index];
    return (cell.getAttribute("data-sort") || cell.textContent).trim().toLowerCase();
  }

  function setUpSorting(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "review-sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortValue(a, index), y = sortValue(b, index);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function start() {
    document.querySelectorAll("[data-filter-table]").forEach(setUpFilter);
    document.querySelectorAll("table[data-sortable]").forEach(setUpSorting);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);  /* Material's instant navigation reloads content without a page load */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
