"""How sheets and collectivities appear in the public API (/api/v2/): the référentiel by slug
and name, contacts without the e-mail addresses their owners chose to hide, media as small
objects pointing to the images and documents endpoints."""

from rest_framework import serializers

from wagtail.api.utils import get_full_url
from wagtail.images.api.fields import ImageRenditionField

API_IMAGE_SPEC = "max-1200x900"


class EnjeuSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)


class ServiceSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    enjeu = serializers.CharField(source="enjeu.slug", read_only=True)


class TagNamesField(serializers.Field):
    """Tag names in alphabetical order, from the prefetched tags (Wagtail's own TagsField
    queries once per page)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return sorted((tag.name for tag in manager.all()), key=str.casefold)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    email = serializers.SerializerMethodField()

    def get_email(self, contact):
        # The address is public only when its owner ticked "afficher le courriel".
        return contact.email if contact.show_email and contact.email else None


class LinkSerializer(serializers.Serializer):
    url = serializers.URLField(read_only=True)
    title = serializers.CharField(read_only=True)


def _detail_url(context, model, pk):
    router = context.get("router")
    request = context.get("request")
    if router is None or request is None:
        return None
    path = router.get_object_detail_urlpath(model, pk)
    return get_full_url(request, path) if path else None


class SheetImageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="image.id", read_only=True)
    title = serializers.CharField(source="image.title", read_only=True)
    caption = serializers.CharField(read_only=True)
    rendition = ImageRenditionField(API_IMAGE_SPEC, source="image", read_only=True)
    detail_url = serializers.SerializerMethodField()

    def get_detail_url(self, item):
        return _detail_url(self.context, type(item.image), item.image_id)


class SheetDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="document.id", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    download_url = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()

    def get_download_url(self, item):
        request = self.context.get("request")
        url = item.document.url
        return get_full_url(request, url) if request is not None else url

    def get_detail_url(self, item):
        return _detail_url(self.context, type(item.document), item.document_id)


class ImageSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    rendition = ImageRenditionField("max-400x400", source="*", read_only=True)
    detail_url = serializers.SerializerMethodField()

    def get_detail_url(self, image):
        return _detail_url(self.context, type(image), image.pk)
