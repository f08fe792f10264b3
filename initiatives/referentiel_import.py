"""Loads the référentiel (catégories → enjeux → services) from its CSV file.

The file is validated whole before anything is written: a bad file changes nothing. Terms
are matched by slug, so re-importing updates names and order in place. A term missing from
the new file is deleted only if no sheet uses it; otherwise it is kept and reported.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import ActionSheetPage, Category, Enjeu, Service
from .page_tree import reindex

REQUIRED_COLUMNS = ("categorie_slug", "categorie", "enjeu_slug", "enjeu", "service_slug", "service")
TERM_KINDS = ("category", "enjeu", "service")
# Identifiers: lowercase ASCII letters and digits joined by single hyphens.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def shipped_referentiel_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "referentiel.csv"


class ReferentielFileError(Exception):
    """The file cannot be imported; ``errors`` lists every reason with its line number."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TERM_KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TERM_KINDS, 0))
    deleted: list[str] = field(default_factory=list)
    kept_in_use: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    category: tuple[str, str]
    enjeu: tuple[str, str]
    service: tuple[str, str]


def read_rows(path: Path) -> list[_Row]:
    errors, rows = [], []
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise ReferentielFileError([f"Fichier introuvable : {path}."]) from error
    except OSError as error:
        raise ReferentielFileError([f"Impossible de lire {path} : {error.strerror}."]) from error
    if bad_line := _first_line_not_in_utf8(raw):
        raise ReferentielFileError(
            [
                f"Ligne {bad_line} : le fichier n'est pas encodé en UTF-8 (depuis un tableur, "
                "enregistrez-le au format « CSV UTF-8 »)."
            ]
        )
    with io.StringIO(raw.decode("utf-8-sig"), newline="") as handle:
        try:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ReferentielFileError(
                    [f"Ligne 1 : colonnes manquantes : {', '.join(missing)}."]
                )
            for record in reader:
                # The reader's count, not a row index: a quoted value may span lines.
                line = reader.line_num
                values = {c: (record.get(c) or "").strip() for c in REQUIRED_COLUMNS}
                problems = [f"« {c} » est vide" for c, v in values.items() if not v]
                problems += [
                    f"« {values[c]} » n'est pas un identifiant valide"
                    for c in ("categorie_slug", "enjeu_slug", "service_slug")
                    if values[c] and not SLUG_RE.match(values[c])
                ]
                if problems:
                    errors.append(f"Ligne {line} : {' ; '.join(problems)}.")
                    continue
                rows.append(
                    _Row(
                        line,
                        (values["categorie_slug"], values["categorie"]),
                        (values["enjeu_slug"], values["enjeu"]),
                        (values["service_slug"], values["service"]),
                    )
                )
        except csv.Error as error:
            raise ReferentielFileError([f"Fichier CSV illisible : {error}."]) from error
    errors += _consistency_errors(rows)
    if not rows and not errors:
        errors.append("Le fichier ne contient aucun service.")
    if errors:
        raise ReferentielFileError(errors)
    return rows


def _first_line_not_in_utf8(raw: bytes) -> int | None:
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return None


def _consistency_errors(rows: list[_Row]) -> list[str]:
    """Each enjeu belongs to one catégorie, each service to one enjeu, each slug once."""
    errors = []
    enjeu_parent, service_seen = {}, {}
    for row in rows:
        previous = enjeu_parent.setdefault(row.enjeu[0], (row.category[0], row.line))
        if previous[0] != row.category[0]:
            errors.append(
                f"Ligne {row.line} : l'enjeu « {row.enjeu[0]} » est déjà rangé sous la catégorie "
                f"« {previous[0]} » (ligne {previous[1]})."
            )
        if row.service[0] in service_seen:
            errors.append(
                f"Ligne {row.line} : le service « {row.service[0]} » figure déjà ligne "
                f"{service_seen[row.service[0]]}."
            )
        service_seen.setdefault(row.service[0], row.line)
    return errors


@transaction.atomic
def import_referentiel_file(path, progress=None) -> ImportReport:
    rows = read_rows(Path(path))
    report = ImportReport()

    def upsert(model, kind, slug, name, order, **parent):
        wanted = {"name": name, "sort_order": order}
        wanted.update({f"{key}_id": value.pk for key, value in parent.items()})
        obj = model.objects.filter(slug=slug).first()
        if obj is None:
            model.objects.create(slug=slug, **wanted)
            report.created[kind] += 1
        elif any(getattr(obj, attname) != value for attname, value in wanted.items()):
            model.objects.filter(pk=obj.pk).update(**wanted)
            report.updated[kind] += 1
            if model is Service and obj.name != name:
                renamed_services.append(obj.pk)

    renamed_services = []
    categories, enjeux = {}, {}
    for row in rows:
        categories.setdefault(row.category[0], row.category[1])
        enjeux.setdefault(row.enjeu[0], (row.enjeu[1], row.category[0]))
    for order, (slug, name) in enumerate(categories.items()):
        upsert(Category, "category", slug, name, order)
    category_objects = {c.slug: c for c in Category.objects.filter(slug__in=categories)}
    for order, (slug, (name, category_slug)) in enumerate(enjeux.items()):
        upsert(Enjeu, "enjeu", slug, name, order, category=category_objects[category_slug])
    enjeu_objects = {e.slug: e for e in Enjeu.objects.filter(slug__in=enjeux)}
    for order, row in enumerate(rows):
        upsert(
            Service,
            "service",
            row.service[0],
            row.service[1],
            order,
            enjeu=enjeu_objects[row.enjeu[0]],
        )
        if progress:
            progress(order + 1, len(rows))

    _remove_absent_terms(report, {r.service[0] for r in rows}, set(enjeux), set(categories))
    if renamed_services:
        # Sheets are indexed with their services' names: a renamed service must be found
        # by its new name.
        sheet_ids = ActionSheetPage.objects.filter(services__in=renamed_services).values_list(
            "pk", flat=True
        )
        reindex(ActionSheetPage, set(sheet_ids))
    return report


def _remove_absent_terms(report, service_slugs, enjeu_slugs, category_slugs):
    used_service_ids = set(
        ActionSheetPage.services.through.objects.values_list("service_id", flat=True).distinct()
    )
    for service in Service.objects.exclude(slug__in=service_slugs).select_related("enjeu"):
        if service.pk in used_service_ids:
            report.kept_in_use.append(f"service « {service.slug} » ({service.name})")
        else:
            report.deleted.append(f"service « {service.slug} »")
            service.delete()
    for enjeu in Enjeu.objects.exclude(slug__in=enjeu_slugs):
        if enjeu.services.exists():
            report.kept_in_use.append(f"enjeu « {enjeu.slug} » ({enjeu.name})")
        else:
            report.deleted.append(f"enjeu « {enjeu.slug} »")
            enjeu.delete()
    for category in Category.objects.exclude(slug__in=category_slugs):
        if category.enjeux.exists():
            report.kept_in_use.append(f"catégorie « {category.slug} » ({category.name})")
        else:
            report.deleted.append(f"catégorie « {category.slug} »")
            category.delete()
