"""The label belongs to its editors: before the ceremony, moderators (who review every sheet)
neither see the palmarès nor touch an edition; editors see it, never from a shared cache."""

import pytest

from django.urls import reverse

from initiatives import roles
from labels.access import may_see_embargoed_palmares
from labels.models import LabelEditionPage
from tests.factories import make_collectivity, make_sheet
from tests.role_helpers import make_user
from tests.test_labels_models import future, make_award, make_edition, mention

pytestmark = pytest.mark.django_db

SECRETS = ("Saint-Malo", "Secret du jury", "Arobase verte")


@pytest.fixture
def embargoed(referentiel):
    """Label 2027, published, ceremony to come, with Saint-Malo's secret 5 @."""
    edition = make_edition(2027, ceremony_at=future(), place="Albi")
    saint_malo = make_collectivity()
    sheet = make_sheet(saint_malo, "Fiche présentée")
    make_award(
        edition,
        saint_malo,
        5,
        excellence=True,
        mentions=[mention("arobase-verte")],
        sheets=[sheet],
        comment="Secret du jury.",
    )
    return edition


@pytest.fixture
def moderator(db):
    return make_user("moderatrice@villes-internet.net", roles.MODERATORS)


@pytest.fixture
def editor(db):
    return make_user("editeur@villes-internet.net", roles.EDITORS)


def refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response["Location"]
    )


def test_a_moderator_sees_no_embargoed_palmares_nor_award_page(client, embargoed, moderator):
    client.force_login(moderator)

    palmares = client.get("/label/2027/")
    assert palmares.status_code == 200
    page = palmares.content.decode()
    assert "Palmarès dévoilé le" in page
    for secret in SECRETS:
        assert secret not in page, secret
    assert client.get("/label/2027/saint-malo/").status_code == 404
    assert not may_see_embargoed_palmares(moderator, embargoed)


def test_a_moderator_can_neither_edit_preview_nor_unpublish_an_edition(
    client, embargoed, moderator
):
    client.force_login(moderator)
    pk = embargoed.pk

    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:edit", args=[pk]), {"title": "X"}))
    assert refused(client.get(reverse("wagtailadmin_pages:view_draft", args=[pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[pk])))
    assert refused(client.get(reverse("wagtailadmin_pages:history", args=[pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:lock", args=[pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:delete", args=[pk])))
    bulk_publish = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={pk}"
    )
    client.post(bulk_publish)
    edition = LabelEditionPage.objects.get(pk=pk)
    assert edition.live and edition.title == "Label 2027" and not edition.locked


def test_moderators_still_review_sheets_while_the_label_is_not_theirs(client, embargoed, moderator):
    sheet = make_sheet(make_collectivity("35238", "Rennes"), "Fiche rennaise", live=False)
    client.force_login(moderator)

    assert client.get(reverse("wagtailadmin_pages:edit", args=[sheet.pk])).status_code == 200
    # Submitting an edition for moderation would not reach the moderators' review either.
    assert not embargoed.has_workflow and embargoed.get_workflow() is None
    assert sheet.has_workflow


def test_an_editor_sees_the_embargoed_palmares_marked_private(client, embargoed, editor):
    client.force_login(editor)

    palmares = client.get("/label/2027/")
    award = client.get("/label/2027/saint-malo/")

    assert "Saint-Malo" in palmares.content.decode()
    assert "Secret du jury" in award.content.decode()
    for response in (palmares, award):
        assert "private" in response["Cache-Control"]
    assert client.get(reverse("wagtailadmin_pages:edit", args=[embargoed.pk])).status_code == 200
    assert may_see_embargoed_palmares(editor, embargoed)
    # Once the ceremony has begun, the palmarès is everyone's: caches may keep it.
    client.logout()
    embargoed.ceremony_at = future(-1)
    embargoed.save_revision().publish()
    public = client.get("/label/2027/")
    assert "Saint-Malo" in public.content.decode()
    assert "private" not in public.get("Cache-Control", "")
