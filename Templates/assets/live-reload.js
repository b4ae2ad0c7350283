// Live reload for `infrabook serve`: the server adds this script to every page it sends (it is never
// referenced by the built files). It listens to the server's event stream, reloads the page when a new
// build is served, and shows a failed build's errors (path:line:column, the line and a caret) over the
// page until the next good build. No inline code, no eval: it only builds DOM nodes with text.
(function () {
  "use strict";
  if (!window.EventSource) return;
  // The build this page comes from, written by the server on the script tag.
  var served = Number(document.currentScript.getAttribute("data-generation"));
  var overlay = null;

  function showFailure(report) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "infrabook-build-error";
      overlay.setAttribute("role", "alert");
      Object.assign(overlay.style, {
        position: "fixed", inset: "0", zIndex: "10000", overflow: "auto", padding: "2rem",
        background: "#1b1b1b", color: "#f5f5f5", font: "14px/1.45 ui-monospace, monospace"
      });
      var title = document.createElement("h2");
      title.textContent = "The last build failed; these pages are from the last good build.";
      Object.assign(title.style, { color: "#ff8a80", font: "bold 16px system-ui, sans-serif", margin: "0 0 1rem" });
      var text = document.createElement("pre");
      Object.assign(text.style, { whiteSpace: "pre-wrap", margin: "0", padding: "0", border: "0",
                                  background: "transparent", color: "inherit", font: "inherit" });
      overlay.appendChild(title);
      overlay.appendChild(text);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = report;
  }

  function clearFailure() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  var events = new EventSource("/_infrabook/events");
  events.addEventListener("state", function (message) {
    var state = JSON.parse(message.data);
    if (state.generation !== served) { window.location.reload(); return; }
    if (state.error) showFailure(state.error); else clearFailure();
  });
})();
