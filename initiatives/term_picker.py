"""A picker for the référentiel's terms (and the label's mentions): grouped, searchable as
one types (accents ignored), the chosen terms shown as removable chips, by keyboard and
screen reader alike.

The widget renders a plain ``<select multiple>`` whose options are grouped (``<optgroup>``
per enjeu, its catégorie in a data attribute): without JavaScript it still works.
``static/js/term-picker.js`` (no inline script: the Content Security Policy forbids it on
public pages) hides it and builds, from the same options, a search field, fieldsets of
checkboxes and the chips; every tick is written back to the select, which the form posts.

Usage::

    FieldPanel("services", widget=TermPicker(grouping=service_groups))
    FieldPanel("auto_enjeux", widget=TermPicker(grouping=enjeu_groups))
    FieldPanel("mentions", widget=TermPicker())
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.template import loader
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Group:
    label: str
    category: str = ""


def service_groups() -> dict[int, Group]:
    """Each service's enjeu, under its catégorie (one query)."""
    from .models import Service

    return {
        pk: Group(enjeu, category)
        for pk, enjeu, category in Service.objects.values_list(
            "pk", "enjeu__name", "enjeu__category__name"
        )
    }


def enjeu_groups() -> dict[int, Group]:
    """Each enjeu under its catégorie (one query)."""
    from .models import Enjeu

    return {
        pk: Group(category) for pk, category in Enjeu.objects.values_list("pk", "category__name")
    }


class TermPicker(forms.SelectMultiple):
    """``grouping`` returns {pk: Group} for the options; without it, one flat list."""

    template_name = "initiatives/widgets/term_picker.html"

    class Media:
        js = ["js/term-picker.js"]
        css = {"all": ["css/term-picker.css"]}

    def __init__(
        self,
        attrs=None,
        choices=(),
        grouping: Callable[[], dict[int, Group]] | None = None,
        search_label=None,
        chosen_label=None,
        none_chosen_label=None,
    ):
        super().__init__(attrs, choices)
        self.grouping = grouping
        self.search_label = search_label or _("Rechercher")
        self.chosen_label = chosen_label or _("Choisis :")
        # « Aucun » agrees with services and enjeux; mentions need « Aucune ».
        self.none_chosen_label = none_chosen_label or _("Aucun pour l'instant.")

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.grouping = self.grouping
        return copy

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-term-picker": "",
                "data-search-label": str(self.search_label),
                "data-chosen-label": str(self.chosen_label),
                "data-none-chosen": str(self.none_chosen_label),
                "data-remove-label": str(_("Retirer")),
                "data-count-one": str(_("1 résultat")),
                "data-count-many": str(_("%(count)s résultats")),
                "data-count-none": str(_("Aucun résultat : essayez un autre mot.")),
            }
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's template engine: the form renderer only sees Django's own widgets.
        return mark_safe(loader.render_to_string(template_name, context))  # noqa: S308

    def optgroups(self, name, value, attrs=None):
        flat = super().optgroups(name, value, attrs)
        if self.grouping is None:
            return flat
        groups_of = self.grouping()
        grouped: dict[Group, list] = {}
        for _group_name, options, _index in flat:
            for option in options:
                pk = getattr(option["value"], "value", option["value"])
                grouped.setdefault(groups_of.get(_as_int(pk), Group("")), []).append(option)
        return [(group, options, index) for index, (group, options) in enumerate(grouped.items())]


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value
