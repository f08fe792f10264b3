// The dossier's mosaic (labels/admin/includes/mosaic.html), redrawn as sheets are ticked.
// The server renders it first; each checkbox carries its sheet's service and enjeu ids.
(function () {
  "use strict";
  const mosaic = document.querySelector("[data-dossier-mosaic]");
  const boxes = document.querySelectorAll('input[name="sheets"][data-enjeux]');
  if (!mosaic || !boxes.length) return;
  const count = mosaic.querySelector("[data-mosaic-count]");

  function ids(box, name) {
    return (box.dataset[name] || "").split(" ").filter(Boolean);
  }

  function redraw() {
    const enjeux = new Set();
    const services = new Set();
    boxes.forEach(function (box) {
      if (!box.checked) return;
      ids(box, "enjeux").forEach(function (id) { enjeux.add(id); });
      ids(box, "services").forEach(function (id) { services.add(id); });
    });
    mosaic.querySelectorAll("[data-enjeu]").forEach(function (tile) {
      const on = enjeux.has(tile.dataset.enjeu);
      tile.classList.toggle("atlaas-mosaic__tile--covered", on);
      tile.querySelector(".atlaas-mosaic__mark").textContent = on ? "✓" : "";
      tile.querySelector("[data-mosaic-state]").textContent = on
        ? mosaic.dataset.labelCovered
        : mosaic.dataset.labelUncovered;
    });
    count.querySelector("[data-mosaic-enjeux]").textContent = count.dataset.templateEnjeux
      .replace("__E__", enjeux.size).replace("__TE__", count.dataset.totalEnjeux);
    count.querySelector("[data-mosaic-services]").textContent = count.dataset.templateServices
      .replace("__S__", services.size).replace("__TS__", count.dataset.totalServices);
  }

  boxes.forEach(function (box) { box.addEventListener("change", redraw); });
})();
