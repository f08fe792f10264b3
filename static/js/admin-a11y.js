/*
 * Wagtail's tag field (jQuery tag-it) types into an input it creates, without a label:
 * screen readers announced an unnamed text box. It is named after the field's own label.
 * Draftail's rich text boxes (role=textbox) carry no name either when they hold text (axe:
 * aria-input-field-name, serious, on a sheet's « Synthèse »): each is labelled by its field's
 * label. Loaded as a file by initiatives.admin_branding (no inline script).
 */
(function () {
  "use strict";

  function nameTagInputs() {
    document.querySelectorAll(".tagit .ui-autocomplete-input").forEach(function (input) {
      if (input.getAttribute("aria-label") || input.getAttribute("aria-labelledby")) return;
      var wrapper = input.closest("[data-field-wrapper], .w-field__wrapper, .w-field");
      var label = wrapper && wrapper.querySelector("label, .w-field__label");
      input.setAttribute("aria-label", label ? label.textContent.replace("*", "").trim() : "Mots-clés");
    });
  }

  var counter = 0;

  function nameRichTextBoxes() {
    document.querySelectorAll(".public-DraftEditor-content[role=textbox]").forEach(function (box) {
      if (box.getAttribute("aria-label") || box.getAttribute("aria-labelledby")) return;
      // The field's value travels in a hidden input; its label may sit in the panel heading.
      var field = box.closest(".w-field");
      var input = field && field.querySelector("input[id], textarea[id]");
      var label = input && document.querySelector('label[for="' + input.id + '"]');
      if (!label) return;
      if (!label.id) label.id = "atlaas-rich-text-label-" + ++counter;
      box.setAttribute("aria-labelledby", label.id);
    });
  }

  function nameAll() {
    nameTagInputs();
    nameRichTextBoxes();
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    // tag-it and Draftail build their fields after the page's own scripts; watch for them.
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
