"""Facet data of every visible sheet, held in memory as columns, and exact facet counts.

Each process keeps one ``FacetData`` per ``SearchDataVersion``: the live, public sheets with
their date, collectivity (kind, région, département, population band) and référentiel
classification, as numpy arrays. Counting a facet over any set of matching sheets is then
one ``bincount``, the same on every search backend, exact for many-to-many fields, and
disjunctive: each facet is counted with every selection applied except its own.

Only live, public sheets are loaded, so nothing in here can reveal a draft or a restricted
page: a full-text match outside these rows is simply dropped.
"""

import threading
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import NamedTuple

import numpy as np

from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import geography
from initiatives.inspiration import inspiration_pairs
from initiatives.models import (
    ActionSheetPage,
    ActionStatus,
    CollectivityKind,
    CollectivityPage,
    Enjeu,
    Service,
)
from labels import facets as label_facets

from . import index_entries, index_vocabulary
from .cache import MatchCache
from .models import SearchDataVersion

POPULATION_BANDS = [
    # (slug, label, lowest population included, first population excluded)
    ("moins-de-3500", "moins de 3 500 habitants", 0, 3_500),
    ("3500-20000", "3 500 à 20 000 habitants", 3_500, 20_000),
    ("20000-100000", "20 000 à 100 000 habitants", 20_000, 100_000),
    ("plus-de-100000", "plus de 100 000 habitants", 100_000, None),
]


def population_band(population) -> int:
    population = population or 0
    for index, (_slug, _label, low, high) in enumerate(POPULATION_BANDS):
        if population >= low and (high is None or population < high):
            return index
    return 0


class FacetEntry(NamedTuple):
    """A value of a facet as a result shows it (a service, an enjeu)."""

    slug: str
    name: str


@dataclass
class Facet:
    """One facet: its values (slug or code, label) and, per sheet, the value it has.

    Single-valued facets keep one column of value indexes (one per sheet row); multi-valued
    ones (services, enjeux) keep pairs of (sheet row, value index)."""

    name: str
    values: list[str]
    labels: list[str]
    column: np.ndarray | None = None
    pair_rows: np.ndarray | None = None
    pair_values: np.ndarray | None = None
    index_of: dict[str, int] = field(default_factory=dict)
    # Per value, the index of the value it belongs to in another facet (a service's enjeu).
    parents: np.ndarray | None = None
    _by_row: tuple | None = field(default=None, init=False, repr=False)

    def __post_init__(self):
        self.index_of = {value: i for i, value in enumerate(self.values)}

    def selection_mask(self, selected: list[str], row_count: int) -> np.ndarray | None:
        """Rows having one of the selected values (values of one facet combine with OR)."""
        wanted = [self.index_of[value] for value in selected if value in self.index_of]
        if not selected:
            return None
        if self.column is not None:
            return np.isin(self.column, wanted)
        mask = np.zeros(row_count, dtype=bool)
        mask[self.pair_rows[np.isin(self.pair_values, wanted)]] = True
        return mask

    def counts(self, row_mask: np.ndarray) -> np.ndarray:
        if self.column is not None:
            return np.bincount(self.column[row_mask], minlength=len(self.values))
        return np.bincount(self.pair_values[row_mask[self.pair_rows]], minlength=len(self.values))

    @cached_property
    def entries(self) -> list[FacetEntry]:
        """Each value as a result shows it, built once: a page of results names some sixty
        services and enjeux."""
        pairs = zip(self.values, self.labels, strict=True)
        return [FacetEntry(value, label) for value, label in pairs]

    def values_of_rows(self, rows) -> list[list[int]]:
        """Each row's value indexes (a multi-valued facet), found by binary search in its
        pairs sorted by row once (scanning every pair for a page of results took longer)."""
        if self._by_row is None:
            order = np.argsort(self.pair_rows, kind="stable")
            self._by_row = (self.pair_rows[order], self.pair_values[order])
        sorted_rows, values = self._by_row
        starts = np.searchsorted(sorted_rows, rows, "left").tolist()
        ends = np.searchsorted(sorted_rows, rows, "right").tolist()
        return [values[start:end].tolist() for start, end in zip(starts, ends, strict=True)]


