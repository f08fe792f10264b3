"""The spellings of issue 17's table: does every spelling of one thing give one answer?

    .venv/bin/python bench/search_spellings.py --database var/press.sqlite3      # SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_bench_press \\
        .venv/bin/python bench/search_spellings.py                             # PostgreSQL

For each group of spellings (compounds hyphenated, spaced, joined and inflected; joined
and split words; glossary pairs such as EPN / espace public numérique) it runs the
database engine's search (``search.engine.run_database_search``, as ``/api/search/``
without filters) and prints each spelling's count, whether the counts agree and whether
the first ``--top`` results are the same sheets in the same order. The database is only
read. Exit status 1 when a group disagrees, so that it can gate a run.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUPS = [
    ("tiers-lieux", "tiers-lieu", "tiers lieux", "tierslieux", "tiers lieu"),
    ("opendata", "open data", "open-data"),
    ("cyber-base", "cyber base", "cyberbase", "cyber-bases"),
    ("fablab", "fab-lab", "fab lab", "fablabs"),
    ("wifi", "Wi-Fi", "wi fi"),
    ("visioconférence", "visio-conférence", "visio conference"),
    ("cyber securite", "cybersécurité", "cyber-sécurité"),
    ("e-administration", "e-administrations", "administration électronique"),
    ("EPN", "espace public numérique", "espaces publics numériques"),
    ("ENT", "espace numérique de travail"),
    ("CNFS", "conseiller numérique France Services"),
    ("THD", "très haut débit"),
    ("SIG", "système d'information géographique"),
    ("GRC", "gestion de la relation citoyen"),
    ("données ouvertes", "open data"),
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLite file (else DATABASE_URL)")
    parser.add_argument("--top", type=int, default=10, help="results compared per spelling")
    parser.add_argument("--terms", action="store_true", help="print each spelling's terms")
    return parser.parse_args(argv)


def setup(args):
    if args.database:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.database).resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlaas.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def answer(query: str, top: int):
    from search.engine import SearchParams, run_database_search

    outcome = run_database_search(SearchParams(query=query, page_size=top), with_suggestion=False)
    return outcome.count, outcome.page_ids, outcome.terms


def main(argv=None) -> int:
    args = parse_args(argv)
    setup(args)
    from django.db import connection

    from initiatives.models import ActionSheetPage
    from search.models import GlossaryEntry

    sheets = ActionSheetPage.objects.live().public().count()
    print(
        f"{sheets} fiches publiées · {connection.vendor} {connection.settings_dict['NAME']} · "
        f"glossaire {GlossaryEntry.objects.count()} entrée(s) · charge {os.getloadavg()} · "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}\n"
    )
    width = max(len(spelling) for group in GROUPS for spelling in group) + 2
    disagreements = 0
    for group in GROUPS:
        rows = [(spelling, *answer(spelling, args.top)) for spelling in group]
        counts = {count for _spelling, count, _ids, _terms in rows}
        tops = {tuple(ids) for _spelling, _count, ids, _terms in rows}
        same_count, same_top = len(counts) == 1, len(tops) == 1
        disagreements += not (same_count and same_top)
        verdict = (
            f"{'un nombre' if same_count else 'NOMBRES DIFFÉRENTS'} · "
            f"{f'mêmes {args.top} premiers' if same_top else f'{args.top} PREMIERS DIFFÉRENTS'}"
        )
        print(f"{' / '.join(group)} — {verdict}")
        for spelling, count, ids, terms in rows:
            line = f"  {spelling:<{width}} {count:>6}"
            if not same_top:
                line += f"  {ids}"
            if args.terms:
                line += f"  {[term.alternatives for term in terms]}"
            print(line)
    print(
        f"\n{len(GROUPS) - disagreements}/{len(GROUPS)} groupe(s) d'accord · "
        f"charge {os.getloadavg()}"
    )
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
