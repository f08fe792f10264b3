"""Export → fresh database → import loses nothing (format version 2): contacts' "show
e-mail" choice, link titles, collectivities' website and introduction, who may see each
sheet (a restricted sheet never comes back public) and, with --include-drafts, the latest
draft of a sheet. Version 1 files are still read."""

import io
import json

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Page, PageViewRestriction

from initiatives.models import ActionSheetPage, CollectivityPage, SheetContact, SheetLink
from tests.factories import ServiceFactory, make_collectivity, make_sheet

pytestmark = pytest.mark.django_db

JURY = "Jury du label 2024"


def export(path, *args) -> str:
    call_command("export_sheets", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    return path.read_text(encoding="utf-8")


def import_file(path) -> str:
    """The report of import_sheets, errors and warnings included."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_sheets", str(path), stdout=out, stderr=err)
    except CommandError as refused:  # some lines refused: reported, the others imported
        err.write(str(refused))
    return out.getvalue() + err.getvalue()


def restrict(page, kind, **fields):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, **fields)
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.set([Group.objects.get(name=JURY)])
    return restriction


@pytest.fixture
def site_data(referentiel):
    Group.objects.create(name=JURY)
    services = [ServiceFactory()]
    brest = make_collectivity(
        "29019",
        "Brest",
        "ville",
        website="https://www.brest.fr/",
        introduction="<p>Une ville <strong>connectée</strong>.</p>",
    )
    public = make_sheet(brest, "Un tiers-lieu", services, external_id="rt-public")
    public.contacts = [
        SheetContact(name="Claire", role="Cheffe", email="claire@brest.fr", show_email=True),
        SheetContact(name="Hugo", role="Agent", email="hugo@brest.fr", show_email=False),
    ]
    public.links = [SheetLink(url="https://tiers-lieu.brest.fr/", title="Le site du lieu")]
    public.save_revision().publish()
    # Edited since it was published: the draft is not live yet.
    draft = ActionSheetPage.objects.get(pk=public.pk)
    draft.title = "Un tiers-lieu (nouvelle version)"
    draft.contacts = [SheetContact(name="Léa", email="lea@brest.fr", show_email=True)]
    draft.save_revision()

    for kind, external_id, fields in [
        (PageViewRestriction.LOGIN, "rt-login", {}),
        (PageViewRestriction.GROUPS, "rt-jury", {}),
        (PageViewRestriction.PASSWORD, "rt-password", {"password": "cornemuse"}),
    ]:
        restrict(
            make_sheet(brest, f"Fiche {external_id}", services, external_id=external_id),
            kind,
            **fields,
        )
    # A collectivity reserved to logged-in users: its sheets inherit it.
    hidden_town = make_collectivity("35288", "Saint-Malo", "ville")
    restrict(hidden_town, PageViewRestriction.LOGIN)
    for number in range(3):
        make_sheet(
            hidden_town, f"Fiche réservée {number}", services, external_id=f"rt-hidden-{number}"
        )
    make_sheet(brest, "Un brouillon", services, live=False, external_id="rt-draft")


def empty_the_site():
    """What a fresh database has: the référentiel and the groups, no collectivity."""
    for collectivity in CollectivityPage.objects.all():
        Page.objects.get(pk=collectivity.pk).delete()
    assert not ActionSheetPage.objects.exists() and not PageViewRestriction.objects.exists()


def public_sheets() -> set[str]:
    return set(ActionSheetPage.objects.live().public().values_list("external_id", flat=True))


def test_a_round_trip_through_a_fresh_database_keeps_everything(site_data, tmp_path):
    public_before = public_sheets()
    assert public_before == {"rt-public"}
    first = export(tmp_path / "first.jsonl", "--include-drafts")

    empty_the_site()
    report = import_file(tmp_path / "first.jsonl")
    assert "0 en erreur" in report

    # Compared through the format, which now carries all of it: the same file again.
    assert export(tmp_path / "second.jsonl", "--include-drafts") == first
    # No restricted sheet came back public.
    assert public_sheets() == public_before

    sheet = ActionSheetPage.objects.get(external_id="rt-public")
    assert [(c.email, c.show_email) for c in sheet.contacts.all()] == [
        ("claire@brest.fr", True),
        ("hugo@brest.fr", False),
    ]
    assert [(link.url, link.title) for link in sheet.links.all()] == [
        ("https://tiers-lieu.brest.fr/", "Le site du lieu")
    ]
    assert sheet.title == "Un tiers-lieu" and sheet.has_unpublished_changes
    latest = sheet.get_latest_revision_as_object()
    assert latest.title == "Un tiers-lieu (nouvelle version)"
    assert [(c.name, c.show_email) for c in latest.contacts.all()] == [("Léa", True)]

    brest = CollectivityPage.objects.get(code="29019")
    assert brest.website == "https://www.brest.fr/"
    assert brest.introduction == "<p>Une ville <strong>connectée</strong>.</p>"

    kinds = {
        sheet.external_id: sorted(r.restriction_type for r in sheet.get_view_restrictions())
        for sheet in ActionSheetPage.objects.all()
    }
    assert kinds["rt-login"] == [PageViewRestriction.LOGIN]
    assert kinds["rt-jury"] == [PageViewRestriction.GROUPS]
    assert kinds["rt-password"] == [PageViewRestriction.PASSWORD]
    assert all(kinds[f"rt-hidden-{n}"] == [PageViewRestriction.LOGIN] for n in range(3))
    jury = PageViewRestriction.objects.get(restriction_type=PageViewRestriction.GROUPS)
    assert [group.name for group in jury.groups.all()] == [JURY]

    # And importing the same file again changes nothing.
    assert "0 mise(s) à jour" in import_file(tmp_path / "first.jsonl")


def test_the_export_says_which_addresses_are_private(site_data, tmp_path):
    lines = [json.loads(line) for line in export(tmp_path / "a.jsonl").splitlines()]
    contacts = {c["email"]: c["show_email"] for c in lines[0]["contacts"]}
    assert contacts == {"claire@brest.fr": True, "hugo@brest.fr": False}


def test_a_restriction_to_an_unknown_group_never_makes_the_sheet_public(site_data, tmp_path):
    text = export(tmp_path / "a.jsonl", "--include-drafts").replace(JURY, "Groupe disparu")
    (tmp_path / "b.jsonl").write_text(text, encoding="utf-8")
    empty_the_site()
    Group.objects.filter(name=JURY).delete()

    report = import_file(tmp_path / "b.jsonl")
    assert "« Groupe disparu »" in report
    assert "rt-jury" not in public_sheets()
    sheet = ActionSheetPage.objects.get(external_id="rt-jury")
    assert [r.restriction_type for r in sheet.get_view_restrictions()] == ["groups"]


def test_a_version_1_file_is_still_read_and_keeps_what_it_cannot_say(site_data, tmp_path):
    line = json.loads(export(tmp_path / "a.jsonl").splitlines()[0])
    # The shape of a version 1 line: no version, bare link addresses, no show_email.
    version_1 = {
        key: value
        for key, value in line.items()
        if key not in ("format_version", "view_restrictions")
    }
    version_1["links"] = [link["url"] for link in line["links"]]
    version_1["contacts"] = [
        {key: value for key, value in contact.items() if key != "show_email"}
        for contact in line["contacts"]
    ]
    del version_1["collectivity"]["website"], version_1["collectivity"]["introduction"]
    version_1["subtitle"] = "Changé par un fichier de version 1"
    (tmp_path / "v1.jsonl").write_text(json.dumps(version_1) + "\n", encoding="utf-8")

    assert "1 mise(s) à jour, 0 inchangée(s), 0 en erreur" in import_file(tmp_path / "v1.jsonl")
    sheet = ActionSheetPage.objects.get(external_id="rt-public")
    assert sheet.subtitle == "Changé par un fichier de version 1"
    # What version 1 cannot say is kept as stored.
    assert [c.show_email for c in sheet.contacts.all()] == [True, False]
    assert [link.title for link in sheet.links.all()] == ["Le site du lieu"]
    assert CollectivityPage.objects.get(code="29019").website == "https://www.brest.fr/"

    # Into a fresh database, a version 1 line gets the defaults: addresses not shown.
    empty_the_site()
    assert "1 créée(s)" in import_file(tmp_path / "v1.jsonl")
    sheet = ActionSheetPage.objects.get(external_id="rt-public")
    assert [c.show_email for c in sheet.contacts.all()] == [False, False]


def test_an_unknown_format_version_is_refused_with_its_line(site_data, tmp_path):
    line = json.loads(export(tmp_path / "a.jsonl").splitlines()[0])
    (tmp_path / "v9.jsonl").write_text(json.dumps({**line, "format_version": 9}) + "\n")
    report = import_file(tmp_path / "v9.jsonl")
    assert "« format_version » vaut 9" in report
