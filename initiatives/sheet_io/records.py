"""One line of the JSON Lines sheet format, parsed and checked into a clean record.

The format is a public contract (see ``initiatives/sheet_io/__init__.py``). Parsing collects
every problem of a line in French, so one report tells the sender all there is to fix.
"""

import datetime
import json
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from taggit.models import Tag

from initiatives.models import (
    ActionSheetPage,
    ActionStatus,
    CollectivityPage,
    SheetContact,
    SheetLink,
)
from initiatives.models.collectivity import CollectivityKind, apply_official_geography
from initiatives.one_line import has_line_break

from . import inspirations
from .format_v2 import parse_view_restrictions
from .record_types import (
    DRAFT,
    FORMAT_VERSION,
    PLAIN_TEXT_FIELDS,
    PUBLISHED,
    RICH_TEXT_FIELDS,
    CollectivityRecord,
    Contact,
    SheetRecord,
    clean_text,
)
from .sanitize import clean_plain_text, clean_rich_text


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Read from the models, so that a line too long for a column is a reason, not a database
# error (PostgreSQL refuses it; SQLite would store it silently).
MAX_LENGTHS = {
    "external_id": _max_length(ActionSheetPage, "external_id"),
    "title": _max_length(ActionSheetPage, "title"),
    "subtitle": _max_length(ActionSheetPage, "subtitle"),
    "link": _max_length(SheetLink, "url"),
    "tag": _max_length(Tag, "name"),
    "contact": _max_length(SheetContact, "name"),
    "email": _max_length(SheetContact, "email"),
}
COLLECTIVITY_LENGTHS = {
    "name": _max_length(CollectivityPage, "title"),
    "code": _max_length(CollectivityPage, "code"),
    "departement": _max_length(CollectivityPage, "departement"),
    "region": _max_length(CollectivityPage, "region"),
}
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_validate_url = URLValidator(schemes=["http", "https"])


