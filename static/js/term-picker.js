/*
 * The term picker (initiatives/term_picker.py): turns a <select multiple data-term-picker>
 * into a search field, groups of checkboxes (catégorie > enjeu > service) and the chosen
 * terms as removable chips. The select stays in the form, hidden, and holds the choice:
 * every tick or removal is written back to it. Search ignores case and accents.
 * Loaded as a file (no inline script: the Content Security Policy forbids it). Rows added
 * later in an InlinePanel get their picker too (see the `w-formset:added` listener).
 */
(function () {
  "use strict";

  var counter = 0;

  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .toLowerCase();
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function build(select) {
    if (select.dataset.termPickerReady) return;
    select.dataset.termPickerReady = "1";
    var data = select.dataset;
    var id = select.id || "term-picker-" + ++counter;
    var picker = element("div", "term-picker");
    var items = []; // {option, checkbox, row, text}

    // The chosen terms, first: what the sheet says today.
    var chosen = element("div", "term-picker__chosen");
    var chosenTitle = element("p", "term-picker__chosen-title", data.chosenLabel);
    chosenTitle.id = id + "-chosen-title";
    var chips = element("ul", "term-picker__chips");
    chips.setAttribute("aria-labelledby", chosenTitle.id);
    var noneChosen = element("p", "term-picker__none", data.noneChosen);
    chosen.append(chosenTitle, chips, noneChosen);

    var searchLabel = element("label", "term-picker__search-label", data.searchLabel);
    var search = element("input", "term-picker__search");
    search.type = "search";
    search.id = id + "-search";
    search.autocomplete = "off";
    searchLabel.htmlFor = search.id;
    var status = element("p", "term-picker__status");
    status.id = id + "-status";
    status.setAttribute("role", "status");
    search.setAttribute("aria-describedby", status.id);

    var list = element("div", "term-picker__groups");
    list.id = id + "-groups";
    search.setAttribute("aria-controls", list.id);

    var categories = {};
    function groupFor(optgroup) {
      if (!optgroup) return list;
      var categoryName = optgroup.dataset.category || "";
      var parent = list;
      if (categoryName) {
        if (!categories[categoryName]) {
          var category = element("fieldset", "term-picker__category");
          category.append(element("legend", "term-picker__category-name", categoryName));
          list.append(category);
          categories[categoryName] = category;
        }
        parent = categories[categoryName];
      }
      var group = element("fieldset", "term-picker__group");
      group.append(element("legend", "term-picker__group-name", optgroup.label));
      parent.append(group);
      return group;
    }

    var groups = new Map();
    Array.prototype.forEach.call(select.options, function (option, index) {
      var optgroup = option.parentElement.tagName === "OPTGROUP" ? option.parentElement : null;
      if (!groups.has(optgroup)) groups.set(optgroup, groupFor(optgroup));
      var row = element("div", "term-picker__option");
      var checkbox = element("input");
      checkbox.type = "checkbox";
      checkbox.id = id + "-option-" + index;
      checkbox.checked = option.selected;
      var label = element("label", "", option.textContent);
      label.htmlFor = checkbox.id;
      row.append(checkbox, label);
      groups.get(optgroup).append(row);
      var item = {
        option: option,
        checkbox: checkbox,
        row: row,
        text: fold(
          option.textContent + " " + (optgroup ? optgroup.label + " " + (optgroup.dataset.category || "") : "")
        ),
      };
      items.push(item);
      checkbox.addEventListener("change", function () {
        option.selected = checkbox.checked;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        renderChips();
      });
    });

    function renderChips() {
      chips.replaceChildren();
      var count = 0;
      items.forEach(function (item) {
        if (!item.option.selected) return;
        count += 1;
        var chip = element("li", "term-picker__chip");
        var name = element("span", "", item.option.textContent);
        var remove = element("button", "term-picker__remove");
        remove.type = "button";
        remove.setAttribute("aria-label", data.removeLabel + " " + item.option.textContent);
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          item.option.selected = false;
          item.checkbox.checked = false;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          renderChips();
          search.focus();
        });
        chip.append(name, remove);
        chips.append(chip);
      });
      noneChosen.hidden = count > 0;
    }

    function filter() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var match = words.every(function (word) {
          return item.text.indexOf(word) !== -1;
        });
        item.row.hidden = !match;
        if (match) shown += 1;
      });
      list.querySelectorAll("fieldset").forEach(function (fieldset) {
        fieldset.hidden = !fieldset.querySelector(".term-picker__option:not([hidden])");
      });
      status.textContent =
        shown === 0
          ? data.countNone
          : shown === 1
            ? data.countOne
            : data.countMany.replace("%(count)s", shown);
    }

    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter must not submit the page: it ticks the only match, if there is one.
        event.preventDefault();
        var visible = items.filter(function (item) {
          return !item.row.hidden;
        });
        if (visible.length === 1) visible[0].checkbox.click();
      } else if (event.key === "Escape" && search.value) {
        event.preventDefault();
        search.value = "";
        filter();
      }
    });

    picker.append(chosen, searchLabel, search, status, list);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.after(picker);
    // The field's own label now names the search field, the select being hidden.
    var fieldLabel = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (fieldLabel) {
      fieldLabel.htmlFor = search.id;
      searchLabel.classList.add("term-picker__search-label--secondary");
    }
    renderChips();
    filter();
  }

  function init(root) {
    (root || document).querySelectorAll("select[data-term-picker]").forEach(build);
  }

  // A row added with « Ajouter » in an InlinePanel is cloned from a <template> after the
  // page has loaded: Wagtail announces it with `w-formset:added` on the new row (the event
  // its own formset code dispatches once the row is in the document, ids renumbered).
  document.addEventListener("w-formset:added", function (event) {
    init(event.target);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init();
    });
  } else {
    init();
  }
})();
