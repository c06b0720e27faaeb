/* A search box in the header of every page, as readers expect one there.
 *
 * Material puts its own box in the header only with its search plugin, which this site leaves
 * off (docs/search.md says why). This box is a plain form that opens the search page with the
 * words (search/?q=...), where Pagefind answers. Without JavaScript the "Search" tab remains.
 *
 * The keys Material's search answers to, "/", "s" and "f", put the cursor in the first search
 * box shown: this one, or on a phone (where it is hidden) or the search page the page's own.
 */
(function () {
  "use strict";

  var KEYS = ["/", "s", "f"];
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (KEYS.indexOf(event.key) === -1) return;
    var here = document.activeElement;
    if (here && (here.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(here.tagName))) return;
    var boxes = document.querySelectorAll('form[role="search"] input[name="q"]');
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].getClientRects().length) {     // shown
        event.preventDefault();
        boxes[i].focus();
        boxes[i].select();
        return;
      }
    }
  });

  var header = document.querySelector(".md-header__inner");
  if (!header || typeof __md_scope === "undefined") return;
  var target = new URL("search/", __md_scope);
  if (window.location.pathname === target.pathname) return;   // the search page has its own form

  var form = document.createElement("form");
  form.className = "met-header-search";
  form.setAttribute("role", "search");
  form.action = target.href;
  form.method = "get";
  var input = document.createElement("input");
  input.type = "search";
  input.name = "q";
  input.placeholder = "Search papers";
  input.setAttribute("aria-label", "Search papers");
  input.autocomplete = "off";
  form.appendChild(input);
  header.insertBefore(form, header.querySelector(".md-header__option, .md-header__source"));
})();
