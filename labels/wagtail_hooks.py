"""The label's admin: the "Label" menu (labels/viewsets.py), the agents' dossiers and the
campaign on their dashboard, and the editors' review of dossiers."""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from initiatives import roles

from . import sheet_status
from .dashboard import CampaignPanel, editions_with_work
from .decision_freeze import frozen_edition_losing_awards, refusal_to_delete
from .dossiers import review
from .dossiers.views import DOSSIER_URL_NAME, INDEX_URL_NAME, DossierChoiceView, DossierView
from .jury import urls as jury_urls
from .jury.menu import JurorPanel, jury_menu_item
from .jury.roles import juror_editions
from .models import DossierStatus, LabelEditionPage, Mention, Participation
from .viewsets import LabelViewSetGroup, dossiers_url

register_snippet(LabelViewSetGroup)


@hooks.register("register_admin_urls")
def register_campaign_urls():
    return [
        path("label/<int:year>/dossier/", DossierChoiceView.as_view(), name=INDEX_URL_NAME),
        path("label/<int:year>/dossier/<str:code>/", DossierView.as_view(), name=DOSSIER_URL_NAME),
        path(
            "label/dossiers/<int:pk>/incomplet/",
            review.IncompleteView.as_view(),
            name=review.URL_NAME,
        ),
        path(
            "label/fiches/<int:pk>/etat/",
            sheet_status.confirm_sheet_status,
            name=sheet_status.URL_NAME,
        ),
    ]


@hooks.register("construct_homepage_panels")
def campaign_panel(request, panels):
    collectivities = list(roles.agent_collectivities(request.user))
    if collectivities and editions_with_work(collectivities):
        panels.append(CampaignPanel(collectivities))


@hooks.register("register_snippet_listing_buttons")
def incomplete_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, Participation)
        and snippet.status in (DossierStatus.DEPOSITED, DossierStatus.COMPLETE)
        and review.can_review(user)
    ):
        yield Button(
            _("Déclarer incomplet"),
            reverse(review.URL_NAME, args=[snippet.pk]),
            icon_name="warning",
            priority=30,
        )


@hooks.register("register_page_header_buttons")
def edition_dossiers_button(page, user, view_name, next_url=None):
    if page.specific_class is LabelEditionPage and user.has_perm("labels.view_participation"):
        yield Button(
            _("Dossiers de l'édition"), dossiers_url(page), icon_name="trophy", priority=40
        )


@hooks.register("before_delete_snippet")
def refuse_deleting_mentions_in_use(request, instances):
    """A mention the jury gave is kept: deleting it would silently change a palmarès."""
    in_use = [m for m in instances if isinstance(m, Mention) and m.awards.exists()]
    if not in_use:
        return None
    for mention in in_use:
        count = mention.awards.count()
        messages.error(
            request,
            ngettext(
                "La mention « %(name)s » n'a pas été supprimée : %(count)s distinction la "
                "porte. Renommez-la plutôt.",
                "La mention « %(name)s » n'a pas été supprimée : %(count)s distinctions la "
                "portent. Renommez-la plutôt.",
                count,
            )
            % {"name": mention.name, "count": count},
        )
    return redirect(Mention.snippet_viewset.get_url_name("list"))


@hooks.register("before_delete_snippet")
def refuse_deleting_frozen_decisions(request, instances):
    """Deleting a dossier deletes its award: not while its edition's deliberation is closed."""
    edition = frozen_edition_losing_awards(instances)
    if edition is None:
        return None
    messages.error(request, refusal_to_delete(edition))
    return redirect(Participation.snippet_viewset.get_url_name("list"))


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_frozen_decisions(request, page):
    edition = frozen_edition_losing_awards([page])
    if edition is None:
        return None
    messages.error(request, refusal_to_delete(edition))
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_pages_with_frozen_decisions(request, action_type, objects, action):
    if action_type != "delete":
        return None
    edition = frozen_edition_losing_awards(objects)
    if edition is None:
        return None
    messages.error(request, refusal_to_delete(edition))
    return redirect(action.next_url or reverse("wagtailadmin_home"))


# --- the jury's workspace (labels/jury/) ----------------------------------------------------


@hooks.register("register_admin_urls")
def register_jury_urls():
    return [path("label/", include(jury_urls))]


@hooks.register("register_admin_menu_item")
def register_jury_menu_item():
    return jury_menu_item()


@hooks.register("construct_homepage_panels")
def juror_dashboard_panel(request, panels):
    editions = list(juror_editions(request.user))
    if editions:
        panels.append(JurorPanel(editions))
