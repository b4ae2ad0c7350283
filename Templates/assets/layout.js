/* infrabook layout: the navigation toggle of narrow screens and the scroll cue of tables wider than
   their column. Loaded with a plain <script src> at the end of every page: no inline script, no event
   handler attributes, no network, so it runs from file:// under a strict Content-Security-Policy.
   It must never be needed to read a page: without it the navigation stays open above the content
   and wide tables still scroll (their edge shadows are pure CSS). */
(function () {
  "use strict";
  var body = document.body;

  /* Navigation: on narrow screens (the stylesheet decides which) the sidebar folds behind a button. */
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    body.classList.add("nav-collapsible");
    toggle.hidden = false;
    var topbar = document.querySelector(".topbar");
    var setOpen = function (open) {
      if (open && topbar) { body.style.setProperty("--topbar-height", topbar.getBoundingClientRect().bottom + "px"); }
      body.classList.toggle("nav-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    toggle.addEventListener("click", function () { setOpen(!body.classList.contains("nav-open")); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && body.classList.contains("nav-open")) { setOpen(false); toggle.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (body.classList.contains("nav-open") && !nav.contains(event.target) && !toggle.contains(event.target)) {
        setOpen(false);
      }
    });
  }

  /* Tables: a wrapper that scrolls sideways says so, and says when its last column is in view. */
  var wraps = Array.prototype.slice.call(document.querySelectorAll(".table-wrap"));
  function update(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.classList.toggle("scrolls", scrolls);
    wrap.classList.toggle("scrolled", scrolls && wrap.scrollLeft > 1);
    wrap.classList.toggle("at-end", !scrolls || wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1);
    var hint = wrap.previousElementSibling;
    if (hint && hint.classList.contains("scroll-hint")) { hint.hidden = !scrolls; }
  }
  wraps.forEach(function (wrap) {
    var hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = "More columns to the right: scroll the table sideways →";
    hint.hidden = true;
    wrap.parentNode.insertBefore(hint, wrap);
    wrap.addEventListener("scroll", function () { update(wrap); }, { passive: true });
    update(wrap);
  });
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; wraps.forEach(update); });
  });
}());
