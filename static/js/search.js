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

// Phones: the filters fold behind a « Filtrer (n) » button so that the first result is on
// the first screen (search.css hides the folded panel below 60rem only: wide screens keep
// the sidebar). A disclosure: aria-expanded on the button, focus to the panel's title when
// it opens, Escape closes it and gives focus back. After a filter is ticked the page
// reloads: the panel reopens, so that one can tick several in a row.
(function () {
  "use strict";
  const OPEN_KEY = "atlaas:facets-open";
  const toggle = document.querySelector(".facets-toggle");
  const panel = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!panel) return;
  const title = panel.querySelector(".facets__title");

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("facets--open", open);
  }

  panel.closest(".search-layout").classList.add("search-layout--folding");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    if (open && title) title.focus();
  });
  // Escape from the filters, their button, or nowhere in particular (after a reload).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && focused !== toggle && !panel.contains(focused)) return;
    event.preventDefault();
    setOpen(false);
    toggle.focus();
  });
  panel.addEventListener("click", function (event) {
    if (toggle.getAttribute("aria-expanded") !== "true" || !event.target.closest("a")) return;
    try { sessionStorage.setItem(OPEN_KEY, "1"); } catch (error) { /* private mode */ }
  });
  let reopen = false;
  try {
    reopen = sessionStorage.getItem(OPEN_KEY) === "1";
    sessionStorage.removeItem(OPEN_KEY);
  } catch (error) { /* private mode */ }
  if (reopen) {
    setOpen(true);
    // Into the filters again (the facet script below may move it on to the option ticked).
    if (title) title.focus({ preventScroll: true });
  }
})();

// Facet options are links, so that they work without JavaScript. To assistive technologies
// and the keyboard they are checkboxes: Space ticks or unticks one as on a native checkbox,
// and after the results reload, focus comes back to the option the keyboard activated.
(function () {
  "use strict";
  const FOCUS_KEY = "atlaas:facet-focus";
  const options = document.querySelectorAll(".facet__option");
  if (!options.length) return;

  function keyOf(option) {
    const group = option.closest(".facet");
    const title = group ? group.querySelector(".facet__title").textContent.trim() : "";
    return title + "|" + option.querySelector(".facet__label").textContent.trim();
  }

  function remember(option) {
    try { sessionStorage.setItem(FOCUS_KEY, keyOf(option)); } catch (error) { /* private mode */ }
  }

  let wanted = null;
  try {
    wanted = sessionStorage.getItem(FOCUS_KEY);
    sessionStorage.removeItem(FOCUS_KEY);
  } catch (error) { /* private mode */ }

  let toFocus = null;
  options.forEach(function (option) {
    const checked = option.getAttribute("aria-current") === "true";
    option.removeAttribute("aria-current");
    option.setAttribute("role", "checkbox");
    option.setAttribute("aria-checked", checked ? "true" : "false");
    option.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        remember(option);
        option.click();
      }
    });
    if (wanted && keyOf(option) === wanted) toFocus = option;
  });
  if (toFocus) toFocus.focus();
})();
