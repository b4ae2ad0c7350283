/* infrabook search: works from file:// with no server.
   The index (search-index.js, built by `infrabook build`) is loaded on first use with a plain <script>
   element: no fetch(), no modules, no network. Ranking mirrors SearchIndex.query in the Site module:
   every query word must match a term exactly or as a prefix (prefix matches count half); a page's
   score is the sum of its best weights; ties keep page order. A result opens the page at the section
   holding the snippet's match. Keys: "/" focuses, arrows move, Enter opens. */
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (!input || !list) { return; }
  var root = document.body.getAttribute("data-root") || "";
  var STOP = {};
  ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
   "that", "the", "this", "to", "with"].forEach(function (w) { STOP[w] = true; });
  var selected = -1;
  var hits = [];
  var loading = false;

  function tokens(text) {
    var words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
    return words.filter(function (w) {
      return (w.length > 1 || /\p{N}/u.test(w)) && !STOP[w];
    });
  }

  function loadIndex(then) {
    if (window.INFRABOOK_SEARCH) { then(); return; }
    if (loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () { loading = false; then(); };
    document.head.appendChild(script);
  }

  function lowerBound(terms, word) {
    var low = 0, high = terms.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (terms[mid] < word) { low = mid + 1; } else { high = mid; }
    }
    return low;
  }

  function query(text) {
    var index = window.INFRABOOK_SEARCH;
    var words = tokens(text);
    if (!index || words.length === 0) { return []; }
    var total = null;
    words.forEach(function (word) {
      var best = {};
      for (var i = lowerBound(index.terms, word); i < index.terms.length && index.terms[i].lastIndexOf(word, 0) === 0; i++) {
        var factor = index.terms[i] === word ? 1 : index.prefixFactor;
        var postings = index.postings[i];
        for (var p = 0; p < postings.length; p += 2) {
          var score = postings[p + 1] * factor;
          if (!(postings[p] in best) || best[postings[p]] < score) { best[postings[p]] = score; }
        }
      }
      if (total === null) {
        total = best;
      } else {
        var next = {};
        Object.keys(total).forEach(function (doc) { if (doc in best) { next[doc] = total[doc] + best[doc]; } });
        total = next;
      }
    });
    return Object.keys(total).map(function (doc) { return { doc: +doc, score: total[doc] }; })
      .sort(function (a, b) { return b.score - a.score || a.doc - b.doc; })
      .slice(0, 12);
  }

  /* The text around the first whole-word-prefix match of any query word, with the match marked.
     Returns the match's offset in the text, or -1. */
  function snippet(text, words, into) {
    var lower = text.toLowerCase();
    var at = -1, length = 0;
    words.forEach(function (word) {
      var from = 0;
      while (true) {
        var i = lower.indexOf(word, from);
        if (i < 0) { return; }
        var before = i === 0 ? "" : lower.charAt(i - 1);
        if (i === 0 || !/[\p{L}\p{N}]/u.test(before)) {
          if (at < 0 || i < at) { at = i; length = word.length; }
          return;
        }
        from = i + 1;
      }
    });
    if (at < 0) { into.appendChild(document.createTextNode(text.slice(0, 140))); return -1; }
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + length + 80);
    into.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + length);
    into.appendChild(mark);
    into.appendChild(document.createTextNode(text.slice(at + length, end) + (end < text.length ? "…" : "")));
    return at;
  }

  /* The anchor of the section (heading and what follows it) holding text offset `at`, or "". */
  function sectionAt(sections, at) {
    var anchor = "";
    if (!sections || at < 0) { return anchor; }
    for (var i = 0; i < sections.length && sections[i][0] <= at; i++) { anchor = sections[i][1]; }
    return anchor;
  }

  function show() {
    var text = input.value;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    selected = -1;
    if (tokens(text).length === 0) { close(); return; }
    var index = window.INFRABOOK_SEARCH;
    hits = query(text);
    if (hits.length === 0) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = "No pages match “" + text + "”.";
      list.appendChild(none);
    }
    var words = tokens(text);
    hits.forEach(function (hit, n) {
      var page = index.pages[hit.doc];
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.id = "search-result-" + n;
      var link = document.createElement("a");
      link.href = root + page[0];
      var title = document.createElement("span");
      title.className = "result-title";
      title.textContent = page[1];
      var snip = document.createElement("span");
      snip.className = "result-snippet";
      var anchor = sectionAt(page[3], snippet(page[2], words, snip));
      if (anchor) { link.href += "#" + encodeURIComponent(anchor); }
      link.appendChild(title);
      link.appendChild(snip);
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (hits.length > 0) { select(0); }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function select(n) {
    var items = list.querySelectorAll("li[role=option]");
    if (items.length === 0) { return; }
    selected = (n + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === selected ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[selected].id);
    items[selected].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("focus", function () { loadIndex(function () { if (input.value) { show(); } }); });
  input.addEventListener("input", function () { loadIndex(show); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); select(selected + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(selected - 1); }
    else if (event.key === "Enter") {
      var items = list.querySelectorAll("li[role=option] a");
      var target = items[selected >= 0 ? selected : 0];
      if (target) { event.preventDefault(); window.location.href = target.href; }
    } else if (event.key === "Escape") { close(); input.blur(); }
  });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) { close(); }
  });
  /* Keep the current page visible in a long sidebar without scrolling the page itself. */
  var sidebar = document.querySelector(".sidebar");
  var current = document.querySelector('.sidebar a[aria-current="page"]');
  if (sidebar && current && current.offsetTop > sidebar.clientHeight) {
    sidebar.scrollTop = current.offsetTop - sidebar.clientHeight / 2;
  }
}());
