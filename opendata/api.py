"""The public API (/api/v2/): Wagtail's API v2 narrowed to what anyone may read on the site.

Pages: live and outside any view restriction, for every visitor (Wagtail would show a
logged-in visitor the pages restricted to logged-in users). Images and documents: only those
a public page shows (a sheet's media, a collectivity's logo, a collection's cover).
"""

from rest_framework.filters import BaseFilterBackend

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from initiatives.inspiration import prefetch_visible_inspirations
from initiatives.models import (
    ActionSheetPage,
    CollectivityPage,
    Enjeu,
    Service,
    SheetDocument,
    SheetImage,
    ThematicCollectionPage,
)

from .serializers import EXTRA_PAGE_API_FIELDS

# Listing a single page type (?type=...) shows these besides Wagtail's id, title and URLs.
EXTRA_LISTING_FIELDS = {
    ActionSheetPage: ["date", "subtitle", "collectivity"],
    CollectivityPage: ["kind", "code"],
}


class FrenchErrorsMixin:
    """Malformed parameters get a 400 with a French message, never a server error."""

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except ValidationError as error:
            # A filter value of the wrong type (?date=hier, ?services=abc) fails here.
            raise BadRequestError(" ".join(error.messages)) from error
        except (ValueError, TypeError) as error:
            raise BadRequestError(str(error)) from error

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == 400 and isinstance(response.data, dict):
            detail = response.data.get("message", "")
            response.data = {
                "message": _("Requête invalide : %(detail)s") % {"detail": detail},
                "detail": detail,
            }
        elif response.status_code == 404 and isinstance(response.data, dict):
            response.data = {"message": _("Contenu introuvable ou non public.")}
        return response


class ReferentielFilter(BaseFilterBackend):
    """?enjeu=<slug> and ?service=<slug> (comma-separated for several) on sheets."""

    parameters = {"enjeu": (Enjeu, "services__enjeu__in"), "service": (Service, "services__in")}

    def filter_queryset(self, request, queryset, view):
        for name, (model, lookup) in self.parameters.items():
            raw = request.GET.get(name)
            if raw is None:
                continue
            if queryset.model is not ActionSheetPage:
                raise BadRequestError(
                    _("le filtre « %(name)s » s'applique aux fiches : ajoutez %(type)s.")
                    % {"name": name, "type": "type=initiatives.ActionSheetPage"}
                )
            slugs = [slug for slug in raw.split(",") if slug]
            terms = list(model.objects.filter(slug__in=slugs))
            unknown = sorted(set(slugs) - {term.slug for term in terms})
            if unknown or not slugs:
                raise BadRequestError(
                    _("%(name)s inconnu : « %(slugs)s ».")
                    % {"name": name, "slugs": ", ".join(unknown) or raw}
                )
            # A subquery, so that a sheet matching twice is listed once.
            matching = ActionSheetPage.objects.filter(**{lookup: terms}).values("pk")
            queryset = queryset.filter(pk__in=matching)
        return queryset


class PublicPagesAPIViewSet(FrenchErrorsMixin, PagesAPIViewSet):
    # The search filter must stay last: a search result cannot be filtered further.
    filter_backends = [ReferentielFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ReferentielFilter.parameters
    )

    def get_base_queryset(self):
        # Asked for several times per request; Wagtail reads every restriction each time.
        if not hasattr(self, "_public_pages"):
            self._public_pages = super().get_base_queryset().public()
        return self._public_pages.all()

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        if queryset.model is ActionSheetPage:
            queryset = queryset.select_related("collectivity").prefetch_related(
                Prefetch("services", queryset=Service.objects.select_related("enjeu__category")),
                "contacts",
                "links",
                "tags",
                Prefetch(
                    "images",
                    queryset=SheetImage.objects.select_related("image").prefetch_related(
                        "image__renditions"
                    ),
                ),
                Prefetch("documents", queryset=SheetDocument.objects.select_related("document")),
                *prefetch_visible_inspirations(),
            )
        return queryset

    @classmethod
    def get_body_fields(cls, model):
        extra = EXTRA_PAGE_API_FIELDS.get(model, [])
        return super().get_body_fields(model) + cls._convert_api_fields(extra)

    @classmethod
    def get_listing_default_fields(cls, model):
        return super().get_listing_default_fields(model) + EXTRA_LISTING_FIELDS.get(model, [])


def _public_sheets():
    return ActionSheetPage.objects.live().public().values("pk")


def public_image_filter() -> Q:
    """The images a public page shows: a sheet's gallery, a collectivity's logo, a
    collection's cover."""
    return (
        Q(pk__in=SheetImage.objects.filter(page__in=_public_sheets()).values("image_id"))
        | Q(pk__in=CollectivityPage.objects.live().public().values("logo_id"))
        | Q(pk__in=ThematicCollectionPage.objects.live().public().values("cover_image_id"))
    )


def public_document_filter() -> Q:
    return Q(pk__in=SheetDocument.objects.filter(page__in=_public_sheets()).values("document_id"))


class PublicImagesAPIViewSet(FrenchErrorsMixin, ImagesAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(public_image_filter())


class PublicDocumentsAPIViewSet(FrenchErrorsMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(public_document_filter())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
