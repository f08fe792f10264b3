"""« Inspirée de »: a sheet names the published sheets of other collectivities that gave it
the idea; the inspiring sheet shows « A inspiré N collectivités »; search filters and sorts
on it; the API and the JSON Lines export carry the links, and old files still import."""

import html
import io
import json

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset

from initiatives.models import ActionSheetPage, SheetInspiration
from initiatives.sheet_io.exporter import export_sheets
from initiatives.sheet_io.importer import SheetImporter

from .factories import ServiceFactory, make_collectivity, make_sheet
from .role_helpers import build_world, edit_url, sheet_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(referentiel):
    return build_world()


def inspire(sheet, *sources, publish=True):
    sheet.inspirations = [SheetInspiration(source=source) for source in sources]
    revision = sheet.save_revision()
    if publish:
        revision.publish()
    return ActionSheetPage.objects.get(pk=sheet.pk)


def post_inspirations(client, sheet, *sources):
    data = sheet_form(sheet)
    data.update(
        {
            key: value
            for key, value in _formset("inspirations", [{"source": s.pk} for s in sources]).items()
        }
    )
    return client.post(edit_url(sheet), data)


def _formset(prefix, rows):
    from wagtail.test.utils.form_data import nested_form_data

    return nested_form_data({prefix: inline_formset(rows)})


def test_an_agent_names_a_published_sheet_of_another_collectivity(client, world):
    client.force_login(world.agent_a)
    response = post_inspirations(client, world.a_draft, world.b_live)
    assert response.status_code == 302
    draft = ActionSheetPage.objects.get(pk=world.a_draft.pk).get_latest_revision_as_object()
    assert [item.source for item in draft.inspirations.all()] == [world.b_live]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("a_live", "Choisissez la fiche d'une autre collectivité que la vôtre."),
        ("b_draft", "Cette fiche n'est pas publiée : choisissez une fiche en ligne."),
    ],
)
def test_own_or_unpublished_sheets_are_refused_in_french(client, world, source, message):
    client.force_login(world.agent_a)
    response = post_inspirations(client, world.a_draft, getattr(world, source))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())


def test_the_inspiring_sheet_shows_the_collectivities_it_inspired(client, world):
    assert "A inspiré" not in client.get(world.b_live.url).content.decode()
    # A draft naming it tells nothing yet.
    inspire(world.a_draft, world.b_live, publish=False)
    assert "A inspiré" not in client.get(world.b_live.url).content.decode()

    inspired = inspire(world.a_live, world.b_live)
    body = html.unescape(client.get(world.b_live.url).content.decode())
    assert "A inspiré 1 collectivité" in body
    assert f'href="{inspired.url}"' in body
    body = html.unescape(client.get(inspired.url).content.decode())
    assert "Inspirée de" in body and world.b_live.title in body

    # Unpublished, the inspired sheet no longer counts.
    inspired.unpublish()
    assert "A inspiré" not in client.get(world.b_live.url).content.decode()


def test_search_filters_and_sorts_on_inspiration(client, world):
    third = make_collectivity("29019", "Brest")
    make_sheet(third, "Un fablab brestois", services=[ServiceFactory()])
    inspire(world.a_live, world.b_live)

    inspiring = client.get("/api/search/", {"inspiration": "a-inspire"}).json()
    assert [r["title"] for r in inspiring["results"]] == [world.b_live.title]
    inspired = client.get("/api/search/", {"inspiration": "inspiree"}).json()
    assert [r["title"] for r in inspired["results"]] == [world.a_live.title]
    ranked = client.get("/api/search/", {"sort": "inspirations"}).json()
    assert ranked["results"][0]["title"] == world.b_live.title


def test_the_api_carries_the_links_both_ways(client, world):
    inspired = inspire(world.a_live, world.b_live)
    detail = client.get(reverse("wagtailapi:pages:detail", args=[inspired.pk])).json()
    assert [link["id"] for link in detail["inspired_by"]] == [world.b_live.pk]
    detail = client.get(reverse("wagtailapi:pages:detail", args=[world.b_live.pk])).json()
    assert [link["title"] for link in detail["inspired"]] == [inspired.title]


def test_the_export_carries_the_links_and_old_files_still_import(world):
    inspired = inspire(world.a_live, world.b_live)
    stream = io.StringIO()
    export_sheets(stream)
    lines = {
        json.loads(line)["external_id"]: json.loads(line)
        for line in stream.getvalue().split("\n")
        if line
    }
    assert lines[inspired.external_id]["inspired_by"] == [world.b_live.external_id]

    # The same file again: nothing changes.
    report = SheetImporter().run(stream.getvalue().splitlines())
    assert report.updated == 0 and not report.errors

    # An older line, without the key: imported, the stored link kept.
    old = dict(lines[inspired.external_id])
    del old["inspired_by"]
    old["title"] = "Un fablab au port, nouvelle version"
    report = SheetImporter().run([json.dumps(old)])
    assert report.updated == 1 and not report.errors
    assert list(
        SheetInspiration.objects.filter(page=inspired).values_list("source", flat=True)
    ) == [world.b_live.pk]

    # A line naming a sheet of its own collectivity: imported, the link refused with a warning.
    line = dict(lines[inspired.external_id], inspired_by=[world.a_draft.external_id])
    report = SheetImporter().run([json.dumps(line)])
    assert not report.errors and "lien ignoré" in report.warnings[0][1]
    assert not SheetInspiration.objects.filter(page=inspired).exists()
