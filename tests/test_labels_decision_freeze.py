"""While an edition's deliberation is closed its decisions are frozen on every write path:
the « Dossiers et distinctions » admin (change, add, delete, move), deleting a dossier or a
page, the CSV import, the jury's decision and the model itself. Each refuses in French and
keeps what was saved; reopening the deliberation (with a reason) lets the change through."""

import datetime
import html
import io

import pytest

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from labels.decision_freeze import DecisionsFrozen
from labels.jury.deliberation import record_decision
from labels.models import Award, LabelEditionPage, Participation
from tests.factories import make_collectivity
from tests.test_labels_models import make_award, make_edition, mention

pytestmark = pytest.mark.django_db

FROZEN = "Le délibéré du Label 2023 est clos : ses décisions sont figées."
NOT_DELETED = "Rien n'a été supprimé : des décisions du Label 2023 en dépendent"
COMMENT = "Une démarche solide.\nDeux lignes."


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@x.fr", "pw"))
    return client


@pytest.fixture
def frozen():
    """Label 2023 with Saint-Malo's 4 @ decided and the deliberation closed."""
    edition = make_edition(2023)
    award = make_award(edition, make_collectivity(), 4, comment=COMMENT)
    close(edition)
    return Award.objects.select_related("participation__edition").get(pk=award.pk)


def close(edition, closed=True):
    LabelEditionPage.objects.filter(pk=edition.pk).update(
        deliberation_closed_at=timezone.now() if closed else None
    )


def stored(award):
    """The decision as the public reads it (a comment's line breaks as \n)."""
    award = Award.objects.get(pk=award.pk)
    comment = award.jury_comment.replace("\r\n", "\n")
    return award.arobases, award.excellence, comment, list(award.mentions.all())


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def edit_data(decision, edition=None, award=(), contact_name=None):
    """The admin form of the decision's dossier as posted unchanged, but for ``award``
    (fields of the inline decision), ``edition`` and ``contact_name``."""
    participation = decision.participation
    row = {
        "id": decision.pk,
        "arobases": str(decision.arobases),
        # As a browser posts a textarea: the same comment with \r\n is not a change.
        "jury_comment": decision.jury_comment.replace("\n", "\r\n"),
        "mentions": tuple(m.pk for m in decision.mentions.all()),
        **dict(award),
    }
    data = {
        "edition": (edition or participation.edition).pk,
        "collectivity": participation.collectivity.pk,
        "status": participation.status,
        "contact_name": contact_name if contact_name is not None else participation.contact_name,
        "sheets": (),
        "awards": inline_formset([row], initial=1, max=1),
    }
    return nested_form_data(data)


def edit_url(award):
    return reverse("wagtailsnippets_labels_participation:edit", args=[award.participation.pk])


# The « Dossiers et distinctions » admin


def test_changing_a_frozen_decision_in_the_admin_is_refused_in_french(editor, frozen):
    before = stored(frozen)
    response = editor.post(edit_url(frozen), edit_data(frozen, award={"arobases": "5"}))

    assert response.status_code == 200
    assert FROZEN in page_text(response)
    assert "rouvre le délibéré, avec un motif" in page_text(response)
    assert stored(frozen) == before

    # The dossier's other fields stay editable: only the decision is frozen.
    response = editor.post(edit_url(frozen), edit_data(frozen, contact_name="Agnès Dupont"))
    assert response.status_code == 302, page_text(response)[:2000]
    assert Participation.objects.get(pk=frozen.participation.pk).contact_name == "Agnès Dupont"
    assert stored(frozen) == before


def test_adding_a_mention_to_a_frozen_decision_is_refused(editor, frozen):
    response = editor.post(
        edit_url(frozen),
        edit_data(frozen, award={"mentions": (mention("arobase-verte").pk,)}),
    )
    assert FROZEN in page_text(response)
    assert not Award.objects.get(pk=frozen.pk).mentions.exists()


def test_deleting_a_frozen_decision_in_the_admin_is_refused(editor, frozen):
    response = editor.post(edit_url(frozen), edit_data(frozen, award={"DELETE": "1"}))
    assert FROZEN in page_text(response)
    assert Award.objects.filter(pk=frozen.pk).exists()


def test_moving_a_decided_dossier_out_of_a_closed_edition_is_refused(editor, frozen):
    other = make_edition(2024, ceremony_at=timezone.now() + datetime.timedelta(days=90))
    response = editor.post(edit_url(frozen), edit_data(frozen, edition=other))
    assert FROZEN in page_text(response)
    assert (
        Participation.objects.get(pk=frozen.participation.pk).edition_id
        == frozen.participation.edition_id
    )