@dataclass
class FacetData:
    version: int
    ids: np.ndarray  # sheet page ids, sorted
    dates: np.ndarray  # proleptic ordinals, for sorting by date
    collectivity_ids: np.ndarray
    facets: dict[str, Facet]
    collectivities: dict[int, dict]
    # Per row, what a result shows from Wagtail's page table (search.results): read here
    # once per version, the page of results reads the sheet table alone.
    titles: list[str] = field(default_factory=list)
    url_paths: list[str] = field(default_factory=list)
    # Awards turn public at their ceremony, a change no signal announces: past this
    # moment the data is reloaded even if the version has not changed.
    valid_until: datetime | None = None
    # Per row: the number of collectivities whose sheets name it in « Inspirée de ».
    inspired_counts: np.ndarray | None = None
    # Full-text matches of recent queries, as rows of this data (see search.cache).
    matches: MatchCache = field(default_factory=MatchCache)
    epoch: int = 0

    # Wagtail's site root paths (result URLs), read from Django's cache once per version
    # rather than at every search: a Site saved or deleted bumps the version.
    _site_root_paths: list | None = field(default=None, init=False, repr=False)
    # Each page id's row, -1 for pages that are not visible sheets (``rows_of``).
    _row_of_id: np.ndarray | None = field(default=None, init=False, repr=False)
    # Every facet value of every sheet, grouped by sheet (``counts_without_selection``).
    _values_by_row: "ValuesByRow | None" = field(default=None, init=False, repr=False)

    @property
    def size(self) -> int:
        return len(self.ids)

    def site_root_paths(self, read) -> list:
        if self._site_root_paths is None:
            self._site_root_paths = read()
        return self._site_root_paths

    @property
    def token(self) -> str:
        """Names this state of the data in cache keys: what search can show changes
        (version), awards turn public (valid_until), or a test reloaded it (epoch)."""
        until = int(self.valid_until.timestamp()) if self.valid_until else 0
        return f"{self.version}-{until}-{self.epoch}"

    def counts_without_selection(self, matched: np.ndarray) -> dict[str, list[int]]:
        """Every facet's counts over the ``matched`` rows (a mask) when no selection
        narrows any, counted in one pass over the values of those sheets alone
        (``ValuesByRow``): one bincount per facet over its whole column or pairs cost
        0.3–0.4 ms at 15,275 sheets, most of it for the sheets that do not match."""
        if self._values_by_row is None:
            self._values_by_row = ValuesByRow(self.size, self.facets)
        return self._values_by_row.counts(matched)

    def rows_of(self, page_ids) -> tuple[np.ndarray, np.ndarray]:
        """(rows, positions): the facet rows of the given ids that are visible, and where
        each of them stood in ``page_ids``. Read in a table of every page id up to the
        highest (``locate``'s binary search over 12,000 matches took 0.1 ms)."""
        if self._row_of_id is None:
            # One entry past the highest id, -1: any id outside the table reads it.
            table = np.full(int(self.ids.max(initial=0)) + 2, -1, dtype=np.int64)
            table[self.ids] = np.arange(len(self.ids))
            self._row_of_id = table
        table = self._row_of_id
        ids = np.asarray(page_ids, dtype=np.int64)
        rows = table[np.clip(ids, -1, len(table) - 1)]
        positions = np.flatnonzero(rows >= 0)
        return rows[positions], positions


class ValuesByRow:
    """Each sheet's facet values, single and multiple, in one array grouped by sheet row
    (``starts[row]`` to ``starts[row + 1]``), each facet's value indexes offset past the
    previous facet's: the counts over some sheets are one bincount of their values."""

    def __init__(self, size: int, facets: dict[str, Facet]):
        self.names = list(facets)
        rows, values, offsets = [], [], [0]
        for facet in facets.values():
            if facet.column is not None:
                rows.append(np.arange(size))
                values.append(facet.column.astype(np.int64) + offsets[-1])
            else:
                rows.append(facet.pair_rows.astype(np.int64))
                values.append(facet.pair_values.astype(np.int64) + offsets[-1])
            offsets.append(offsets[-1] + len(facet.values))
        rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        values = np.concatenate(values) if values else np.zeros(0, dtype=np.int64)
        order = np.argsort(rows, kind="stable")
        self.values = values[order].astype(np.int32)
        self.starts = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=size))])
        self.offsets = offsets
        self.totals = np.bincount(self.values, minlength=offsets[-1])

    def counts(self, matched: np.ndarray) -> dict[str, list[int]]:
        """Each facet's counts over the ``matched`` rows (a mask). Beyond half the sheets,
        the others are counted and taken from the totals."""
        most = 2 * int(np.count_nonzero(matched)) > len(matched)
        rows = np.flatnonzero(~matched if most else matched)
        firsts = self.starts[rows]
        lengths = self.starts[rows + 1] - firsts
        # The positions of those rows' values: each row's run, one after the other.
        runs = np.repeat(firsts - (np.cumsum(lengths) - lengths), lengths)
        positions = runs + np.arange(len(runs))
        counts = np.bincount(self.values[positions], minlength=self.offsets[-1])
        if most:
            counts = self.totals - counts
        counts = counts.tolist()
        return {
            name: counts[self.offsets[index] : self.offsets[index + 1]]
            for index, name in enumerate(self.names)
        }


