"""Imports the jury's decisions from a CSV file: ``edition,code,arobases,distinction,mentions``.

Each line is checked on its own: a bad line is reported with its number and a French reason,
the good ones are saved (creating the dossier if needed). Importing the same file twice
changes nothing the second time. A line that would change a decision of an edition whose
deliberation is closed is refused (labels/decision_freeze.py).
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from initiatives import geography
from initiatives.models import CollectivityPage

from .decision_freeze import DecisionsFrozen, ensure_may_change
from .models import Award, DossierStatus, LabelEditionPage, Mention, Participation
from .models.awards import EXCELLENCE_NEEDS_FIVE, LEVELS

COLUMNS = ("edition", "code", "arobases", "distinction", "mentions")
TRUE_WORDS = {"oui", "o", "1", "true", "vrai", "yes", "x"}
FALSE_WORDS = {"", "non", "n", "0", "false", "faux", "no"}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is French."""


@dataclass
class Decision:
    line: int
    edition: LabelEditionPage
    collectivity: CollectivityPage
    arobases: int
    excellence: bool
    mention_ids: frozenset[int]


@dataclass
class ImportReport:
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    participations_created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_rows(path) -> list[tuple[int, dict]]:
    """The file's rows with their line numbers (the header is line 1)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip().lower() for name in reader.fieldnames or []]
            missing = [name for name in COLUMNS if name not in header]
            if missing:
                raise ImportFileError(
                    _(
                        "Colonnes manquantes : %(missing)s. La première ligne doit être "
                        "« %(columns)s », séparée par des virgules."
                    )
                    % {"missing": ", ".join(missing), "columns": ",".join(COLUMNS)}
                )
            reader.fieldnames = header
            return [
                (reader.line_num, {key: (value or "").strip() for key, value in row.items() if key})
                for row in reader
            ]
    except FileNotFoundError as error:
        raise ImportFileError(_("Fichier introuvable : %(path)s") % {"path": path}) from error
    except IsADirectoryError as error:
        raise ImportFileError(_("%(path)s n'est pas un fichier.") % {"path": path}) from error
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » et recommencez.")
        ) from error


class _Lookups:
    """Editions, collectivities and mentions, loaded once for the whole file."""

    def __init__(self, rows: Iterable[dict]):
        self.editions = {edition.year: edition for edition in LabelEditionPage.objects.all()}
        codes = {geography.normalize_code(row.get("code", "")) for row in rows}
        self.collectivities = {c.code: c for c in CollectivityPage.objects.filter(code__in=codes)}
        self.mentions: dict[str, int] = {}
        for mention in Mention.objects.all():
            for key in (mention.slug, mention.name.lower(), slugify(mention.name)):
                self.mentions.setdefault(key, mention.pk)


def parse(line: int, row: dict, lookups: _Lookups) -> tuple[Decision | None, list[str]]:
    errors = []
    raw_year = row.get("edition", "")
    edition = lookups.editions.get(int(raw_year)) if raw_year.isdigit() else None
    if edition is None:
        errors.append(_("édition « %(value)s » inconnue") % {"value": raw_year})
    code = geography.normalize_code(row.get("code", ""))
    collectivity = lookups.collectivities.get(code)
    if collectivity is None:
        errors.append(
            _("aucune collectivité n'a le code INSEE ou SIREN « %(code)s »") % {"code": code}
        )
    raw_level = row.get("arobases", "")
    level = int(raw_level) if raw_level.isdigit() else None
    if level not in LEVELS:
        errors.append(
            _("« %(value)s » arobases : un nombre entier de 1 à 5 est attendu")
            % {"value": raw_level}
        )
    raw_distinction = row.get("distinction", "").lower()
    excellence = raw_distinction in TRUE_WORDS
    if not excellence and raw_distinction not in FALSE_WORDS:
        errors.append(
            _("distinction « %(value)s » : oui ou non attendu") % {"value": row["distinction"]}
        )
    elif excellence and level in LEVELS and level != LEVELS[-1]:
        errors.append(str(EXCELLENCE_NEEDS_FIVE))
    mention_ids = set()
    for name in filter(None, (part.strip() for part in row.get("mentions", "").split(";"))):
        mention_id = lookups.mentions.get(name.lower()) or lookups.mentions.get(slugify(name))
        if mention_id is None:
            errors.append(_("mention « %(name)s » inconnue") % {"name": name})
        else:
            mention_ids.add(mention_id)
    if errors:
        return None, errors
    return Decision(line, edition, collectivity, level, excellence, frozenset(mention_ids)), []


def import_awards(path, progress: Callable[[int, int], None] | None = None) -> ImportReport:
    rows = read_rows(path)
    lookups = _Lookups(row for _line, row in rows)
    report = ImportReport(lines=len(rows))
    seen: dict[tuple[int, int], int] = {}
    for done, (line, row) in enumerate(rows, start=1):
        decision, errors = parse(line, row, lookups)
        if decision is not None:
            key = (decision.edition.pk, decision.collectivity.pk)
            if key in seen:
                errors = [
                    _("cette collectivité a déjà une ligne pour cette édition (ligne %(line)s)")
                    % {"line": seen[key]}
                ]
            else:
                seen[key] = line
                try:
                    _save(decision, report)
                except DecisionsFrozen as frozen:
                    errors = frozen.messages
        if errors:
            report.errors.append((line, " ; ".join(errors)))
        if progress and (done % 100 == 0 or done == len(rows)):
            progress(done, len(rows))
    return report


@transaction.atomic
def _save(decision: Decision, report: ImportReport) -> None:
    participation = Participation.objects.filter(
        edition=decision.edition, collectivity=decision.collectivity
    ).first()
    if participation is None:
        # No dossier means no decision yet: a closed deliberation takes none in.
        ensure_may_change(decision.edition)
        participation = Participation(
            edition=decision.edition,
            collectivity=decision.collectivity,
            # An award imported from a jury held elsewhere implies a deposited dossier.
            status=DossierStatus.DEPOSITED,
        )
        participation.save()
        report.participations_created += 1
    award = Award.objects.filter(participation=participation).first()
    if award is None:
        award = Award(participation=participation)
        outcome = "created"
    elif (
        award.arobases == decision.arobases
        and award.excellence == decision.excellence
        and set(award.mentions.values_list("pk", flat=True)) == decision.mention_ids
    ):
        report.unchanged += 1
        return
    else:
        outcome = "updated"
    # A line that would change a closed deliberation's decision is refused; one that
    # changes nothing is not (importing the same file again stays harmless).
    ensure_may_change(decision.edition)
    award.arobases = decision.arobases
    award.excellence = decision.excellence
    award.mentions = list(Mention.objects.filter(pk__in=decision.mention_ids))
    award.save()
    setattr(report, outcome, getattr(report, outcome) + 1)
