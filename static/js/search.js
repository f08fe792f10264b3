// Autocomplete for the search box: suggestions from /api/search/autocomplete/, keyboard
// usable (arrows, Enter, Escape). Without JavaScript the form works as a plain search.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autocomplete-url]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const url = form.dataset.autocompleteUrl;
  const kinds = { enjeu: "Enjeu", service: "Service", collectivity: "Collectivité", sheet: "Fiche", search: "Rechercher" };
  let active = -1;
  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function render(results) {
    list.innerHTML = "";
    results.forEach(function (result, index) {
      const item = document.createElement("li");
      item.id = "autocomplete-" + index;
      item.setAttribute("role", "option");
      const link = document.createElement("a");
      link.href = result.url;
      link.tabIndex = -1;
      const kind = document.createElement("span");
      kind.className = "autocomplete__kind";
      kind.textContent = kinds[result.type] || "";
      link.appendChild(kind);
      link.appendChild(document.createTextNode(" " + result.label));
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
  }

  function highlight(index) {
    const items = list.querySelectorAll("[role=option]");
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) { close(); return; }
    timer = setTimeout(function () {
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), { signal: controller.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(function () {});
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    const items = list.querySelectorAll("[role=option]");
    if (list.hidden || !items.length) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].querySelector("a").href;
    }
  });

  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) close();
  });
})();
