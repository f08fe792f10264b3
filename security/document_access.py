"""Who may download a document at ``/documents/<id>/<file>``.

Wagtail serves any document to whoever knows its address. Here a document goes to the
public only when a published page that the public may see uses it (attached to a sheet,
linked from its rich text), or when it sits in the collection editors keep for public
documents ("Documents publics"). Anyone who may choose it in the admin still gets it:
its collectivity's agents (their collection), moderators and editors (every collection),
so that drafts and previews keep working. Everyone else gets the same 404 as for a
document that does not exist.
"""

from django.db.models import ForeignKey, ForeignObjectRel, Q
from django.http import Http404

from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Collection, Page, get_page_models
from wagtail.permissions import policy_registry
from wagtail.rich_text import extract_references_from_rich_text

from initiatives.roles import PUBLIC_DOCUMENTS_COLLECTION


def _parent_page_field(model):
    """The ParentalKey (or foreign key) tying an inline model to its page, if any."""
    for field in model._meta.get_fields():
        if isinstance(field, ForeignKey) and issubclass(field.related_model, Page):
            return field
    return None


def _published_pages(pages):
    return pages.live().public()


def _attached_to_published_page(document) -> bool:
    """Attached through a foreign key: on a page model, or on an inline of a page (whose
    rows are the published version: Wagtail writes a draft's inlines to its revision)."""
    # Hidden relations too: inline models point at documents with related_name="+".
    relations = type(document)._meta.get_fields(include_hidden=True)
    for relation in relations:
        if not isinstance(relation, ForeignObjectRel):
            continue
        model, field = relation.related_model, relation.field
        if not isinstance(field, ForeignKey):
            continue
        if issubclass(model, Page):
            pages = model.objects.filter(**{field.name: document})
        else:
            parent = _parent_page_field(model)
            if parent is None:
                continue
            rows = model.objects.filter(**{field.name: document}).values(parent.attname)
            pages = Page.objects.filter(pk__in=rows)
        if _published_pages(pages).exists():
            return True
    return False


def _linked_from_published_page(document) -> bool:
    """Linked from the rich text of a published page: a text search narrows the pages,
    then each candidate's links are read."""
    marker = f'id="{document.pk}"'
    for model in get_page_models():
        fields = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, RichTextField) and field.model is model
        ]
        if not fields:
            continue
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__contains": 'linktype="document"'}) & Q(
                **{f"{name}__contains": marker}
            )
        candidates = _published_pages(model.objects.filter(condition)).only(*fields)
        for page in candidates:
            for name in fields:
                for referenced, object_id, *_rest in extract_references_from_rich_text(
                    getattr(page, name) or ""
                ):
                    if issubclass(referenced, type(document)) and str(object_id) == str(
                        document.pk
                    ):
                        return True
    return False


def _in_public_collection(document) -> bool:
    public = Collection.objects.filter(name=PUBLIC_DOCUMENTS_COLLECTION, depth=2).first()
    collection = document.collection
    return public is not None and (
        collection.pk == public.pk or collection.path.startswith(public.path)
    )


def is_public(document) -> bool:
    return (
        _in_public_collection(document)
        or _attached_to_published_page(document)
        or _linked_from_published_page(document)
    )


def may_download(user, document) -> bool:
    if user is not None and user.is_authenticated:
        policy = policy_registry.get_by_type(get_document_model())
        if policy.user_has_any_permission_for_instance(user, ["choose", "change"], document):
            return True
    return is_public(document)


def refuse_unpublished_documents(document, request):
    """``before_serve_document``: the same 404 as an unknown document."""
    if not may_download(getattr(request, "user", None), document):
        raise Http404
