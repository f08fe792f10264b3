/*
 * Collectivity editor: typing an official code (INSEE commune code or EPCI SIREN) fills
 * the name, type, population, département, région and members from the code officiel
 * géographique. Only empty fields are filled, so whatever the user typed is kept; the
 * server validates the code again when the page is saved.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var lookupUrl = script && script.dataset.lookupUrl;
  var unavailableText = (script && script.dataset.unavailable) || "";

  function field(name) {
    return document.getElementById("id_" + name);
  }

  function isEmpty(input) {
    return input && String(input.value).trim() === "";
  }

  function fill(input, value) {
    if (!isEmpty(input) || value === undefined || value === null || value === "") {
      return;
    }
    input.value = value;
    // Wagtail listens to these: the slug follows the title and unsaved changes are noticed.
    ["input", "change", "keyup"].forEach(function (type) {
      input.dispatchEvent(new Event(type, { bubbles: true }));
    });
  }

  function setup() {
    var code = field("code");
    // Other editors (sheets, snippets) have no such trio of fields.
    if (!code || !lookupUrl || !field("kind") || !field("population")) {
      return;
    }
    var status = document.createElement("p");
    status.className = "help atlaas-geo-status";
    status.setAttribute("aria-live", "polite");
    code.insertAdjacentElement("afterend", status);
    var latest = 0;

    function lookup() {
      var value = code.value.replace(/\s+/g, "").toUpperCase();
      if (!value) {
        status.textContent = "";
        return;
      }
      var request = ++latest;
      fetch(lookupUrl.replace("__code__", encodeURIComponent(value)), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (request !== latest) {
            return;
          }
          if (!result.ok) {
            status.textContent = result.data.error || unavailableText;
            return;
          }
          var place = result.data;
          fill(field("title"), place.name);
          fill(field("kind"), place.kind);
          fill(field("population"), place.population);
          fill(field("departement"), place.departement);
          fill(field("region"), place.region);
          if (field("kind").value === "intercommunalite") {
            fill(field("members"), place.members.join(", "));
          }
          status.textContent = place.summary;
        })
        .catch(function () {
          if (request === latest) {
            status.textContent = unavailableText;
          }
        });
    }

    code.addEventListener("change", lookup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
