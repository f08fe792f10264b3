/*
 * Wagtail's tag field (jQuery tag-it) types into an input it creates, without a label:
 * screen readers announced an unnamed text box. It is named after the field's own label.
 * Loaded as a file by initiatives.admin_branding (no inline script).
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

  document.addEventListener("DOMContentLoaded", function () {
    nameTagInputs();
    // tag-it builds its input after the page's own scripts; watch for it.
    new MutationObserver(nameTagInputs).observe(document.body, { childList: true, subtree: true });
  });
})();
