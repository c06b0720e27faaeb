/*
 * Browse page: filter and sort the table of papers in the browser.
 *
 * The rows are rendered at build time; each carries its facet values as JSON lists in
 * data-tag, data-stance, data-evidence, data-claim and data-year. The filter lives in the
 * URL query string (?tag=…&stance=…&from=…&to=…&q=…&sort=…), so a filtered view can be
 * shared, opening its URL restores it, and back/forward step through filter changes.
 * No data is ever written as HTML: only textContent, attributes and the hidden property.
 */
(function () {
  "use strict";

  var MENUS = ["tag", "stance", "evidence", "claim"];
  var SORTS = ["year-desc", "year-asc", "title-asc", "title-desc"];
  var DEFAULT_SORT = "year-desc";
  var TYPING_DELAY = 150;

  function parseList(el, name) {
    try {
      var value = JSON.parse(el.getAttribute("data-" + name) || "[]");
      return Array.isArray(value) ? value.map(String) : [];
    } catch (e) {
      return [];
    }
  }

  function readState(search) {
    var params = new URLSearchParams(search);
    var state = { q: params.get("q") || "", from: params.get("from") || "", to: params.get("to") || "" };
    MENUS.forEach(function (facet) { state[facet] = params.get(facet) || ""; });
    var sort = params.get("sort") || DEFAULT_SORT;
    state.sort = SORTS.indexOf(sort) >= 0 ? sort : DEFAULT_SORT;
    return state;
  }

  function queryString(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    MENUS.forEach(function (facet) { if (state[facet]) params.set(facet, state[facet]); });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
    var qs = params.toString();
    return qs ? "?" + qs : "";
  }

  function init() {
    var root = document.getElementById("met-browse");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "true");

    var form = document.getElementById("met-browse-filters");
    var table = document.getElementById("met-browse-table");
    var tbody = table.tBodies[0];
    var count = document.getElementById("met-browse-count");
    var none = document.getElementById("met-browse-none");
    var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

    // Rows laid out at once, the rest behind "Show more": the generator writes this many rows
    // visible and the others hidden (generators/browse.py), so the page opens quickly.
    var PAGE_SIZE = parseInt(table.getAttribute("data-page-rows"), 10) || 250;

    var rows = Array.prototype.map.call(tbody.rows, function (tr, index) {
      var row = { el: tr, index: index, text: tr.textContent.toLowerCase() };
      MENUS.forEach(function (facet) { row[facet] = parseList(tr, facet); });
      var year = parseInt(parseList(tr, "year")[0], 10);
      row.year = isNaN(year) ? null : year;
      // The title cell's link (a selector query per row took 1.2 s at 10,000 rows).
      var cell = tr.cells[1];
      var link = cell && cell.firstElementChild;
      row.title = link && link.tagName === "A" ? link.textContent.trim() : "";
      return row;
    });
    var total = rows.length;
    var currentSort = DEFAULT_SORT;   // the order the rows are rendered in
    var ordered = rows.slice();       // rows in that order
    var limit = PAGE_SIZE;
    var more = document.getElementById("met-browse-more");
    var typing = false;

    function control(name) { return form.elements.namedItem(name); }

    function setSelect(select, value) {
      if (value && !Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        var option = document.createElement("option");   // a value from a shared URL with no paper (yet)
        option.value = value;
        option.textContent = value + " (0)";
        select.appendChild(option);
      }
      select.value = value;
    }

    function stateFromControls() {
      var state = { q: control("q").value.trim(), from: control("from").value.trim(),
                    to: control("to").value.trim(), sort: currentSort };
      MENUS.forEach(function (facet) { state[facet] = control(facet) ? control(facet).value : ""; });
      return state;
    }

    function showState(state) {
      control("q").value = state.q;
      control("from").value = state.from;
      control("to").value = state.to;
      MENUS.forEach(function (facet) { if (control(facet)) setSelect(control(facet), state[facet]); });
    }

    function matches(row, state, words, from, to) {
      for (var i = 0; i < MENUS.length; i++) {
        var wanted = state[MENUS[i]];
        if (wanted && row[MENUS[i]].indexOf(wanted) < 0) return false;
      }
      if (from !== null || to !== null) {
        if (row.year === null) return false;
        if (from !== null && row.year < from) return false;
        if (to !== null && row.year > to) return false;
      }
      for (var j = 0; j < words.length; j++) {
        if (row.text.indexOf(words[j]) < 0) return false;
      }
      return true;
    }

    function compare(sort) {
      var field = sort.split("-")[0];
      var sign = sort.split("-")[1] === "asc" ? 1 : -1;
      return function (a, b) {
        var d = 0;
        if (field === "year") {
          d = ((a.year || 0) - (b.year || 0)) * sign;
          if (d === 0) d = collator.compare(a.title, b.title);
        } else {
          d = collator.compare(a.title, b.title) * sign;
        }
        return d || a.index - b.index;
      };
    }

    function sortRows(sort) {
      if (sort === currentSort) return;
      ordered = rows.slice().sort(compare(sort));
      var fragment = document.createDocumentFragment();
      ordered.forEach(function (row) { fragment.appendChild(row.el); });
      tbody.appendChild(fragment);
      currentSort = sort;
    }

    function showSort(sort) {
      var parts = sort.split("-");
      Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (th) {
        var button = th.querySelector("button[data-sort]");
        if (!button) return;
        var active = button.getAttribute("data-sort") === parts[0];
        th.setAttribute("aria-sort", active ? (parts[1] === "asc" ? "ascending" : "descending") : "none");
      });
    }

    function toYear(value) {
      var year = parseInt(value, 10);
      return isNaN(year) ? null : year;
    }

    function apply(state) {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      var from = toYear(state.from);
      var to = toYear(state.to);
      var shown = 0;
      sortRows(state.sort);
      ordered.forEach(function (row) {
        var visible = matches(row, state, words, from, to);
        if (visible) shown += 1;
        visible = visible && shown <= limit;
        if (row.el.hidden === visible) row.el.hidden = !visible;
      });
      showSort(state.sort);
      var text = shown === total ? total + " papers." : "Showing " + shown + " of " + total + " papers.";
      if (shown > limit) text += " The first " + limit + " are listed.";
      count.textContent = text;
      none.hidden = shown !== 0;
      more.hidden = shown <= limit;
      more.textContent = "Show " + Math.min(PAGE_SIZE, shown - limit) + " more";
    }

    function commit(replace) {
      limit = PAGE_SIZE;
      var state = stateFromControls();
      apply(state);
      var url = window.location.pathname + queryString(state) + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        if (replace) window.history.replaceState(null, "", url);
        else window.history.pushState(null, "", url);
      }
    }

    var timer = null;
    form.addEventListener("input", function (event) {
      if (event.target.name !== "q") return;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        commit(typing);       // one history entry per burst of typing
        typing = true;
      }, TYPING_DELAY);
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === "q") return;
      typing = false;
      commit(false);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      typing = false;
      var cleared = readState("");
      cleared.sort = currentSort;
      showState(cleared);
      commit(false);
    });
    table.tHead.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-sort]");
      if (!button) return;
      var field = button.getAttribute("data-sort");
      var next = field === "year" ? (currentSort === "year-desc" ? "year-asc" : "year-desc")
                                  : (currentSort === "title-asc" ? "title-desc" : "title-asc");
      typing = false;
      var state = stateFromControls();
      state.sort = next;
      apply(state);
      window.history.pushState(null, "", window.location.pathname + queryString(state) + window.location.hash);
    });
    more.addEventListener("click", function () {
      limit += PAGE_SIZE;
      apply(stateFromControls());
    });
    window.addEventListener("popstate", function () {
      limit = PAGE_SIZE;
      var state = readState(window.location.search);
      showState(state);
      apply(state);
    });

    form.hidden = false;
    var initial = readState(window.location.search);
    showState(initial);
    apply(initial);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);     // Material's instant navigation, if it is ever turned on
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
