"""Shared set-up of the role tests: two collectivities with live and draft sheets, one user
per role, and the admin form data of a sheet."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from initiatives import roles
from initiatives.models import ActionSheetPage, CollectivityPage

from .factories import ServiceFactory, make_collectivity, make_sheet

PASSWORD = "un mot de passe solide"
RICH_TEXT_FIELDS = ("synthese", "actions", "resultats", "recommandations")


@dataclass
class World:
    a: CollectivityPage
    b: CollectivityPage
    a_live: ActionSheetPage
    a_draft: ActionSheetPage
    b_live: ActionSheetPage
    b_draft: ActionSheetPage
    agent_a: object
    agent_b: object
    moderator: object
    editor: object


def make_user(username, *groups, **fields):
    user = get_user_model().objects.create_user(
        username=username, email=fields.pop("email", username), password=PASSWORD, **fields
    )
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return user


def make_admin_user(username, password=PASSWORD):
    """A staff user allowed into the Wagtail admin and nothing more (no group)."""
    user = get_user_model().objects.create_user(username, username, password, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def make_agent(email, collectivity):
    user, _created = roles.attach_agent(email, collectivity)
    user.set_password(PASSWORD)
    user.save()
    return user


def build_world() -> World:
    a = make_collectivity("35288", "Saint-Malo")
    b = make_collectivity("35238", "Rennes")
    service = ServiceFactory(name="Fablab")
    agent_a = make_agent("agent@saint-malo.fr", a)
    agent_b = make_agent("agent@rennes.fr", b)
    return World(
        a=a,
        b=b,
        a_live=make_sheet(a, "Un fablab au port", services=[service]),
        a_draft=make_sheet(
            a, "Brouillon malouin des ateliers", services=[service], live=False, owner=agent_a
        ),
        b_live=make_sheet(b, "La carte des services rennais", services=[service]),
        b_draft=make_sheet(
            b, "Projet confidentiel rennais", services=[service], live=False, owner=agent_b
        ),
        agent_a=agent_a,
        agent_b=agent_b,
        moderator=make_user("moderatrice@villes-internet.net", roles.MODERATORS),
        editor=make_user("editeur@villes-internet.net", roles.EDITORS),
    )


# The inline panels of the sheet form, each posted with its management form even when empty.
SHEET_INLINES = ("contacts", "links", "images", "documents", "inspirations", "comments")


def empty_sheet_inlines() -> dict:
    return {name: inline_formset([]) for name in SHEET_INLINES}


def sheet_form(sheet, **fields) -> dict:
    """What the admin's edit form posts for ``sheet``, with ``fields`` changed."""
    data = {
        "title": sheet.title,
        "slug": sheet.slug,
        "subtitle": sheet.subtitle,
        "date": sheet.date.isoformat(),
        "synthese": sheet.synthese or "<p>Un lieu ouvert à tous.</p>",
        "actions": sheet.actions,
        "resultats": sheet.resultats,
        "recommandations": sheet.recommandations,
        "outils": sheet.outils,
        "prestataires": sheet.prestataires,
        "tags": ", ".join(tag.name for tag in sheet.tags.all()),
        "external_id": sheet.external_id,
        **empty_sheet_inlines(),
    }
    data.update(fields)
    for name in RICH_TEXT_FIELDS:
        data[name] = rich_text(data[name])
    services = data.pop("services", [service.pk for service in sheet.services.all()])
    return {**nested_form_data(data), "services": services}


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def admin_url(name, *args) -> str:
    return reverse(f"wagtailadmin_pages:{name}", args=args)


def refreshed(page):
    return type(page).objects.get(pk=page.pk)
