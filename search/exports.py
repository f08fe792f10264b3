"""Exports of a whole search (every page) as CSV or JSON, streamed.

Rows are read in chunks of ``CHUNK`` sheets, so a 15,000-row export never holds more
than one chunk in memory. Content is published under the Licence Ouverte / Etalab 2.0,
as the 2014 ATLAAS asked reusers to be told: the JSON file says so in its metadata, every
export in a ``Link: <…>; rel="license"`` header, and the README. The CSV file starts with
its header line, where every tool expects it.
"""

import csv
import json

from django.db.models import Prefetch

from atlaas.site_address import absolute_url
from initiatives.models import ActionSheetPage, Service
from initiatives.spreadsheet import spreadsheet_safe

from .analysis import strip_html

CHUNK = 500
LICENCE = "Licence Ouverte / Etalab 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
SOURCE = "ATLAAS — Villes Internet"
COLUMNS = [
    ("external_id", "identifiant"),
    ("title", "titre"),
    ("url", "adresse"),
    ("date", "date"),
    ("collectivity", "collectivité"),
    ("code", "code officiel"),
    ("kind", "type"),
    ("departement", "code département"),
    ("departement_name", "département"),
    ("region", "code région"),
    ("region_name", "région"),
    ("enjeux", "enjeux"),
    ("services", "services"),
    ("tags", "mots-clés"),
    ("subtitle", "chapô"),
    ("synthese", "synthèse"),
]


def _records(ordered_ids, request):
    """One dict per sheet, in result order, read CHUNK sheets at a time."""
    for start in range(0, len(ordered_ids), CHUNK):
        chunk = [int(pk) for pk in ordered_ids[start : start + CHUNK]]
        sheets = (
            ActionSheetPage.objects.live()
            .public()
            .filter(pk__in=chunk)
            .select_related("collectivity")
            .prefetch_related(
                Prefetch("services", queryset=Service.objects.select_related("enjeu")),
                "tags",
            )
        )
        by_id = {sheet.pk: sheet for sheet in sheets}
        for pk in chunk:
            sheet = by_id.get(pk)
            if sheet is None:
                continue
            services = list(sheet.services.all())
            enjeux = list({s.enjeu_id: s.enjeu for s in services}.values())
            collectivity = sheet.collectivity
            yield {
                "external_id": sheet.external_id,
                "title": sheet.title,
                "url": absolute_url(sheet.get_url(request)),
                "date": sheet.date.isoformat(),
                "collectivity": collectivity.title if collectivity else "",
                "code": collectivity.code if collectivity else "",
                "kind": collectivity.kind if collectivity else "",
                "departement": collectivity.departement if collectivity else "",
                "departement_name": collectivity.departement_name if collectivity else "",
                "region": collectivity.region if collectivity else "",
                "region_name": collectivity.region_name if collectivity else "",
                "enjeux": [e.name for e in enjeux],
                "services": [s.name for s in services],
                "tags": [t.name for t in sheet.tags.all()],
                "subtitle": sheet.subtitle,
                "synthese": " ".join(strip_html(sheet.synthese).split()),
            }


class _Echo:
    """A file-like object whose write() hands back what it is given (csv.writer → stream)."""

    def write(self, value):
        return value


def csv_stream(ordered_ids, request, delimiter=","):
    writer = csv.writer(_Echo(), delimiter=delimiter)
    # A BOM so spreadsheets read UTF-8, then the header (the licence is in the headers).
    yield "\ufeff" + writer.writerow([label for _key, label in COLUMNS])
    for record in _records(ordered_ids, request):
        yield writer.writerow(
            [
                spreadsheet_safe(
                    " | ".join(record[key]) if isinstance(record[key], list) else record[key]
                )
                for key, _label in COLUMNS
            ]
        )


def json_stream(ordered_ids, request):
    header = {
        "source": SOURCE,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "query": absolute_url(request.get_full_path()),
        "count": len(ordered_ids),
    }
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "results": ['
    for index, record in enumerate(_records(ordered_ids, request)):
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"
