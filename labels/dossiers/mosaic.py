"""The mosaic of a dossier: which of the 16 enjeux (and how many of the 139 services) its
sheets cover. Rendered on the server; static/js/dossier-mosaic.js redraws it as sheets are
ticked, from the per-sheet data this module also provides."""

from dataclasses import dataclass, field

from initiatives.models import ActionSheetPage, Enjeu, Service


@dataclass
class Mosaic:
    tiles: list[dict]
    service_total: int
    covered_services: set = field(default_factory=set)

    @property
    def covered_enjeux(self) -> int:
        return sum(1 for tile in self.tiles if tile["covered"])

    @property
    def enjeu_total(self) -> int:
        return len(self.tiles)

    @property
    def service_count(self) -> int:
        return len(self.covered_services)


def services_by_sheet(sheet_ids) -> dict[int, list[tuple[int, int]]]:
    """(service id, enjeu id) of each sheet, in one query."""
    pairs: dict[int, list[tuple[int, int]]] = {}
    links = ActionSheetPage.services.through.objects.filter(
        actionsheetpage_id__in=list(sheet_ids)
    ).values_list("actionsheetpage_id", "service_id", "service__enjeu_id")
    for sheet_id, service_id, enjeu_id in links:
        pairs.setdefault(sheet_id, []).append((service_id, enjeu_id))
    return pairs


def build_mosaic(chosen_ids, services_of: dict[int, list[tuple[int, int]]]) -> Mosaic:
    covered_services, covered_enjeux = set(), set()
    for sheet_id in chosen_ids:
        for service_id, enjeu_id in services_of.get(sheet_id, ()):
            covered_services.add(service_id)
            covered_enjeux.add(enjeu_id)
    tiles = [
        {"enjeu": enjeu, "covered": enjeu.pk in covered_enjeux}
        for enjeu in Enjeu.objects.select_related("category").order_by(
            "category__sort_order", "sort_order", "name"
        )
    ]
    return Mosaic(tiles, Service.objects.count(), covered_services)
