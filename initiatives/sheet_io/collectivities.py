"""Finds, creates or updates the collectivity page of each imported sheet, keyed by code.

Within one run the first line naming a code decides the collectivity's fields; later lines
naming it with other values are reported and change nothing. If the last line won instead,
a file holding two versions would rewrite the collectivity twice on every run.
"""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from initiatives.models import CollectivityPage
from initiatives.page_tree import bulk_add_children, reindex

from .record_types import CollectivityRecord

# JSON key → CollectivityPage attribute.
FIELDS = {
    "name": "title",
    "kind": "kind",
    "population": "population",
    "departement": "departement",
    "region": "region",
    "members": "members",
    # Version 2 of the format.
    "website": "website",
    "introduction": "introduction",
}


class ImportAborted(Exception):
    """The import cannot start at all (the reason is in French)."""


def error_reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(
            f"« {field} » : {message}" if field != "__all__" else str(message)
            for field, messages in getattr(
                error, "message_dict", {"__all__": error.messages}
            ).items()
            for message in messages
        )
    return _("erreur de base de données : %(detail)s") % {"detail": str(error)[:300]}


def collectivity_root() -> Page:
    """The home page of the default site, where collectivities live."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    if root is None or not CollectivityPage.can_exist_under(root):
        raise ImportAborted(
            _("Aucune page d'accueil ne peut recevoir les collectivités : lancez d'abord migrate.")
        )
    return root


def _stored_value(page: CollectivityPage, key: str):
    if key == "members":
        return tuple(page.member_codes)
    return getattr(page, FIELDS[key])


def _model_value(data: CollectivityRecord, key: str):
    value = getattr(data, key)
    return ", ".join(value) if key == "members" else value


class CollectivityResolver:
    def __init__(self, root: Page):
        self.root = root
        self.pages: dict[str, CollectivityPage] = {}
        self.sources: dict[str, tuple[int, CollectivityRecord]] = {}
        self.refused: dict[str, str] = {}
        self.created = 0
        self.updated = 0

    def forget(self) -> None:
        """After a rollback, pages created or changed in it are looked up afresh."""
        self.pages.clear()
        self.sources.clear()

    def resolve(self, batch, fail, warn) -> list:
        """Returns ``(line, record, collectivity page)`` for each line whose collectivity
        could be found or saved; ``fail(line, reason)`` reports the others."""
        wanted: dict[str, tuple[int, CollectivityRecord]] = {}
        for line, record in batch:
            data = record.collectivity
            source = self.sources.get(data.code) or wanted.get(data.code)
            if source is None:
                wanted[data.code] = (line, data)
            elif self._differs(source[1], data):
                warn(
                    line,
                    _(
                        "la collectivité « %(code)s » est décrite autrement qu'à la ligne "
                        "%(first)d ; la description de la ligne %(first)d est conservée."
                    )
                    % {"code": data.code, "first": source[0]},
                )
        if wanted:
            self._save(wanted)
        resolved = []
        for line, record in batch:
            code = record.collectivity.code
            if code in self.refused:
                fail(line, self.refused[code])
            else:
                resolved.append((line, record, self.pages[code]))
        return resolved

    @staticmethod
    def _differs(first: CollectivityRecord, other: CollectivityRecord) -> bool:
        return any(
            getattr(first, key) != getattr(other, key) for key in other.given if key in FIELDS
        )

    def _save(self, wanted) -> None:
        existing = CollectivityPage.objects.filter(code__in=wanted)
        for page in existing:
            self.pages[page.code] = page
        new_pages = []
        for code, (line, data) in wanted.items():
            self.sources[code] = (line, data)
            page = self.pages.get(code)
            if page is None:
                new_pages.append(self._new_page(data))
                continue
            try:
                if self._update(page, data):
                    self.updated += 1
            except (ValidationError, DatabaseError) as error:
                self.refused[code] = _(
                    "la collectivité « %(code)s » n'a pas pu être mise à jour : %(reason)s"
                ) % {"code": code, "reason": error_reason(error)}
        if new_pages:
            self._create(new_pages)

    def _create(self, new_pages) -> None:
        """Bulk insert; if the database refuses, one by one to find the culprit."""
        try:
            with transaction.atomic():
                bulk_add_children(self.root, new_pages)
                reindex(CollectivityPage, [page.pk for page in new_pages])
        except DatabaseError as error:
            if len(new_pages) == 1:
                code = new_pages[0].code
                self.refused[code] = _(
                    "la collectivité « %(code)s » n'a pas pu être créée : %(reason)s"
                ) % {"code": code, "reason": error_reason(error)}
                return
            for page in new_pages:
                # A fresh instance: the failed attempt left a path and an id on this one.
                self._create([self._new_page(self.sources[page.code][1])])
            return
        for page in new_pages:
            self.pages[page.code] = page
        self.created += len(new_pages)

    @staticmethod
    def _new_page(data: CollectivityRecord) -> CollectivityPage:
        return CollectivityPage(
            title=data.name,
            code=data.code,
            kind=data.kind,
            population=data.population,
            departement=data.departement,
            region=data.region,
            members=", ".join(data.members),
            website=data.website,
            introduction=data.introduction,
            live=True,
        )

    @staticmethod
    def _update(page: CollectivityPage, data: CollectivityRecord) -> bool:
        """Writes the fields the line gave, if they differ; True if the page changed."""
        changes = {
            FIELDS[key]: _model_value(data, key)
            for key in data.given
            if key in FIELDS and _stored_value(page, key) != getattr(data, key)
        }
        if not changes:
            return False
        with transaction.atomic():
            for attname, value in changes.items():
                setattr(page, attname, value)
            # Through a revision, so the admin editor shows what the import wrote.
            if page.live:
                page.save_revision().publish()
            else:
                page.save()
                page.save_revision()
        return True
