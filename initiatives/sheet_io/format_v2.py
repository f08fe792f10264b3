"""What version 2 of the sheet format adds, so that export → import loses nothing: who may
see a sheet (its view restrictions, its own and inherited), whether a contact's address is
shown, link titles, the latest draft of a sheet (with ``--include-drafts``), and the
collectivity's website and introduction (in ``collectivity``).

A version 1 line says none of these: the importer keeps what is stored for them. A
restriction the file names is always put back, so a restricted sheet never comes back
public; a group the site does not have is reported, and the sheet stays visible to its
other groups (or to administrators only).
"""

from dataclasses import replace

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from wagtail.models import Page, PageViewRestriction

from .record_types import SheetRecord, ViewRestriction

KINDS = {
    "login": PageViewRestriction.LOGIN,
    "groups": PageViewRestriction.GROUPS,
    "password": PageViewRestriction.PASSWORD,
}
KIND_NAMES = {value: key for key, value in KINDS.items()}


# Reading a line -------------------------------------------------------------------------


def parse_view_restrictions(parser) -> tuple[ViewRestriction, ...] | None:
    value = parser.data.get("view_restrictions")
    if value is None:
        return None
    if not isinstance(value, list):
        parser.fail(_("« view_restrictions » doit être une liste."))
        return None
    restrictions = []
    for position, item in enumerate(value, start=1):
        label = f"view_restrictions[{position}]"
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in KINDS:
            parser.fail(
                _("« %(field)s » : « type » doit valoir « login », « groups » ou « password ».")
                % {"field": label}
            )
            continue
        groups = item.get("groups") or []
        if kind == "groups" and (
            not isinstance(groups, list) or not all(isinstance(g, str) for g in groups)
        ):
            parser.fail(_("« %(field)s.groups » doit être une liste de noms.") % {"field": label})
            continue
        password = parser.string(item.get("password"), label + ".password", max_length=255)
        if kind == "password" and not password:
            parser.fail(_("« %(field)s.password » est obligatoire.") % {"field": label})
            continue
        restrictions.append(
            ViewRestriction(
                kind,
                tuple(sorted(groups)) if kind == "groups" else (),
                password if kind == "password" else "",
            )
        )
    return tuple(restrictions)


# Describing a stored sheet ----------------------------------------------------------------


def restriction_record(restriction: PageViewRestriction) -> ViewRestriction:
    kind = KIND_NAMES[restriction.restriction_type]
    return ViewRestriction(
        kind,
        tuple(sorted(group.name for group in restriction.groups.all()))
        if kind == "groups"
        else (),
        restriction.password if kind == "password" else "",
    )


class RestrictionsByPath:
    """Every view restriction of the site, read once, found by the path of the page they
    sit on: a sheet's restrictions are those of its ancestors and its own."""

    def __init__(self):
        self.by_path: dict[str, list[ViewRestriction]] = {}
        for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
            "groups"
        ):
            self.by_path.setdefault(restriction.page.path, []).append(
                restriction_record(restriction)
            )

    def of(self, page: Page) -> tuple[ViewRestriction, ...]:
        found = set()
        for end in range(Page.steplen, len(page.path) + 1, Page.steplen):
            found.update(self.by_path.get(page.path[:end], ()))
        return tuple(sorted(found, key=lambda r: (r.kind, r.groups, r.password)))


def latest_draft_page(page):
    """The sheet as its latest revision has it, if that differs from the stored fields."""
    if not page.has_unpublished_changes or page.latest_revision_id is None:
        return None
    return page.get_latest_revision_as_object()


# Writing a sheet ----------------------------------------------------------------------------


def completed_from_stored(record: SheetRecord, stored: SheetRecord | None) -> SheetRecord:
    """A line that does not say something (version 1) keeps what is stored for it."""
    if stored is None:
        return record
    changes = {}
    if record.link_titles is None:
        titles = dict(zip(stored.links, stored.link_titles or (), strict=False))
        changes["link_titles"] = tuple(titles.get(url, "") for url in record.links)
    if any(contact.show_email is None for contact in record.contacts):
        shown = {(c.name, c.email): c.show_email for c in stored.contacts}
        changes["contacts"] = tuple(
            contact
            if contact.show_email is not None
            else replace(contact, show_email=bool(shown.get((contact.name, contact.email))))
            for contact in record.contacts
        )
    if record.view_restrictions is None:
        changes["view_restrictions"] = stored.view_restrictions
    # Absent also from a version 2 file exported without --include-drafts: a draft under way
    # on this site is not thrown away by importing the public sheets.
    if record.latest_draft is None:
        changes["latest_draft"] = stored.latest_draft
    return replace(record, **changes) if changes else record


def apply_view_restrictions(page: Page, wanted, warn) -> None:
    """Puts the wanted restrictions on the sheet (those its ancestors already give it
    excepted) and removes its own other ones. ``warn(text)`` reports unknown groups."""
    if wanted is None:
        return
    wanted = set(wanted)
    inherited = {
        restriction_record(restriction)
        for restriction in PageViewRestriction.objects.filter(
            page__in=page.get_ancestors()
        ).prefetch_related("groups")
    }
    for restriction in PageViewRestriction.objects.filter(page=page).prefetch_related("groups"):
        record = restriction_record(restriction)
        if record in wanted and record not in inherited:
            wanted.discard(record)
        else:
            restriction.delete()
    for record in wanted - inherited:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=KINDS[record.kind], password=record.password
        )
        if record.kind == "groups":
            groups = list(Group.objects.filter(name__in=record.groups))
            missing = sorted(set(record.groups) - {group.name for group in groups})
            if missing:
                warn(
                    _(
                        "groupe(s) inconnu(s) : %(groups)s ; la fiche reste réservée aux "
                        "autres groupes nommés (ou aux administrateurs)."
                    )
                    % {"groups": ", ".join(f"« {name} »" for name in missing)}
                )
            restriction.groups.set(groups)
