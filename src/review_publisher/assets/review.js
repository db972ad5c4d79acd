/* Review generator: what JavaScript adds to pages that are complete without it. Filters for the sources index,
   the findings index and the map's panel (their state kept in the address); sortable columns; the evidence map's
   panel; citation cards that a tap opens on a touch screen and Escape closes; keyboard access to wide tables.
   No network, no dependencies. */
(function () {
  "use strict";

  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  /* -- Filters ---------------------------------------------------------------------------------------------- */

  function inAddress(group) {
    // The map's panel filters the cell it shows; the address already names that cell.
    return !group.closest(".review-map__panel");
  }

  function readAddress(group) {
    if (!inAddress(group)) return;
    var params = new URLSearchParams(location.search);
    each(group.querySelectorAll("select"), function (field) {
      var wanted = params.get(field.name);
      if (wanted && field.querySelector("option[value='" + CSS.escape(wanted) + "']")) field.value = wanted;
    });
  }

  function writeAddress(group) {
    if (!inAddress(group)) return;
    var params = new URLSearchParams(location.search);
    each(group.querySelectorAll("select"), function (field) {
      if (field.value) params.set(field.name, field.value); else params.delete(field.name);
    });
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function chosen(group) {
    var picked = [];
    each(group.querySelectorAll("select"), function (field) {
      if (field.value) {
        picked.push({name: field.name, value: field.value,
                     label: field.labels[0].firstChild.textContent.trim().toLowerCase(),
                     text: field.options[field.selectedIndex].text.replace(/ \(\d+\)$/, "")});
      }
    });
    return picked;
  }

  function applyFilter(group) {
    var rows = document.querySelectorAll(group.getAttribute("data-filter-rows"));
    var picked = chosen(group);
    var shown = 0;
    each(rows, function (row) {
      var visible = picked.every(function (choice) {
        return (row.getAttribute("data-" + choice.name) || "").split(" ").indexOf(choice.value) !== -1;
      });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    var noun = group.getAttribute("data-filter-noun") || "row";
    var what = picked.map(function (c) { return c.label + " " + c.text; }).join(", ");
    var status = picked.length
      ? "Showing " + shown + " of " + rows.length + " " + noun + "s (" + what + ")."
      : "Showing all " + rows.length + " " + noun + "s.";
    group.querySelector("output").textContent = status;
    // A table's caption says how many of its rows are shown.
    each(document.querySelectorAll(".review-table caption[data-total]"), function (caption) {
      if (!caption.hasAttribute("data-all")) caption.setAttribute("data-all", caption.textContent);
      caption.textContent = picked.length
        ? "Sources shown: " + shown + " of " + rows.length + ", filtered by " + what
        : caption.getAttribute("data-all");
    });
    // An area of the findings index with nothing left to show says so instead of an empty table.
    each(document.querySelectorAll(".review-findings"), function (table) {
      var left = table.querySelectorAll("tbody tr:not([hidden])").length;
      table.closest(".review-table-wrap").setAttribute("data-empty", left ? "no" : "yes");
    });
  }

  function setUpFilter(group) {
    group.hidden = false;
    readAddress(group);
    group.addEventListener("change", function () { writeAddress(group); applyFilter(group); });
    group.addEventListener("review:rows", function () { applyFilter(group); });
    applyFilter(group);
  }

  /* -- Sortable columns ------------------------------------------------------------------------------------- */

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

  /* -- Evidence map: a cell opens a panel with its findings ---------------------------------------------- */

  function setUpMap(map) {
    var panel = document.getElementById("review-map-panel");
    if (!panel) return;
    var filters = panel.querySelector(".review-filter");
    var heading = document.createElement("h2");
    heading.id = "review-map-panel-title";
    var summary = document.createElement("p");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "review-map__close md-button";
    close.textContent = "Close";
    var list = document.createElement("ul");
    panel.insertBefore(close, panel.firstChild);
    panel.insertBefore(summary, close);
    panel.insertBefore(heading, summary);
    panel.appendChild(list);
    panel.removeAttribute("aria-label");
    panel.setAttribute("aria-labelledby", heading.id);
    var opened = null;

    function open(link, moveFocus) {
      var area = link.getAttribute("data-area"), level = link.getAttribute("data-level");
      var row = link.closest("tr").querySelector("th").textContent.trim();
      var column = link.closest("td").getAttribute("data-label");
      heading.textContent = row + " › " + column;
      summary.textContent = link.getAttribute("data-summary");
      list.textContent = "";
      each(document.querySelectorAll("#area-" + CSS.escape(area) + " li[data-finding]"), function (item) {
        if ((item.getAttribute("data-level") || "").split(" ").indexOf(level) !== -1) {
          list.appendChild(item.cloneNode(true));
        }
      });
      each(map.querySelectorAll("a.review-map__open"), function (other) {
        other.setAttribute("aria-expanded", String(other === link));
        other.closest("td").classList.toggle("review-map__cell--open", other === link);
      });
      panel.hidden = false;
      if (filters) filters.dispatchEvent(new CustomEvent("review:rows"));
      history.replaceState(history.state, "", location.pathname + location.search + "#" + link.getAttribute("data-cell"));
      opened = link;
      if (moveFocus) panel.focus();
    }

    each(map.querySelectorAll("a.review-map__open"), function (link) {
      link.setAttribute("aria-expanded", "false");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        open(link, true);
      });
    });
    close.addEventListener("click", function () {
      panel.hidden = true;
      each(map.querySelectorAll("a.review-map__open"), function (link) {
        link.setAttribute("aria-expanded", "false");
        link.closest("td").classList.remove("review-map__cell--open");
      });
      history.replaceState(history.state, "", location.pathname + location.search);
      if (opened) opened.focus();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close.click();
    });
    function openFromAddress() {  /* a shared address such as #cell-participants-individual opens that cell */
      var wanted = location.hash.slice(1);
      var link = wanted && map.querySelector("a.review-map__open[data-cell='" + CSS.escape(wanted) + "']");
      if (link) open(link, false);
    }
    window.addEventListener("hashchange", openFromAddress);
    openFromAddress();
  }

  /* -- Citation cards on touch screens and for the Escape key (WCAG 1.4.13) ------------------------------ */

  // A page holds one card per source, carried by its first citation; a later citation points to it (its
  // aria-describedby) and gets a copy the first time it is pointed at, focused or tapped.
  function withCard(item) {
    if (!item || item.querySelector(".review-card")) return;
    var link = item.querySelector("a.review-cite__link[aria-describedby]");
    var card = link && document.getElementById(link.getAttribute("aria-describedby"));
    if (!card) return;
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.setAttribute("aria-hidden", "true");  // the link's description is the card it points to
    item.appendChild(copy);
  }

  function setUpCards() {
    var lastPointer = "mouse";
    document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);
    ["pointerover", "focusin", "touchstart"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        withCard(event.target.closest && event.target.closest(".review-cite__item"));
      }, { passive: true, capture: true });
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.review-cite__link");
      if (link) withCard(link.parentNode);
      var openItems = document.querySelectorAll(".review-cite__item--open");
      each(openItems, function (item) {
        if (!link || item !== link.parentNode) item.classList.remove("review-cite__item--open");
      });
      // A tap shows the card first; a second tap on the same citation (or the card's own link) goes on.
      if (link && lastPointer === "touch" && !link.parentNode.classList.contains("review-cite__item--open")) {
        event.preventDefault();
        link.parentNode.classList.add("review-cite__item--open");
        link.parentNode.classList.remove("review-cite__item--dismissed");
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      each(document.querySelectorAll(".review-cite__item"), function (item) {
        if (item.matches(":hover, :focus-within, .review-cite__item--open")) {
          item.classList.remove("review-cite__item--open");
          item.classList.add("review-cite__item--dismissed");
        }
      });
    });
    // A dismissed card shows again the next time its citation is pointed at or focused.
    ["mouseout", "focusout"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        var item = event.target.closest && event.target.closest(".review-cite__item--dismissed");
        if (item && !item.contains(event.relatedTarget)) item.classList.remove("review-cite__item--dismissed");
      });
    });
  }

  /* -- Wide tables: a region that scrolls can be scrolled with the keyboard ------------------------------ */

  function setUpScrolling() {
    var used = {};  // each region needs a name of its own (WCAG landmark-unique): "Table: Results", "... (2)"
    each(document.querySelectorAll(".md-typeset__scrollwrap, .review-table-wrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        var heading = headingBefore(wrap);
        var label = caption ? caption.textContent.trim() : (heading ? "Table: " + heading : "Table");
        used[label] = (used[label] || 0) + 1;
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", used[label] > 1 ? label + " (" + used[label] + ")" : label);
      }
    });
  }

  function headingBefore(node) {
    for (var element = node; element && element !== document.body; element = element.parentElement) {
      for (var before = element.previousElementSibling; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) {
          return before.textContent.replace(/\u00b6\s*$/, "").trim();  // without the theme's permalink mark
        }
      }
    }
    return "";
  }

  function start() {
    document.querySelectorAll("[data-filter-rows]").forEach(setUpFilter);
    document.querySelectorAll("table[data-sortable]").forEach(setUpSorting);
    document.querySelectorAll("table[data-review-map]").forEach(setUpMap);
    setUpScrolling();
  }

  setUpCards();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);  /* Material's instant navigation reloads content without a page load */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