class RecordError(Exception):
    """The line cannot be imported; ``reasons`` says why, in French."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ; ".join(reasons))
        self.reasons = reasons


class _LineParser:
    """Checks one decoded JSON object field by field, collecting every problem."""

    def __init__(self, data: dict, service_slugs, version: int = 1):
        self.data = data
        self.service_slugs = service_slugs
        self.reasons: list[str] = []
        self.version = version
        self.link_titles: tuple[str, ...] | None = None

    def fail(self, message: str) -> None:
        self.reasons.append(message)

    def string(self, value, label: str, *, required=False, max_length=None) -> str:
        if value is None:
            if required:
                self.fail(_("« %(field)s » est obligatoire.") % {"field": label})
            return ""
        if not isinstance(value, str):
            self.fail(_("« %(field)s » doit être un texte.") % {"field": label})
            return ""
        value = clean_text(value)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(_("« %(field)s » contient un caractère Unicode invalide.") % {"field": label})
            return ""
        if required and not value:
            self.fail(_("« %(field)s » est vide.") % {"field": label})
        if max_length and len(value) > max_length:
            self.fail(
                _("« %(field)s » dépasse %(max)d caractères (%(length)d).")
                % {"field": label, "max": max_length, "length": len(value)}
            )
        return value

    def text(self, key: str, **options) -> str:
        return self.string(self.data.get(key), key, **options)

    def one_line_text(self, key: str, **options) -> str:
        value = self.text(key, **options)
        if has_line_break(value):
            self.fail(
                _("« %(field)s » doit tenir sur une ligne : il contient un retour à la ligne.")
                % {"field": key}
            )
        return value

    def items(self, key: str) -> list:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(_("« %(field)s » doit être une liste.") % {"field": key})
            return []
        return value

    def date(self) -> datetime.date | None:
        value = self.data.get("date")
        if value is None or value == "":
            self.fail(_("« date » est obligatoire (AAAA-MM-JJ)."))
            return None
        if isinstance(value, str) and ISO_DATE_RE.match(value.strip()):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(
            _("« date » doit être une date ISO existante (AAAA-MM-JJ), pas « %(value)s ».")
            % {"value": value}
        )
        return None

    def links(self) -> tuple[str, ...]:
        """The addresses; their titles (version 2, ``{"url", "title"}`` objects) go to
        ``self.link_titles``, left None when every item is a bare address (version 1)."""
        links, titles, with_titles = [], [], False
        for position, item in enumerate(self.items("links"), start=1):
            label = f"links[{position}]"
            title = ""
            if isinstance(item, dict):
                with_titles = True
                title = self.string(item.get("title"), label + ".title", max_length=255)
                item = item.get("url")
            url = self.string(item, label, required=True, max_length=MAX_LENGTHS["link"])
            if not url:
                continue
            try:
                _validate_url(url)
            except ValidationError:
                self.fail(
                    _("« %(field)s » : « %(url)s » n'est pas une adresse web valide (http(s)://…).")
                    % {"field": label, "url": url}
                )
                continue
            links.append(url)
            titles.append(title)
        self.link_titles = tuple(titles) if with_titles or self.version >= 2 else None
        return tuple(links)

    def contacts(self) -> tuple[Contact, ...]:
        contacts = []
        for position, item in enumerate(self.items("contacts"), start=1):
            label = f"contacts[{position}]"
            if not isinstance(item, dict):
                self.fail(
                    _("« %(field)s » doit être un objet {name, role, email}.") % {"field": label}
                )
                continue
            length = MAX_LENGTHS["contact"]
            name = self.string(item.get("name"), label + ".name", required=True, max_length=length)
            role = self.string(item.get("role"), label + ".role", max_length=length)
            email = self.string(
                item.get("email"), label + ".email", max_length=MAX_LENGTHS["email"]
            )
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self.fail(
                        _("« %(field)s » : « %(email)s » n'est pas un courriel valide.")
                        % {"field": label + ".email", "email": email}
                    )
            show_email = item.get("show_email")
            if show_email is not None and not isinstance(show_email, bool):
                self.fail(
                    _("« %(field)s » doit valoir true ou false.")
                    % {"field": label + ".show_email"}
                )
                show_email = None
            contacts.append(Contact(name, role, email, show_email))
        return tuple(contacts)

    def services(self) -> tuple[str, ...]:
        if self.data.get("services") is not None and not isinstance(self.data["services"], list):
            return tuple(self.items("services"))
        slugs, unknown = [], []
        for item in self.items("services"):
            if not isinstance(item, str):
                self.fail(_("« services » doit être une liste d'identifiants (textes)."))
                return ()
            slug = item.strip()
            if slug not in self.service_slugs:
                unknown.append(slug)
            elif slug not in slugs:
                slugs.append(slug)
        if unknown:
            self.fail(
                _("service(s) inconnu(s) du référentiel : %(slugs)s.")
                % {"slugs": ", ".join(f"« {slug} »" for slug in unknown)}
            )
        elif not slugs:
            self.fail(_("« services » : au moins un service du référentiel est requis."))
        return tuple(slugs)

    def tags(self) -> tuple[str, ...]:
        tags, seen = [], set()
        for position, item in enumerate(self.items("tags"), start=1):
            tag = self.string(item, f"tags[{position}]", max_length=MAX_LENGTHS["tag"])
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        return tuple(tags)

    def status(self) -> str:
        value = self.data.get("status")
        if value is None:
            return PUBLISHED
        if value in (PUBLISHED, DRAFT):
            return value
        self.fail(
            _("« status » doit valoir « published » ou « draft », pas « %(value)s ».")
            % {"value": value}
        )
        return PUBLISHED

    def action_status(self) -> tuple[str | None, datetime.date | None]:
        """(status, confirmed on); (None, None) when the line predates these fields."""
        value = self.data.get("action_status")
        if value is None:
            return None, None
        if value not in ActionStatus.values:
            choices = ", ".join(f"« {choice} »" for choice in ActionStatus.values)
            self.fail(
                _("« action_status » doit valoir %(choices)s, pas « %(value)s ».")
                % {"choices": choices, "value": value}
            )
            return None, None
        confirmed = self.data.get("status_confirmed_on")
        if confirmed is None:
            return value, None
        if isinstance(confirmed, str):
            try:
                return value, datetime.date.fromisoformat(confirmed.strip())
            except ValueError:
                pass
        self.fail(
            _(
                "« status_confirmed_on » doit être une date ISO existante (AAAA-MM-JJ), pas "
                "« %(value)s »."
            )
            % {"value": confirmed}
        )
        return value, None

    def collectivity(self) -> CollectivityRecord | None:
        data = self.data.get("collectivity")
        if not isinstance(data, dict):
            self.fail(_("« collectivity » doit être un objet avec au moins son « code »."))
            return None
        before = len(self.reasons)
        place = _Place(
            code=self.string(data.get("code"), "collectivity.code", required=True),
            kind=self.string(data.get("kind"), "collectivity.kind"),
            title=self.string(data.get("name"), "collectivity.name"),
            population=data.get("population"),
            departement=self.string(data.get("departement"), "collectivity.departement"),
            region=self.string(data.get("region"), "collectivity.region"),
            members="",
        )
        if place.kind and place.kind not in CollectivityKind.values:
            kinds = ", ".join(f"« {kind} »" for kind in CollectivityKind.values)
            self.fail(
                _("« collectivity.kind » doit valoir %(kinds)s, pas « %(value)s ».")
                % {"kinds": kinds, "value": place.kind}
            )
        population = place.population
        if population is not None and (
            isinstance(population, bool) or not isinstance(population, int) or population < 0
        ):
            self.fail(_("« collectivity.population » doit être un nombre entier positif."))
        members = data.get("members") or []
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            self.fail(_("« collectivity.members » doit être une liste de codes INSEE (textes)."))
        else:
            place.members = ", ".join(members)
        if len(self.reasons) > before:
            return None
        try:
            apply_official_geography(place)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    name = _JSON_NAMES.get(field, field)
                    self.fail(f"« collectivity.{name} » : {message}")
            return None
        # Checked once the COG has filled the blanks: its values must fit the columns too.
        for key, max_length in COLLECTIVITY_LENGTHS.items():
            value = getattr(place, _MODEL_NAMES.get(key, key))
            if len(value) > max_length:
                self.fail(
                    _("« collectivity.%(field)s » : « %(value)s » dépasse %(max)d caractères.")
                    % {"field": key, "value": value, "max": max_length}
                )
        website = self.string(data.get("website"), "collectivity.website", max_length=500)
        if website:
            try:
                _validate_url(website)
            except ValidationError:
                self.fail(
                    _("« collectivity.website » : « %(url)s » n'est pas une adresse web valide.")
                    % {"url": website}
                )
        introduction = clean_rich_text(self.string(data.get("introduction"), "introduction"))
        if len(self.reasons) > before:
            return None
        return CollectivityRecord(
            code=place.code,
            name=place.title,
            kind=place.kind,
            population=place.population,
            departement=place.departement,
            region=place.region,
            members=tuple(code.strip() for code in place.members.split(",") if code.strip()),
            given=frozenset(key for key, value in data.items() if value is not None),
            website=website,
            introduction=introduction,
        )


_JSON_NAMES = {"title": "name"}
_MODEL_NAMES = {"name": "title"}


@dataclass
class _Place:
    """The attributes apply_official_geography reads and fills, without a page instance."""

    code: str
    kind: str
    title: str
    population: int | None
    departement: str
    region: str
    members: str


def _json_error_detail(message: str) -> str:
    """The json module's reason, in French when it is one of the usual ones."""
    for start, french in (
        ("Expecting value", _("valeur attendue")),
        ("Expecting ',' delimiter", _("virgule attendue")),
        ("Expecting ':' delimiter", _("deux-points attendus")),
        ("Expecting property name", _("nom de champ entre guillemets attendu")),
        ("Unterminated string", _("texte sans guillemet fermant")),
        ("Extra data", _("données en trop après l'objet")),
        ("Invalid control character", _("caractère de contrôle dans un texte")),
        ("Invalid \\escape", _("séquence d'échappement invalide")),
    ):
        if message.startswith(start):
            return french
    return message