def test_a_new_dossier_with_a_decision_in_a_closed_edition_is_refused(editor, frozen):
    rennes = make_collectivity("35238", "Rennes")
    data = nested_form_data(
        {
            "edition": frozen.participation.edition.pk,
            "collectivity": rennes.pk,
            "sheets": (),
            "awards": inline_formset([{"arobases": "3", "jury_comment": ""}], max=1),
        }
    )
    response = editor.post(reverse("wagtailsnippets_labels_participation:add"), data)
    assert response.status_code == 200
    assert FROZEN in page_text(response)
    assert not Participation.objects.filter(collectivity=rennes).exists()


def test_after_a_reopening_the_admin_changes_the_decision(editor, frozen):
    close(frozen.participation.edition, closed=False)
    response = editor.post(edit_url(frozen), edit_data(frozen, award={"arobases": "5"}))
    assert response.status_code == 302
    assert Award.objects.get(pk=frozen.pk).arobases == 5


# Deleting what holds a frozen decision


def test_deleting_a_decided_dossier_of_a_closed_edition_is_refused(editor, frozen):
    url = reverse("wagtailsnippets_labels_participation:delete", args=[frozen.participation.pk])
    response = editor.post(url, follow=True)
    assert NOT_DELETED in page_text(response)
    assert Award.objects.filter(pk=frozen.pk).exists()


def test_bulk_deleting_decided_dossiers_of_a_closed_edition_is_refused(editor, frozen):
    url = reverse("wagtail_bulk_action", args=["labels", "participation", "delete"])
    response = editor.post(f"{url}?id={frozen.participation.pk}", follow=True)
    assert NOT_DELETED in page_text(response)
    assert Award.objects.filter(pk=frozen.pk).exists()


def test_deleting_the_edition_page_of_a_closed_deliberation_is_refused(editor, frozen):
    edition = frozen.participation.edition
    response = editor.post(reverse("wagtailadmin_pages:delete", args=[edition.pk]), follow=True)
    assert NOT_DELETED in page_text(response)
    assert LabelEditionPage.objects.filter(pk=edition.pk).exists()
    assert Award.objects.filter(pk=frozen.pk).exists()


def test_publishing_an_older_revision_of_the_edition_keeps_the_deliberation_closed(frozen):
    edition = LabelEditionPage.objects.get(pk=frozen.participation.edition.pk)
    closed_at = edition.deliberation_closed_at
    # The editor's edit form starts from the latest revision, written before the closing.
    page = edition.get_latest_revision_as_object()
    page.ceremony_place = "Toulouse"
    page.save_revision().publish()

    edition.refresh_from_db()
    assert (edition.ceremony_place, edition.deliberation_closed_at) == ("Toulouse", closed_at)


# The CSV import, the jury's decision, the model


def test_an_import_line_changing_a_frozen_decision_is_refused_and_the_others_kept(frozen, tmp_path):
    make_collectivity("35238", "Rennes")
    open_edition = make_edition(
        2022, ceremony_at=datetime.datetime(2022, 2, 3, tzinfo=datetime.UTC)
    )
    path = tmp_path / "palmares.csv"
    path.write_text(
        "edition,code,arobases,distinction,mentions\n"
        "2023,35288,5,non,\n"  # a change
        "2023,35238,3,non,\n"  # a new decision in the closed edition
        "2022,35238,2,non,\n",  # another edition: imported
        encoding="utf-8",
    )
    before = stored(frozen)

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_awards", str(path), stdout=io.StringIO(), stderr=err)

    assert "Ligne 2 : " + FROZEN in err.getvalue() and "Ligne 3 : " + FROZEN in err.getvalue()
    assert "Ligne 4" not in err.getvalue()
    assert stored(frozen) == before
    assert not Participation.objects.filter(
        edition=frozen.participation.edition, collectivity__code="35238"
    ).exists()
    assert Award.objects.get(participation__edition=open_edition).arobases == 2

    # The same decision again changes nothing, so it is not an error.
    path.write_text("edition,code,arobases,distinction,mentions\n2023,35288,4,non,\n")
    out = io.StringIO()
    call_command("import_awards", str(path), stdout=out, stderr=io.StringIO())
    assert "1 inchangée(s)" in out.getvalue()


def test_the_model_refuses_a_changed_decision_and_accepts_an_unchanged_one(frozen):
    award = Award.objects.get(pk=frozen.pk)
    award.jury_comment = COMMENT.replace("\n", "\r\n")
    award.full_clean()  # the same decision, as a browser would post it

    award.arobases = 5
    with pytest.raises(ValidationError) as refused:
        award.full_clean()
    assert FROZEN in " ".join(refused.value.messages)

    new = Award(participation=frozen.participation, arobases=3)
    with pytest.raises(ValidationError):
        new.clean()


def test_the_jury_s_decision_refuses_a_closed_deliberation(frozen):
    with pytest.raises(DecisionsFrozen):
        record_decision(
            frozen.participation, arobases=1, excellence=False, mentions=(), jury_comment=""
        )
    assert stored(frozen)[0] == 4