def _load() -> FacetData:
    version = SearchDataVersion.current()
    sheets = list(
        ActionSheetPage.objects.live()
        .public()
        .order_by("pk")
        .values_list("pk", "date", "collectivity_id", "action_status", "title", "url_path")
    )
    ids = np.fromiter((row[0] for row in sheets), dtype=np.int64, count=len(sheets))
    dates = np.fromiter((row[1].toordinal() for row in sheets), dtype=np.int32, count=len(sheets))
    years = np.fromiter((row[1].year for row in sheets), dtype=np.int32, count=len(sheets))
    collectivity_ids = np.fromiter(
        (row[2] or 0 for row in sheets), dtype=np.int64, count=len(sheets)
    )

    collectivities = {
        row["pk"]: row
        for row in CollectivityPage.objects.values(
            "pk", "title", "code", "kind", "region", "departement", "population"
        )
    }
    facets = {}

    kinds = list(CollectivityKind.values)
    facets["type"] = _collectivity_facet(
        "type",
        kinds,
        [str(label) for label in CollectivityKind.labels],
        collectivity_ids,
        collectivities,
        lambda c: c["kind"],
    )
    regions = sorted(geography.regions())
    facets["region"] = _collectivity_facet(
        "region",
        regions,
        [geography.region_name(code) for code in regions],
        collectivity_ids,
        collectivities,
        lambda c: c["region"],
    )
    departements = sorted(geography.departements())
    facets["departement"] = _collectivity_facet(
        "departement",
        departements,
        [f"{geography.departement_name(code)} ({code})" for code in departements],
        collectivity_ids,
        collectivities,
        lambda c: c["departement"],
    )
    bands = [band[0] for band in POPULATION_BANDS]
    facets["population"] = _collectivity_facet(
        "population",
        bands,
        [band[1] for band in POPULATION_BANDS],
        collectivity_ids,
        collectivities,
        lambda c: bands[population_band(c["population"])],
    )

    year_values = sorted({int(year) for year in years}, reverse=True)
    year_index = {year: i for i, year in enumerate(year_values)}
    facets["year"] = Facet(
        "year",
        [str(year) for year in year_values],
        [str(year) for year in year_values],
        column=np.fromiter((year_index[int(y)] for y in years), dtype=np.int32, count=len(years)),
    )

    statuses = list(ActionStatus.values)
    status_index = {value: i for i, value in enumerate(statuses)}
    facets["status"] = Facet(
        "status",
        statuses,
        [str(label) for label in ActionStatus.labels],
        column=np.fromiter(
            (status_index.get(row[3], 0) for row in sheets), dtype=np.int32, count=len(sheets)
        ),
    )

    services = list(
        Service.objects.order_by("sort_order", "name").values_list("pk", "slug", "name", "enjeu_id")
    )
    enjeux = list(Enjeu.objects.order_by("sort_order", "name").values_list("pk", "slug", "name"))
    service_index = {pk: i for i, (pk, *_rest) in enumerate(services)}
    enjeu_index = {pk: i for i, (pk, *_rest) in enumerate(enjeux)}
    enjeu_of_service = np.array(
        [enjeu_index.get(enjeu_id, 0) for *_rest, enjeu_id in services], dtype=np.int32
    )
    links = np.array(
        list(
            ActionSheetPage.services.through.objects.values_list("actionsheetpage_id", "service_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    data = FacetData(
        version,
        ids,
        dates,
        collectivity_ids,
        facets,
        collectivities,
        titles=[row[4] for row in sheets],
        url_paths=[row[5] for row in sheets],
    )
    rows, positions = data.rows_of(links[:, 0])
    service_values = _index_lookup(service_index, links[positions, 1])
    known = service_values >= 0
    rows, service_values = rows[known], service_values[known]
    facets["service"] = Facet(
        "service",
        [s[1] for s in services],
        [s[2] for s in services],
        pair_rows=rows,
        pair_values=service_values,
        parents=enjeu_of_service,
    )
    enjeu_rows, enjeu_values = _unique_pairs(rows, enjeu_of_service[service_values])
    facets["enjeu"] = Facet(
        "enjeu",
        [e[1] for e in enjeux],
        [e[2] for e in enjeux],
        pair_rows=enjeu_rows,
        pair_values=enjeu_values,
    )
    levels, years = label_facets.public_award_pairs()
    level_values = ["5", "4", "3", "2", "1"]
    facets["arobases"] = _pairs_facet(
        data, "arobases", level_values, [f"{level} @" for level in level_values], levels
    )
    edition_years = label_facets.edition_years()
    facets["edition"] = _pairs_facet(
        data, "edition", edition_years, [f"Label {year}" for year in edition_years], years
    )
    data.valid_until = label_facets.next_embargo_change()
    _add_inspiration(data)
    return data


def _add_inspiration(data) -> None:
    """« Inspirée de »: a facet (has inspired others / was inspired) and, per row, how many
    collectivities a sheet inspired (the « inspirations » sort)."""
    pairs = inspiration_pairs()
    facets = data.facets
    facets["inspiration"] = _pairs_facet(
        data,
        "inspiration",
        ["a-inspire", "inspiree"],
        [_("A inspiré d'autres collectivités"), _("Inspirée d'une autre collectivité")],
        [(source, "a-inspire") for source, _page in pairs]
        + [(page, "inspiree") for _source, page in pairs],
    )
    inspired_collectivities = {}
    collectivity_of = dict(zip(data.ids.tolist(), data.collectivity_ids.tolist(), strict=True))
    for source, page in pairs:
        inspired_collectivities.setdefault(source, set()).add(collectivity_of.get(page))
    counts = np.zeros(data.size, dtype=np.int32)
    if inspired_collectivities:
        sources = np.fromiter(inspired_collectivities, dtype=np.int64)
        rows, positions = data.rows_of(sources)
        counts[rows] = [len(inspired_collectivities[int(s)]) for s in sources[positions]]
    data.inspired_counts = counts


def _pairs_facet(data, name, values, labels, pairs) -> Facet:
    """A multi-valued facet from (sheet id, value) pairs; sheets not visible are dropped."""
    index = {value: i for i, value in enumerate(values)}
    sheet_ids = np.fromiter((pair[0] for pair in pairs), dtype=np.int64, count=len(pairs))
    # A dictionary lookup per pair: sorting the values as Python objects took ten times longer.
    value_ids = np.fromiter(
        (index.get(pair[1], -1) for pair in pairs), dtype=np.int32, count=len(pairs)
    )
    known = value_ids >= 0
    sheet_ids, value_ids = sheet_ids[known], value_ids[known]
    rows, positions = data.rows_of(sheet_ids)
    pair_rows, pair_values = _unique_pairs(rows, value_ids[positions])
    return Facet(name, values, labels, pair_rows=pair_rows, pair_values=pair_values)


def _unique_pairs(rows: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, value) pairs without repeats, each pair packed in one integer: np.unique over
    2-D rows sorts much more slowly."""
    values = np.asarray(values, dtype=np.int64)
    width = int(values.max()) + 1 if len(values) else 1
    packed = np.unique(np.asarray(rows, dtype=np.int64) * width + values)
    return packed // width, (packed % width).astype(np.int32)


def _index_lookup(index: dict[int, int], keys: np.ndarray) -> np.ndarray:
    """``index.get(key, -1)`` for every key, vectorised: facet data is reloaded after each
    publication, and per-row Python loops over 100,000 sheets took seconds."""
    keys = np.asarray(keys, dtype=np.int64)
    if not index or not len(keys):
        return np.full(len(keys), -1, dtype=np.int32)
    table = np.full(max(max(index), int(keys.max()), 0) + 1, -1, dtype=np.int32)
    table[np.fromiter(index.keys(), dtype=np.int64)] = np.fromiter(index.values(), dtype=np.int32)
    return table[np.clip(keys, 0, None)]


def _collectivity_facet(name, values, labels, collectivity_ids, collectivities, value_of):
    index = {value: i for i, value in enumerate(values)}
    per_collectivity = {pk: index.get(value_of(c), -1) for pk, c in collectivities.items()}
    column = _index_lookup(per_collectivity, collectivity_ids)
    # A value outside the list (an old code) is counted under no value rather than crash.
    values, labels = list(values), list(labels)
    if (column < 0).any():
        values.append("")
        labels.append("?")
        column[column < 0] = len(values) - 1
    return Facet(name, values, labels, column=column)


_lock = threading.Lock()
_cached: FacetData | None = None
_epoch = 0


def facet_data() -> FacetData:
    """The facet data of the current version, loaded once per process and version."""
    global _cached
    current = SearchDataVersion.current()
    now = timezone.now()

    def fresh(data):
        return (
            data is not None
            and data.version == current
            and (data.valid_until is None or now < data.valid_until)
        )

    if fresh(_cached):
        return _cached
    with _lock:
        if not fresh(_cached):
            _cached = _load()
            _cached.epoch = _epoch
        return _cached


def version_token(version: int | None = None) -> str:
    """Names the state of the searchable data in cache keys without loading the facet data
    (pages that cache their own aggregates: the palmarès); ``version``: the
    ``SearchDataVersion`` the caller has just read, if it has."""
    version = SearchDataVersion.current() if version is None else version
    return f"{version}-{_epoch}"


def forget() -> None:
    """Drops the cached data (tests that change the database behind the signals' back)."""
    global _cached, _epoch
    _cached = None
    index_entries.forget()
    index_vocabulary.forget()
    from .suggestions import forget as forget_suggestion_words

    forget_suggestion_words()
    _epoch += 1  # answers cached for the forgotten data must not be served again
