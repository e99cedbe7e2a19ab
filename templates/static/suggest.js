// Suggestions for the search box: progressive enhancement. Without this file
// the box is a plain form that submits to /zoeken.
(function () {
  "use strict";
  var input = document.getElementById("zoekveld");
  if (!input || !window.fetch) { return; }
  var list = document.createElement("ul");
  var active = -1;
  var timer = null;
  var items = [];
  list.id = "suggesties";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", document.documentElement.lang === "en" ? "Suggestions" : "Suggesties");
  list.hidden = true;
  input.parentNode.parentNode.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function mark(index) {
    var options = list.querySelectorAll("li");
    active = index;
    options.forEach(function (option, n) {
      option.setAttribute("aria-selected", n === index ? "true" : "false");
    });
    if (index >= 0) { input.setAttribute("aria-activedescendant", options[index].id); }
  }

  function show(found) {
    items = found;
    list.textContent = "";
    found.forEach(function (item, n) {
      var option = document.createElement("li");
      var kind = document.createElement("span");
      option.id = "suggestie-" + n;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = item.label + " ";
      if (item.lang) { option.lang = item.lang; }
      kind.className = "kind";
      kind.textContent = "(" + item.kind + ")";
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = item.url;
      });
      list.appendChild(option);
    });
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    active = -1;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { close(); return; }
    timer = setTimeout(function () {
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === text) { show(data.suggestions); } })
        .catch(close);
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      mark(Math.min(active + 1, items.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      mark(Math.max(active - 1, 0));
    } else if (event.key === "Escape") {
      close();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].url;
    }
  });

  input.addEventListener("blur", function () { setTimeout(close, 100); });
}());
