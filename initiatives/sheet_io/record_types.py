"""The records the sheet format is made of, as the importer and the exporter exchange them.

``to_json`` gives the public JSON Lines shape (key order included); ``comparison_key`` is
what decides whether a stored sheet already matches its line.
"""

import dataclasses
import datetime
from dataclasses import dataclass

PUBLISHED, DRAFT = "published", "draft"
# Version 2 carries what version 1 lost on a round trip (see format_v2.py). A line without
# "format_version" is a version 1 line, still read.
FORMAT_VERSION = 2
RICH_TEXT_FIELDS = ("actions", "synthese", "recommandations", "resultats")
PLAIN_TEXT_FIELDS = ("outils", "prestataires")


def clean_text(value: str) -> str:
    # PostgreSQL refuses NUL characters in text columns.
    return value.replace("\x00", "").strip()


@dataclass(frozen=True)
class Contact:
    name: str
    role: str = ""
    email: str = ""
    # Version 2: whether the site shows the address (None: not said, a version 1 line).
    show_email: bool | None = None


@dataclass(frozen=True)
class ViewRestriction:
    """Who may see a sheet: "login" (any logged-in user), "groups" (their members) or
    "password" (anyone who gives it)."""

    kind: str
    groups: tuple[str, ...] = ()
    password: str = ""

    def to_json(self) -> dict:
        data = {"type": self.kind}
        if self.kind == "groups":
            data["groups"] = list(self.groups)
        if self.kind == "password":
            data["password"] = self.password
        return data


@dataclass(frozen=True)
class CollectivityRecord:
    """The collectivity of a sheet, completed from the COG. ``given`` names the fields the
    line set itself: only those overwrite what an existing collectivity already stores."""

    code: str
    name: str
    kind: str
    population: int | None
    departement: str
    region: str
    members: tuple[str, ...]
    given: frozenset = frozenset()
    # Version 2.
    website: str = ""
    introduction: str = ""

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "population": self.population,
            "departement": self.departement,
            "region": self.region,
            "members": list(self.members),
            "website": self.website,
            "introduction": self.introduction,
        }


@dataclass(frozen=True)
class SheetRecord:
    external_id: str
    title: str
    subtitle: str
    date: datetime.date
    actions: str
    synthese: str
    outils: str
    prestataires: str
    recommandations: str
    resultats: str
    links: tuple[str, ...]
    contacts: tuple[Contact, ...]
    services: tuple[str, ...]
    tags: tuple[str, ...]
    status: str
    collectivity: CollectivityRecord | None
    # Version 2 (None: not said, a version 1 line; the importer keeps what is stored).
    format_version: int = 1
    link_titles: tuple[str, ...] | None = None
    view_restrictions: tuple[ViewRestriction, ...] | None = None
    # The sheet's latest revision when it differs from what is live (or, for a draft, from
    # its stored fields): its content only, without status, collectivity or restrictions.
    latest_draft: "SheetRecord | None" = None
    # External ids of the sheets that inspired this one; None: the line did not say.
    inspired_by: tuple[str, ...] | None = None
    # Where the action stands and when that was last confirmed. None: the line does not say
    # (a file written before these fields), and a stored sheet keeps its own.
    action_status: str | None = None
    status_confirmed_on: datetime.date | None = None

    @property
    def live(self) -> bool:
        return self.status == PUBLISHED

    def completed_from(self, stored: "SheetRecord") -> "SheetRecord":
        """This line, with what it does not say taken from the stored sheet."""
        if self.action_status is not None:
            return self
        return dataclasses.replace(
            self,
            action_status=stored.action_status,
            status_confirmed_on=stored.status_confirmed_on,
        )

    def status_fields(self) -> dict:
        """The model fields this line sets about the action's status (none for old files)."""
        if self.action_status is None:
            return {}
        return {
            "action_status": self.action_status,
            "status_confirmed_on": self.status_confirmed_on,
        }

    def comparison_key(self) -> tuple:
        """What must match for a stored sheet to count as unchanged. Services and tags have
        no order; tags compare as taggit does, ignoring case."""
        return (
            self.external_id,
            self.title,
            self.subtitle,
            self.date,
            *(getattr(self, name) for name in RICH_TEXT_FIELDS + PLAIN_TEXT_FIELDS),
            self.links,
            self.contacts,
            frozenset(self.services),
            frozenset(tag.casefold() for tag in self.tags),
            self.status,
            self.collectivity.code if self.collectivity else None,
            self.link_titles,
            frozenset(self.view_restrictions or ()),
            self.latest_draft.comparison_key() if self.latest_draft else None,
            self.inspired_by,
            self.action_status,
            self.status_confirmed_on,
        )

    def to_json(self) -> dict:
        data = {
            "format_version": FORMAT_VERSION,
            **self.content_json(),
            "status": self.status,
            "collectivity": self.collectivity.to_json(),
            "view_restrictions": [r.to_json() for r in self.view_restrictions or ()],
            "inspired_by": list(self.inspired_by or ()),
        }
        if self.latest_draft is not None:
            draft = self.latest_draft.content_json()
            del draft["external_id"]
            data["latest_draft"] = draft
        return data

    def content_json(self) -> dict:
        titles = self.link_titles or ("",) * len(self.links)
        return {
            "external_id": self.external_id,
            "title": self.title,
            "subtitle": self.subtitle,
            "date": self.date.isoformat(),
            "action_status": self.action_status,
            "status_confirmed_on": (
                self.status_confirmed_on.isoformat() if self.status_confirmed_on else None
            ),
            "actions": self.actions,
            "synthese": self.synthese,
            "outils": self.outils,
            "prestataires": self.prestataires,
            "recommandations": self.recommandations,
            "resultats": self.resultats,
            "links": [
                {"url": url, "title": title}
                for url, title in zip(self.links, titles, strict=True)
            ],
            # "show_email": false marks an address the site never shows: private.
            "contacts": [
                {"name": c.name, "role": c.role, "email": c.email, "show_email": bool(c.show_email)}
                for c in self.contacts
            ],
            "services": list(self.services),
            "tags": list(self.tags),

        }
