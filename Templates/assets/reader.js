/* infrabook reader aids: the note of a computed value beside the value, and copy buttons.
   Loaded with a plain <script src> at the end of every page: no inline script, no event-handler
   attributes, no network, so it runs from file:// under a strict Content-Security-Policy.
   It builds everything with DOM calls and textContent, never from HTML strings, and must never be
   needed to read a page: without it the stylesheet still shows a value's note on hover and focus. */
(function () {
  "use strict";
  var body = document.body;

  /* Copies `text`; says whether it worked through `done(ok)`. The clipboard API where the page may use
     it, else a selected, hidden text area. */
  function copy(text, done) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "copy-buffer";
      body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      body.removeChild(area);
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  function copyButton(label, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = label;
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      copy(typeof text === "function" ? text() : text, function (ok) {
        button.textContent = ok ? "Copied" : "Select and copy";
        window.setTimeout(function () { button.textContent = label; }, 1600);
      });
    });
    return button;
  }

  /* Code blocks: a Copy button in the corner of each. */
  Array.prototype.forEach.call(document.querySelectorAll("article pre"), function (pre) {
    var code = pre.querySelector("code") || pre;
    var frame = document.createElement("div");
    frame.className = "code-frame";
    pre.parentNode.insertBefore(frame, pre);
    frame.appendChild(pre);
    frame.appendChild(copyButton("Copy", function () { return code.textContent; }));
  });

  /* Computed values: the note opens beside the value on hover and focus, and stays open on a click or
     tap (or Enter) so its text can be copied and its sources followed. */
  var values = document.querySelectorAll(".value[data-prov]");
  if (values.length === 0) { return; }
  body.classList.add("notes-js");
  var note = document.createElement("div");
  note.id = "value-note";
  note.className = "value-note";
  note.setAttribute("role", "note");
  note.hidden = true;
  body.appendChild(note);
  var current = null;
  var pinned = false;
  var hideTimer = 0;
  var quiet = false;  /* focus given back by Escape does not reopen the note */

  function fill(value) {
    while (note.firstChild) { note.removeChild(note.firstChild); }
    var text = value.getAttribute("data-prov");
    text.split("\n").forEach(function (line, index) {
      var row = document.createElement("div");
      row.className = index === 0 ? "note-formula" : "note-input";
      line.split(/(https?:\/\/[^\s]+)/).forEach(function (piece, n) {
        if (n % 2 === 1) {
          var link = document.createElement("a");
          link.href = piece;
          link.rel = "noopener";
          link.textContent = piece;
          row.appendChild(link);
        } else if (piece) {
          row.appendChild(document.createTextNode(piece));
        }
      });
      note.appendChild(row);
    });
    var actions = document.createElement("div");
    actions.className = "note-actions";
    actions.appendChild(copyButton("Copy", value.textContent.trim() + "\n" + text));
    note.appendChild(actions);
  }

  function place(value) {
    var r = value.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    note.style.maxWidth = Math.min(640, width - 16) + "px";
    var box = note.getBoundingClientRect();
    var left = Math.max(8, Math.min(r.left, width - box.width - 8));
    var top = r.bottom + 6;
    if (top + box.height > window.innerHeight - 8 && r.top - box.height - 6 > 8) { top = r.top - box.height - 6; }
    note.style.left = (left + window.scrollX) + "px";
    note.style.top = (top + window.scrollY) + "px";
  }

  function show(value, pin) {
    window.clearTimeout(hideTimer);
    if (current !== value) { fill(value); }
    if (current && current !== value) { current.removeAttribute("aria-describedby"); }
    current = value;
    pinned = pin || (pinned && current === value);
    value.setAttribute("aria-describedby", "value-note");
    note.hidden = false;
    note.classList.toggle("pinned", pinned);
    place(value);
  }

  function hide() {
    window.clearTimeout(hideTimer);
    note.hidden = true;
    pinned = false;
    if (current) { current.removeAttribute("aria-describedby"); }
    current = null;
  }

  function hideSoon() {
    if (pinned) { return; }
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(function () { if (!pinned) { hide(); } }, 250);
  }

  Array.prototype.forEach.call(values, function (value) {
    value.addEventListener("mouseenter", function () { if (!pinned) { show(value, false); } });
    value.addEventListener("mouseleave", hideSoon);
    value.addEventListener("focus", function () {
      if (quiet) { quiet = false; return; }
      if (!pinned || current !== value) { show(value, false); }
    });
    value.addEventListener("blur", function (event) {
      if (!note.contains(event.relatedTarget)) { hideSoon(); }
    });
    value.addEventListener("click", function (event) {
      event.preventDefault();
      if (pinned && current === value) { hide(); } else { show(value, true); }
    });
    value.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(value, true); }
    });
  });
  note.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
  note.addEventListener("mouseleave", hideSoon);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !note.hidden) {
      var back = current;
      hide();
      if (back && document.activeElement !== back) { quiet = true; back.focus(); }
    }
  });
  document.addEventListener("click", function (event) {
    if (!note.hidden && !note.contains(event.target) && !(current && current.contains(event.target))) { hide(); }
  });
  window.addEventListener("resize", function () { if (current && !note.hidden) { place(current); } });
}());
