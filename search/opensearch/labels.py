"""Values and labels of each facet, in the order the database path shows them (the
counts come from the cluster; names, référentiel order and public label years from the
database, read once per data version)."""

from django.utils.translation import gettext as _

from initiatives import geography
from initiatives.models import ActionStatus, CollectivityKind, Enjeu, Service
from labels import facets as label_facets

from ..facets import POPULATION_BANDS
from ..models import SearchDataVersion
from ..per_data_state import PerDataState

_labels = PerDataState()


def _load() -> dict[str, list[tuple[str, str]]]:
    regions = sorted(geography.regions())
    departements = sorted(geography.departements())
    years = label_facets.edition_years()
    return {
        "enjeu": list(Enjeu.objects.order_by("sort_order", "name").values_list("slug", "name")),
        "service": list(Service.objects.order_by("sort_order", "name").values_list("slug", "name")),
        "type": [(value, str(label)) for value, label in CollectivityKind.choices],
        "region": [(code, geography.region_name(code)) for code in regions],
        "departement": [
            (code, f"{geography.departement_name(code)} ({code})") for code in departements
        ],
        "population": [(slug, label) for slug, label, _low, _high in POPULATION_BANDS],
        "arobases": [(level, f"{level} @") for level in ("5", "4", "3", "2", "1")],
        "edition": [(year, f"Label {year}") for year in years],
        "status": [(value, str(label)) for value, label in ActionStatus.choices],
        # The same values and words as search/facets.py's « Inspirée de » facet.
        "inspiration": [
            ("a-inspire", _("A inspiré d'autres collectivités")),
            ("inspiree", _("Inspirée d'une autre collectivité")),
        ],
    }


def facet_labels(version: int | None = None) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of each facet's known values; years are added from the counts.
    ``version``: the ``SearchDataVersion`` the caller read for this search, if it did."""
    version = SearchDataVersion.current() if version is None else version
    return _labels.get(version, _load)


def forget() -> None:
    _labels.forget()
