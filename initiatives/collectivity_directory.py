"""/collectivites/: published collectivities found by name (accents, case and « St » /
« Saint » ignored), région, département and kind, with the count each choice would give.

The whole directory is a few thousand rows (2,100 at the 100,000-sheet scale): one query
reads them all (id, name, kind, région, département), the filtering and the counts happen
in Python the same way on SQLite and PostgreSQL, and only the page shown is read in full
with its sheet counts. The number of queries never grows with the data.
"""

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import QueryDict
from django.utils.translation import gettext as _

from . import geography
from .listings import lazy
from .models import ActionSheetPage, CollectivityKind, CollectivityPage

PER_PAGE = 60
QUERY_MAX_LENGTH = 100
# Written either way on signs and in the code officiel géographique.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# Left out of monograms: « Communauté de communes du Val d'Ille » reads « VI ».
MINOR_WORDS = {
    "l", "la", "le", "les", "d", "de", "du", "des", "en", "et", "sur", "sous", "aux", "au",
    "ca", "cc", "cu",
    "lez", "a", "communaute", "communes", "commune", "agglomeration",
    "metropole", "pays", "urbaine", "ville",
}  # fmt: skip
MONOGRAM_COLOURS = 8


@lru_cache(maxsize=20_000)
def searchable(text: str) -> str:
    """« Saint-Étienne-en-Dévoluy » → « saint etienne en devoluy »: no accents, no case, no
    punctuation, abbreviations spelt out."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in plain if not unicodedata.combining(char)).lower()
    words = re.findall(r"[a-z0-9]+", plain.replace("œ", "oe").replace("æ", "ae"))
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def monogram(title: str) -> str:
    """Two letters that tell cards apart: the initials of the first two significant words
    (« Saint-Malo » → « SM »), or the first two letters of a one-word name (« LY »)."""
    words = searchable(title).split()
    significant = [word for word in words if word not in MINOR_WORDS and not word.isdigit()]
    significant = significant or words
    if len(significant) >= 2:
        return (significant[0][0] + significant[1][0]).upper()
    return significant[0][:2].upper() if significant else ""


def monogram_colour(code: str) -> int:
    """A colour (0 to 7) derived from the official code: stable from one visit to the next."""
    return int(hashlib.sha256(code.encode()).hexdigest()[:4], 16) % MONOGRAM_COLOURS


@dataclass
class DirectoryFilters:
    query: str = ""
    kind: str = ""
    region: str = ""
    departement: str = ""
    page: str = "1"
    messages: list[str] = field(default_factory=list)

    @classmethod
    def from_querydict(cls, data: QueryDict) -> "DirectoryFilters":
        """Reads the address's parameters; anything unknown is dropped with a message."""
        filters = cls()
        query = " ".join(data.get("q", "").split())
        if len(query) > QUERY_MAX_LENGTH:
            query = query[:QUERY_MAX_LENGTH]
            filters.messages.append(
                _(
                    "Recherche trop longue : seuls ses %(count)s premiers caractères sont "
                    "pris en compte."
                )
                % {"count": QUERY_MAX_LENGTH}
            )
        filters.query = query
        kind = data.get("type", "")
        if kind and kind not in CollectivityKind.values:
            filters.messages.append(
                _("Type de collectivité inconnu : tous les types sont affichés.")
            )
            kind = ""
        filters.kind = kind
        region = data.get("region", "").strip()
        if region and region not in geography.regions():
            filters.messages.append(
                _("Région inconnue (« %(code)s ») : toutes les régions sont affichées.")
                % {"code": region[:10]}
            )
            region = ""
        filters.region = region
        departement = data.get("departement", "").strip().upper()
        if departement and departement not in geography.departements():
            filters.messages.append(
                _("Département inconnu (« %(code)s ») : tous les départements sont affichés.")
                % {"code": departement[:10]}
            )
            departement = ""
        filters.departement = departement
        filters.page = data.get("page", "").strip() or "1"
        return filters

    def query_string(self, **changes) -> str:
        """This directory's address with some filters changed (the page back to the first)."""
        values = {
            "q": self.query,
            "region": self.region,
            "departement": self.departement,
            "type": self.kind,
            **changes,
        }
        query = QueryDict(mutable=True)
        for name, value in values.items():
            if value:
                query[name] = value
        return "?" + query.urlencode() if query else "?"

    @property
    def active(self) -> bool:
        return bool(self.query or self.region or self.departement)


@dataclass
class Entry:
    """One row of the directory as read for filtering."""

    pk: int
    title: str
    kind: str
    region: str
    departement: str
    name: str  # searchable(title)


