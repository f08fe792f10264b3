"""« Inspirée de » — ideas that travel: a sheet names the published sheets of other
collectivities that gave it the idea (``SheetInspiration``), and the inspiring sheet shows
« A inspiré N collectivités ». Only published, public sheets are ever shown or counted on
either side: a draft that names a sheet does not tell it yet.

Here: the queries (page, API, export, search), the admin form's checks, the API field.
"""

from rest_framework import serializers

from django import forms
from django.db.models import F, Prefetch
from django.utils.translation import gettext as _

from .slugs import FrenchSlugPageForm


def _visible_sheets():
    from .models import ActionSheetPage

    return ActionSheetPage.objects.live().public()


def prefetch_visible_inspirations() -> list[Prefetch]:
    """For a listing of sheets (the API): both sides of every sheet's links in two queries
    whatever the number of sheets, read back by ``inspiring_sheets`` and ``inspired_sheets``."""
    from .models import SheetInspiration

    visible = _visible_sheets().values("pk")
    return [
        Prefetch(
            "inspirations",
            queryset=SheetInspiration.objects.filter(source__in=visible).select_related(
                "source__collectivity"
            ),
            to_attr="visible_inspirations",
        ),
        Prefetch(
            "inspired_items",
            queryset=SheetInspiration.objects.filter(page__in=visible)
            .exclude(page__collectivity_id=F("source__collectivity_id"))
            .select_related("page__collectivity")
            .order_by("-page__date", "-page__pk"),
            to_attr="visible_inspired_items",
        ),
    ]


def inspiring_sheets(sheet) -> list:
    """The visible sheets ``sheet`` names, in the order given (a revision's in memory)."""
    if hasattr(sheet, "visible_inspirations"):
        return [item.source for item in sheet.visible_inspirations]
    wanted = [item.source_id for item in sheet.inspirations.all()]
    found = _visible_sheets().filter(pk__in=wanted).select_related("collectivity").in_bulk()
    return [found[pk] for pk in wanted if pk in found]


def inspired_sheets(sheet) -> list:
    """The visible sheets naming ``sheet``, most recent first."""
    if hasattr(sheet, "visible_inspired_items"):
        return list({item.page_id: item.page for item in sheet.visible_inspired_items}.values())
    return list(
        _visible_sheets()
        .filter(inspirations__source=sheet)
        .exclude(collectivity_id=sheet.collectivity_id)
        .select_related("collectivity")
        .distinct()
        .order_by("-date", "-pk")
    )


def inspired_collectivity_count(sheets: list) -> int:
    return len({s.collectivity_id for s in sheets})


def inspiration_pairs(sheet_ids=None) -> list[tuple[int, int]]:
    """(inspiring sheet id, inspired sheet id) for every link between two visible sheets
    of different collectivities (search facets and sort); with ``sheet_ids``, only the
    links with one of those sheets on either side. One query."""
    from django.db.models import Q

    from .models import SheetInspiration

    visible = _visible_sheets().values("pk")
    links = SheetInspiration.objects.all()
    if sheet_ids is not None:
        ids = list(sheet_ids)
        links = links.filter(Q(source_id__in=ids) | Q(page_id__in=ids))
    return list(
        links.filter(source__in=visible, page__in=visible)
        .exclude(page__collectivity_id=F("source__collectivity_id"))
        .values_list("source_id", "page_id")
        .distinct()
    )


class SheetForm(FrenchSlugPageForm):
    """The sheet's admin form: each sheet named in « Inspirée de » must be published and
    belong to another collectivity (the page chooser lists every sheet one may see)."""

    def is_valid(self):
        formset = self.formsets.get("inspirations")
        if formset is not None and not formset.management_form.is_valid():
            # A post that does not carry the field (a script, an older form) leaves the
            # sheet's inspirations as they are, as Wagtail does for comments.
            del self.formsets["inspirations"]
        # The inline forms are cleaned after the page form's own clean(): checked here.
        valid = super().is_valid()
        return self._check_inspirations() and valid

    def _check_inspirations(self) -> bool:
        formset = self.formsets.get("inspirations")
        collectivity_id = self._collectivity_id()
        if formset is None:
            return True
        valid = True
        seen = set()
        for form in formset.forms:
            source = getattr(form, "cleaned_data", {}).get("source")
            if source is None or form.cleaned_data.get("DELETE"):
                continue
            if source.pk == self.instance.pk or (
                collectivity_id is not None and source.collectivity_id == collectivity_id
            ):
                valid = False
                form.add_error(
                    "source",
                    forms.ValidationError(
                        _("Choisissez la fiche d'une autre collectivité que la vôtre.")
                    ),
                )
            elif not _visible_sheets().filter(pk=source.pk).exists():
                valid = False
                form.add_error(
                    "source",
                    forms.ValidationError(
                        _("Cette fiche n'est pas publiée : choisissez une fiche en ligne.")
                    ),
                )
            elif source.pk in seen:
                valid = False
                form.add_error("source", forms.ValidationError(_("Cette fiche est déjà citée.")))
            seen.add(source.pk)
        return valid

    def _collectivity_id(self):
        if self.instance.collectivity_id:
            return self.instance.collectivity_id
        return self.parent_page.pk if self.parent_page is not None else None


class InspirationLinksField(serializers.Field):
    """A list of {id, title, url, collectivity} for the visible sheets on the other side."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.source)

    def to_representation(self, sheets):
        return [
            {
                "id": sheet.pk,
                "title": sheet.title,
                "url": sheet.full_url,
                "collectivity": sheet.collectivity.title if sheet.collectivity else "",
            }
            for sheet in sheets
        ]
