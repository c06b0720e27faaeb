/* The search page: words plus facet menus, answered by Pagefind's JS API.
 *
 * The menus are written into the page when the site is built (generators/templates/
 * snippet_search.md.j2), so nothing is fetched until the page loads Pagefind, and a query
 * fetches only the index chunks for its words, the one filter file it uses and the fragments
 * of the results it shows (10 at a time). Pagefind's ready-made UI would fetch every filter
 * file first. The query lives in the address (search/?q=words&tag=...), so a search can be
 * bookmarked or shared, and the home page's box lands here with ?q=.
 */
(function () {
  "use strict";

  var form = document.getElementById("met-search");
  if (!form) return;
  var status = document.getElementById("met-search-status");
  var list = document.getElementById("met-search-results");
  var more = document.getElementById("met-search-more");
  var FACETS = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.name; });
  var PAGE = 10;
  var DEBOUNCE_MS = 200;

  var pagefind = null;
  function engine() {
    if (!pagefind) {
      var bundle = new URL(form.dataset.bundle, window.location.href).href;
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        // No worker: one file less to fetch, and a query at this size takes milliseconds.
        return pf.options({ noWorker: true, excerptLength: 24 }).then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function state() {
    var s = { q: form.elements.q.value.trim() };
    FACETS.forEach(function (f) { s[f] = form.elements[f].value; });
    return s;
  }

  function writeAddress(s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    FACETS.forEach(function (f) { if (s[f]) params.set(f, s[f]); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    form.elements.q.value = params.get("q") || "";
    FACETS.forEach(function (f) {
      var value = params.get(f) || "";
      var select = form.elements[f];
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    });
  }

  var WORD = /([\p{L}\p{N}][\p{L}\p{N}'\u2019-]*)/u;

  /* Text of an HTML fragment, read in an inert document (nothing runs, nothing loads). */
  function inert(html) {
    return new DOMParser().parseFromString("<body>" + html, "text/html").body;
  }

  /* The words Pagefind marked in its excerpt (`<mark>probes.</mark>` gives "probes"). */
  function markedWords(html) {
    var words = {};
    inert(html).querySelectorAll("mark").forEach(function (m) {
      m.textContent.split(WORD).forEach(function (part, i) { if (i % 2 === 1) words[part.toLowerCase()] = true; });
    });
    return words;
  }

  /* The line under a result. Words found are marked: those Pagefind marked in its excerpt, and
     those that begin with a typed term ("monitor" marks "monitoring", as Pagefind's stemming and
     prefix search find it). The line is
     - the summary's first sentence (meta `line`), if a word found is in it;
     - otherwise the words around the first one found later in the summary, between "…";
     - otherwise (the match is in the title, the authors, a tag, a claim or the venue) the first
       sentence, after the labels of the tags and claims that matched.
     Pagefind's own excerpt is not shown: it starts and ends mid-phrase, often inside the title or
     the author list. Text nodes and <mark> only. */
  var AROUND = 12;          // words shown before the first word found later in the summary
  var AFTER = 24;           // and after it

  function matcher(data, terms) {
    var words = markedWords(data.excerpt || "");
    return function (word) {
      var w = word.toLowerCase();
      return words[w] || terms.some(function (t) { return w.indexOf(t) === 0; });
    };
  }

  function hasFound(text, found) {
    return text.split(WORD).some(function (part, i) { return i % 2 === 1 && found(part); });
  }

  function marked(element, text, found) {
    text.split(WORD).forEach(function (part, i) {
      if (i % 2 === 1 && found(part)) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        element.appendChild(mark);
      } else if (part) {
        element.appendChild(document.createTextNode(part));
      }
    });
    return element;
  }

  /* "… words around the first word found …" in `text`, or "" if none is found there. */
  function around(text, found) {
    var parts = text.split(WORD);                 // even: between words, odd: words
    var hit = -1;
    for (var i = 1; i < parts.length; i += 2) { if (found(parts[i])) { hit = i; break; } }
    if (hit < 0) return "";
    var from = Math.max(1, hit - 2 * AROUND), to = Math.min(parts.length - 1, hit + 2 * AFTER);
    var out = parts.slice(from, to + 1).join("");
    if (to < parts.length - 2) out += " …";
    else out += parts.slice(to + 1).join("");
    return "… " + out;
  }

  function summaryLine(data, terms) {
    var found = matcher(data, terms);
    var out = document.createElement("p");
    out.className = "met-search__excerpt";
    var line = (data.meta && data.meta.line) || "";
    if (line && hasFound(line, found)) return marked(out, line, found);
    var content = data.content || "";       // the record ends with the summary (search_record.html.j2)
    var start = line ? content.indexOf(line) : -1;
    var later = start >= 0 ? around(content.slice(start + line.length), found) : "";
    if (later) return marked(out, later, found);
    var filters = data.filters || {};
    [["tag", "met-search__tag"], ["claim", "met-search__claim"]].forEach(function (facet) {
      (filters[facet[0]] || []).filter(function (label) { return hasFound(label, found); }).forEach(function (label) {
        marked(out.appendChild(document.createElement("span")), label, found).className = facet[1];
        out.appendChild(document.createTextNode(" "));
      });
    });
    return marked(out, line, found);
  }

  function item(data, terms) {
    var li = document.createElement("li");
    li.className = "met-search__result";
    var link = document.createElement("a");
    link.className = "met-search__title";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(link);
    var meta = [data.meta && data.meta.authors, data.meta && data.meta.year].filter(Boolean).join(", ");
    if (meta) {
      var span = document.createElement("span");
      span.className = "met-item__meta";
      li.appendChild(marked(span, " " + meta, matcher(data, terms)));
    }
    li.appendChild(summaryLine(data, terms));
    return li;
  }

  function browseLink(s) {
    var params = new URLSearchParams();
    ["tag", "stance", "evidence", "claim"].forEach(function (f) { if (s[f]) params.set(f, s[f]); });
    if (s.year) { params.set("from", s.year); params.set("to", s.year); }
    var a = document.createElement("a");
    a.href = form.dataset.browse + (params.toString() ? "?" + params.toString() : "");
    a.textContent = "list them on Browse";
    return a;
  }

  var current = 0;          // the latest query; answers to older ones are dropped
  var shown = [];
  var results = [];
  var terms = [];           // the typed words of the latest query, lower case, 3 letters or more

  function showMore(ticket) {
    var next = results.slice(shown.length, shown.length + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (ticket !== current) return;
      data.forEach(function (d) { list.appendChild(item(d, terms)); shown.push(d); });
      more.hidden = shown.length >= results.length;
    });
  }

  function run() {
    var s = state();
    var ticket = ++current;
    terms = (s.q || "").toLowerCase().split(WORD).filter(function (part, i) { return i % 2 === 1 && part.length >= 3; });
    writeAddress(s);
    list.textContent = "";
    shown = [];
    results = [];
    more.hidden = true;
    var filters = {};
    FACETS.forEach(function (f) { if (s[f]) filters[f] = s[f]; });
    if (!s.q) {
      status.textContent = "";
      if (Object.keys(filters).length) {
        // A filter without words would fetch the whole word index; Browse lists these papers at once.
        status.append("Type a word to search within this filter, or ", browseLink(s), ".");
      }
      return Promise.resolve();
    }
    status.textContent = "Searching…";
    return engine().then(function (pf) {
      return pf.search(s.q, { filters: filters });
    }).then(function (search) {
      if (ticket !== current) return;
      results = search.results;
      var n = results.length;
      status.textContent = n === 0 ? "No paper matches." : n === 1 ? "1 paper matches." : n + " papers match.";
      return showMore(ticket);
    }).catch(function (error) {
      if (ticket !== current) return;
      status.textContent = "Search is unavailable: the index could not be loaded (" + error.message + ").";
    });
  }

  var timer = null;
  form.elements.q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") run();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener("reset", function () { setTimeout(run, 0); });
  more.addEventListener("click", function () { showMore(current); });

  readAddress();
  engine();                 // start loading Pagefind (wasm, metadata) while the reader types
  if (form.elements.q.value || FACETS.some(function (f) { return form.elements[f].value; })) run();
})();