# The directory read for one state of the data ({version token: entries}), per process:
# publishing, unpublishing, moving or restricting a page changes the token.
_directory: dict[str, list[Entry]] = {}


def directory_entries() -> list[Entry]:
    """Every published, public collectivity, by name (accents ignored): read again only
    when the data changed (two queries), otherwise the one query of the data's version."""
    from search.facets import version_token

    token = version_token()
    entries = _directory.get(token)
    if entries is None:
        rows = (
            CollectivityPage.objects.live()
            .public()
            .values_list("pk", "title", "kind", "region", "departement")
        )
        entries = [Entry(*row, name=searchable(row[1])) for row in rows]
        entries.sort(key=lambda entry: (entry.name, entry.pk))
        _directory.clear()
        _directory[token] = entries
    return entries


def _matches(entry: Entry, filters: DirectoryFilters, words: list[str], skip: str = "") -> bool:
    if words and not all(word in entry.name for word in words):
        return False
    if skip != "kind" and filters.kind and entry.kind != filters.kind:
        return False
    if skip != "region" and filters.region and entry.region != filters.region:
        return False
    return not (
        skip != "departement" and filters.departement and entry.departement != filters.departement
    )


def _counts(entries, filters, words, facet: str) -> dict[str, int]:
    """How many collectivities each value of ``facet`` would list, the other filters kept."""
    counts: dict[str, int] = {}
    for entry in entries:
        if _matches(entry, filters, words, skip=facet):
            value = getattr(entry, facet)
            counts[value] = counts.get(value, 0) + 1
    return counts


def directory_context(filters: DirectoryFilters, kind_filters) -> dict:
    """The page's entries at once (in memory: the page number and the canonical address
    need them); its cards and the filters' counts only when the template reads them, so
    that a directory page kept per state of the data (``published_fragment``) reads nothing
    more."""
    entries = directory_entries()
    words = searchable(filters.query).split()
    found = [entry for entry in entries if _matches(entry, filters, words)]
    page_obj = _page(found, filters)
    counts = functools.cache(lambda facet: _counts(entries, filters, words, facet))

    def kinds():
        kind_counts = counts("kind")
        return [
            {
                "value": value,
                "label": label,
                "count": kind_counts.get(value, 0) if value else sum(kind_counts.values()),
                "url": filters.query_string(type=value),
                "current": value == filters.kind,
            }
            for value, label in kind_filters
        ]

    return {
        "filters": filters,
        "page_obj": page_obj,
        "collectivities": lazy(lambda: _cards([entry.pk for entry in page_obj.object_list])),
        "kind_filters": lazy(kinds),
        "region_options": lazy(
            lambda: _options(counts("region"), filters.region, geography.region_name)
        ),
        "departement_options": lazy(
            lambda: _options(
                counts("departement"),
                filters.departement,
                geography.departement_name,
                show_code=True,
            )
        ),
        "messages": filters.messages,
        "reset_url": filters.query_string(q="", region="", departement=""),
    }


def _page(found: list[Entry], filters: DirectoryFilters):
    paginator = Paginator(found, PER_PAGE)
    page_obj = paginator.get_page(filters.page)
    if str(page_obj.number) != filters.page:
        filters.messages.append(
            _("Page « %(page)s » introuvable : voici la page %(number)s.")
            % {"page": filters.page[:10], "number": page_obj.number}
        )
    return page_obj


def _options(counts: dict[str, int], chosen: str, name_of, show_code=False) -> list[dict]:
    """The values with at least one collectivity (and the chosen one), by name."""
    options = []
    for code in set(counts) | ({chosen} if chosen else set()):
        if not code:
            continue
        name = name_of(code) or code
        options.append(
            {
                "code": code,
                "name": f"{name} ({code})" if show_code else name,
                "count": counts.get(code, 0),
                "selected": code == chosen,
            }
        )
    return sorted(options, key=lambda option: searchable(option["name"]))


def _cards(pks: list[int]) -> list[CollectivityPage]:
    """The page's collectivities, in the directory's order, each with its number of
    published sheets and its monogram: two queries whatever the page."""
    pages = CollectivityPage.objects.filter(pk__in=pks).in_bulk()
    sheet_counts = dict(
        ActionSheetPage.objects.live()
        .public()
        .filter(collectivity_id__in=pks)
        .order_by()
        .values("collectivity_id")
        .annotate(count=Count("pk"))
        .values_list("collectivity_id", "count")
    )
    cards = []
    for pk in pks:
        page = pages[pk]
        page.sheet_count = sheet_counts.get(pk, 0)
        page.monogram = monogram(page.title)
        page.monogram_colour = monogram_colour(page.code)
        cards.append(page)
    return cards