def parse_line(raw: str, service_slugs) -> SheetRecord:
    """Parses one line of the file; raises RecordError listing every problem found."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        reason = _("JSON invalide, colonne %(column)d : %(detail)s.") % {
            "column": error.colno,
            "detail": _json_error_detail(error.msg),
        }
        raise RecordError([reason]) from error
    except RecursionError as error:
        raise RecordError([_("JSON trop profondément imbriqué.")]) from error
    if not isinstance(data, dict):
        raise RecordError([_("la ligne doit être un objet JSON { … }.")])
    version = data.get("format_version", 1)
    if version not in (1, FORMAT_VERSION):
        raise RecordError(
            [
                _("« format_version » vaut %(value)s : ce site lit les versions 1 à %(max)d.")
                % {"value": version, "max": FORMAT_VERSION}
            ]
        )
    parser = _LineParser(data, service_slugs, version)
    action_status, status_confirmed_on = parser.action_status()
    values = {
        **_content(parser),
        "status": parser.status(),
        "collectivity": parser.collectivity(),
        "format_version": version,
        "link_titles": parser.link_titles,
        "view_restrictions": parse_view_restrictions(parser),
        "latest_draft": _latest_draft(data, service_slugs, version, parser),
        "inspired_by": inspirations.parse(data, parser.fail),
        "action_status": action_status,
        "status_confirmed_on": status_confirmed_on,
    }
    if parser.reasons:
        raise RecordError(parser.reasons)
    return SheetRecord(**values)


def _content(parser: "_LineParser") -> dict:
    """What a sheet says, as its live version and its latest draft both carry it."""
    return {
        "external_id": parser.text(
            "external_id", required=True, max_length=MAX_LENGTHS["external_id"]
        ),
        "title": parser.one_line_text("title", required=True, max_length=MAX_LENGTHS["title"]),
        "subtitle": parser.one_line_text("subtitle", max_length=MAX_LENGTHS["subtitle"]),
        "date": parser.date(),
        **{name: clean_rich_text(parser.text(name)) for name in RICH_TEXT_FIELDS},
        **{name: clean_plain_text(parser.text(name)) for name in PLAIN_TEXT_FIELDS},
        "links": parser.links(),
        "contacts": parser.contacts(),
        "services": parser.services(),
        "tags": parser.tags(),
    }


def _latest_draft(data: dict, service_slugs, version: int, parser: "_LineParser"):
    draft = data.get("latest_draft")
    if draft is None:
        return None
    if not isinstance(draft, dict):
        parser.fail(_("« latest_draft » doit être un objet (le contenu de la fiche)."))
        return None
    draft_parser = _LineParser({**draft, "external_id": data.get("external_id")}, service_slugs, 2)
    values = _content(draft_parser)
    for reason in draft_parser.reasons:
        parser.fail(_("dans « latest_draft » : %(reason)s") % {"reason": reason})
    if draft_parser.reasons:
        return None
    return SheetRecord(
        **values, status=DRAFT, collectivity=None, format_version=version,
        link_titles=draft_parser.link_titles,
    )  # fmt: skip
