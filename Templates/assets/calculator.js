// The sizing calculator (calculator.html), run only when the page is served by `infrabook serve`.
// It builds the form, fills it from GET /api/catalog/... and GET /api/model-files, sends the inputs to POST /api/size/html and shows the
// tables the server rendered with the book's own renderer, so every number is formatted as in the
// book. The inputs live in the page's query string (?model=...&gpu=a&gpu=b) so a sized answer can be
// shared. Opened from disk there is no server: the page's own text says how to start it.
(function () {
  "use strict";
  var holder = document.getElementById("size-calculator");
  if (!holder || window.location.protocol === "file:" || !window.fetch) return;
  var result = document.getElementById("calculator-result");
  var problem = document.getElementById("calculator-error");
  problem.hidden = true;
  // Named as `infrabook size`'s options; a field this server's engine does not know yet is refused
  // by the API with the field's name, and shown beside the form.
  var textFields = ["model", "precision", "kv-precision", "users", "context", "prompt", "pricing",
                    "input-tokens", "output-tokens", "rate", "ttft", "tpot"];

  // The form is built here rather than written in the page: a page's own HTML may hold no form
  // elements (the sanitiser keeps markup for text and layout only).
  function element(tag, properties, children) {
    var node = document.createElement(tag);
    Object.keys(properties || {}).forEach(function (key) { node[key] = properties[key]; });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function field(label, control) { return element("label", {}, [label + " ", control]); }
  function input(name, value, mode) { return element("input", { name: name, value: value || "", inputMode: mode || "text" }); }
  function group(legend, children) { return element("fieldset", {}, [element("legend", { textContent: legend })].concat(children)); }

  var tiers = [["on_demand", "on demand"], ["spot", "spot"], ["reserved_1y", "reserved 1 year"], ["reserved_3y", "reserved 3 years"]];
  var gpuBoxes = element("div", { id: "calculator-gpus" });
  var link = element("a", { id: "calculator-link", href: "calculator.html", textContent: "Link to these inputs" });
  var form = element("form", { id: "size-calculator-form", hidden: true }, [
    group("Model and precision", [
      field("Model", element("select", { name: "model", required: true })),
      field("Weights", element("select", { name: "precision" })),
      field("KV cache", element("select", { name: "kv-precision" }))]),
    group("Workload", [
      field("Concurrent users", input("users", "1", "numeric")),
      field("Context per user", input("context", "8K")),
      field("Prompt (blank: the whole context)", input("prompt", "")),
      field("Pricing", element("select", { name: "pricing" }, tiers.map(function (tier) {
        return element("option", { value: tier[0], textContent: tier[1] });
      })))]),
    group("Serving targets (blank: not asked)", [
      field("Input tokens per request", input("input-tokens", "", "numeric")),
      field("Output tokens per request", input("output-tokens", "", "numeric")),
      field("Requests per second", input("rate", "", "decimal")),
      field("Time to first token, seconds", input("ttft", "", "decimal")),
      field("Time per output token, seconds", input("tpot", "", "decimal"))]),
    group("Candidate GPUs (none ticked: all of them)", [gpuBoxes]),
    element("p", {}, [element("button", { type: "submit", textContent: "Size it" }), " ", link])
  ]);
  holder.appendChild(form);

  function getJSON(path) {
    return fetch(path).then(function (response) {
      if (!response.ok) throw new Error(path + " answered " + response.status);
      return response.json();
    });
  }

  // `into` is the select itself or one of its option groups.
  function fillSelect(name, records, label, chosen, into) {
    var select = form.elements[name];
    records.forEach(function (record) {
      var option = document.createElement("option");
      option.value = record.id;
      option.textContent = label(record);
      (into || select).appendChild(option);
    });
    if (chosen) select.value = chosen;
  }

  // The model files the server found under its content folder's data/, offered beside the catalog's
  // ids; the API reads a path only inside that folder.
  function fillModelFiles(paths, chosen) {
    if (!paths.length) return;
    var catalogGroup = element("optgroup", { label: "Catalog" });
    var select = form.elements.model;
    while (select.firstChild) catalogGroup.appendChild(select.firstChild);
    var filesGroup = element("optgroup", { label: "Model files in the content folder" });
    select.appendChild(catalogGroup);
    select.appendChild(filesGroup);
    fillSelect("model", paths.map(function (path) { return { id: path }; }), function (file) { return file.id; }, chosen, filesGroup);
  }

  function inputs() {
    var body = {};
    textFields.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value !== "") body[name] = value;
    });
    var gpus = Array.prototype.slice.call(form.querySelectorAll("input[name=gpu]:checked")).map(function (box) { return box.value; });
    if (gpus.length) body.gpu = gpus;
    return body;
  }

  function query(body) {
    var parts = [];
    Object.keys(body).forEach(function (name) {
      [].concat(body[name]).forEach(function (value) {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
      });
    });
    return "?" + parts.join("&");
  }

  function showProblem(error) {
    problem.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = error.field ? "The " + error.field + " field: " : "The request was refused: ";
    problem.appendChild(strong);
    problem.appendChild(document.createTextNode(error.message));
    problem.hidden = false;
    var field = error.field && form.elements[error.field];
    if (field && field.focus) field.focus();
  }

  function size() {
    var body = inputs();
    var address = "calculator.html" + query(body);
    link.href = address;
    window.history.replaceState(null, "", address);
    problem.hidden = true;
    return fetch("/api/size/html", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        if (response.ok) return response.text().then(function (html) { result.innerHTML = html; });
        return response.json().then(function (answer) { result.textContent = ""; showProblem(answer.error); });
      })
      .catch(function (error) { showProblem({ message: String(error) }); });
  }

  var asked = new URLSearchParams(window.location.search);
  Promise.all([getJSON("/api/catalog/models"), getJSON("/api/catalog/precisions"), getJSON("/api/catalog/gpus"),
               getJSON("/api/model-files")])
    .then(function (lists) {
      fillSelect("model", lists[0], function (m) { return m.name + " (" + m.id + ")"; }, asked.get("model") || "llama-3.1-8b");
      fillModelFiles(lists[3].model_files, asked.get("model"));
      fillSelect("precision", lists[1], function (p) { return p.id; }, asked.get("precision") || "bf16");
      fillSelect("kv-precision", lists[1].filter(function (p) { return p.kv_cache; }), function (p) { return p.id; },
                 asked.get("kv-precision") || "bf16");
      var wanted = asked.getAll("gpu");
      var boxes = gpuBoxes;
      lists[2].forEach(function (gpu) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = "gpu";
        box.value = gpu.id;
        box.checked = wanted.indexOf(gpu.id) >= 0;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + gpu.name));
        boxes.appendChild(label);
      });
      textFields.slice(3).forEach(function (name) {
        if (asked.has(name)) form.elements[name].value = asked.get(name);
      });
      document.getElementById("calculator-offline").hidden = true;
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); size(); });
      form.dataset.ready = "true";
      if (asked.has("model")) size();
    })
    .catch(function (error) { showProblem({ message: "the server's catalog could not be read: " + error }); });
})();
