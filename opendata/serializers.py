"""API fields of the pages whose apps know nothing of the API (label editions, thematic
collections): the API app says what it publishes of them, so imports keep flowing one way."""

from rest_framework.fields import Field

from wagtail.api import APIField
from wagtail.api.utils import get_full_url

from initiatives.api_serializers import ImageSummarySerializer
from initiatives.models import ThematicCollectionPage
from initiatives.thematic import collection_page_context
from labels.models import LabelEditionPage
from labels.palmares import edition_awards


def _page_url(context, page) -> str | None:
    request = context.get("request")
    url = page.get_url(request)
    return get_full_url(request, url) if request is not None and url else url


def _api_detail_url(context, page_model, pk) -> str | None:
    router, request = context.get("router"), context.get("request")
    if router is None or request is None:
        return None
    path = router.get_object_detail_urlpath(page_model, pk)
    return get_full_url(request, path) if path else None


class WholePageField(Field):
    """A read-only field computed from the whole page rather than one attribute."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance


class PalmaresField(WholePageField):
    """The edition's awards: an empty list until the ceremony. It reads them through the
    label's embargo rule (``Award.objects.public()``), whoever asks."""

    def to_representation(self, edition):
        awards = (
            edition_awards(edition)
            .select_related("participation__collectivity")
            .prefetch_related("mentions")
            .order_by("-arobases", "-excellence", "participation__collectivity__title")
        )
        rows = []
        for award in awards:
            collectivity = award.participation.collectivity
            rows.append(
                {
                    "collectivity": {
                        "id": collectivity.pk,
                        "title": collectivity.title,
                        "code": collectivity.code,
                        "kind": collectivity.kind,
                    },
                    "arobases": award.arobases,
                    "excellence": award.excellence,
                    "mentions": [mention.name for mention in award.mentions.all()],
                    "jury_comment": award.jury_comment,
                    "award_url": get_full_url(
                        self.context.get("request"),
                        edition.award_url(collectivity.slug, self.context.get("request")),
                    ),
                }
            )
        return rows


class JuryField(WholePageField):
    def to_representation(self, edition):
        return [{"name": member.name, "role": member.role} for member in edition.jury_members.all()]


class CollectionSheetsField(WholePageField):
    """The collection's live, public sheets as the page lists them: picked ones first."""

    def to_representation(self, collection):
        context = collection_page_context(collection)
        entries = [(item["sheet"], item["note"]) for item in context["picked"]]
        entries += [(sheet, "") for sheet in context["automatic"]]
        return [
            {
                "id": sheet.pk,
                "title": sheet.title,
                "note": note,
                "detail_url": _api_detail_url(self.context, type(sheet), sheet.pk),
                "html_url": _page_url(self.context, sheet),
            }
            for sheet, note in entries
        ]


# Fields added to the pages endpoint for page types that declare no ``api_fields``.
EXTRA_PAGE_API_FIELDS = {
    LabelEditionPage: [
        APIField("year"),
        APIField("number"),
        APIField("applications_open"),
        APIField("applications_close"),
        APIField("jury_date"),
        APIField("ceremony_at"),
        APIField("ceremony_place"),
        APIField("introduction"),
        APIField("jury", serializer=JuryField()),
        APIField("palmares", serializer=PalmaresField()),
    ],
    ThematicCollectionPage: [
        APIField("introduction"),
        APIField("featured"),
        APIField("cover_image", serializer=ImageSummarySerializer(read_only=True)),
        APIField("sheets", serializer=CollectionSheetsField()),
    ],
}
