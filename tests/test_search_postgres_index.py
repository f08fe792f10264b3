"""What the PostgreSQL index holds for a sheet: every word of its sections, services and
tags, with modelsearch's weights, however the texts are handed to its indexer."""

import re

import pytest

from django.db import connection

from modelsearch.backends.database.postgres.postgres import PostgresIndex
from modelsearch.backends.database.postgres.weights import get_weight
from wagtail.search.backends import get_search_backend

from initiatives.models import ActionSheetPage, Service
from search import analysis
from search.backends.prepared import prepare_objects

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db


def index_columns(sheet) -> dict[str, dict[str, str]]:
    """Each column's lexemes with their weights ({'wifi': 'D', ...})."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title::text, body::text, autocomplete::text FROM wagtailsearch_indexentry "
            "WHERE object_id = %s",
            [str(sheet.pk)],
        )
        row = cursor.fetchone()
    columns = {}
    for name, vector in zip(("title", "body", "autocomplete"), row, strict=True):
        columns[name] = {
            lexeme: "".join(sorted(set(re.findall("[A-D]", positions))) or "D")
            for lexeme, positions in re.findall(r"'([^']+)'(?::([0-9A-D,]+))?", vector)
        }
    return columns


def index_with(sheet, weight_of):
    index = get_search_backend().get_index_for_model(ActionSheetPage)
    objects = list(ActionSheetPage.get_indexed_objects().filter(pk=sheet.pk))
    prepared = prepare_objects(
        objects, text=analysis.prepare, autocomplete=analysis.prepare, weight_of=weight_of
    )
    PostgresIndex.add_items(index, ActionSheetPage, prepared)
    return index_columns(sheet)


@pytest.fixture
def sheet(referentiel, django_capture_on_commit_callbacks):
    town = make_collectivity("35288", "Saint-Malo", "ville")
    with django_capture_on_commit_callbacks(execute=True):  # pages are indexed on commit
        return tagged_sheet(town)


def tagged_sheet(town):
    page = make_sheet(
        town,
        title="Wi-fi public sur le port",
        subtitle="Des bornes gratuites",
        synthese="<p>Les plaisanciers se connectent à l'arrivée.</p>",
        actions="<p>Installation de douze bornes.</p>",
        services=list(Service.objects.order_by("pk")[:2]),
    )
    page.tags.add("Tourisme", "Plaisance")
    page.save_revision().publish()
    return page


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tsvector index exists on PostgreSQL only"
)
def test_joined_texts_index_the_same_words_with_the_same_weights(sheet):
    one_text_per_field = index_with(sheet, weight_of=None)
    joined_per_weight = index_with(sheet, weight_of=get_weight)
    assert joined_per_weight == one_text_per_field
    body = joined_per_weight["body"]
    assert {"plaisanc", "tourism", "born"} <= set(body), body  # a tag, a section, the subtitle
    assert "port" in joined_per_weight["title"]


def test_a_published_sheet_is_found_by_its_tag_and_service(sheet, api):
    service = sheet.services.first()
    assert [row["title"] for row in api(q="plaisance")["results"]] == [sheet.title]
    assert sheet.title in [row["title"] for row in api(q=service.name)["results"]]
