"""Seeding benchmark: times ``seed_demo`` on a fresh database and prints what it created.

    .venv/bin/python bench/seed.py --scale press-2023                   # SQLite (bench/data/)
    .venv/bin/python bench/seed.py --sheets 100000 --collectivities 2100
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_bench_seed \\
        .venv/bin/python bench/seed.py --scale press-2023               # PostgreSQL

The database is rebuilt each run, so it must be a scratch one: the SQLite file in
bench/data/ is deleted, the PostgreSQL database is dropped and created again (its name
must contain "bench"). Migrations and the référentiel are loaded first and not timed. It
prints the wall and CPU time of the seed, with and without indexing, the figures counted
back from the database, and the machine's load (other processes slow the wall time).
"""

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fresh_database(url: str | None, label: str) -> str:
    if not url:
        data_dir = ROOT / "bench" / "data"
        data_dir.mkdir(exist_ok=True)
        path = data_dir / f"seed-{label}.sqlite3"
        for leftover in data_dir.glob(f"{path.name}*"):
            leftover.unlink()
        return f"sqlite:///{path}"
    if url.startswith("postgres"):
        import dj_database_url
        import psycopg

        name = dj_database_url.parse(url)["NAME"]
        if "bench" not in name:
            sys.exit(f"Refus : la base « {name} » serait supprimée (son nom doit contenir bench).")
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default=None)
    parser.add_argument("--sheets", type=int)
    parser.add_argument("--collectivities", type=int)
    parser.add_argument("--index-workers", type=int)
    parser.add_argument("--no-index", action="store_true")
    args = parser.parse_args()
    label = args.scale or f"{args.sheets}-{args.collectivities}"
    os.environ["DATABASE_URL"] = fresh_database(os.environ.get("DATABASE_URL"), label)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlaas.settings.dev")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    from initiatives.models import ActionSheetPage, CollectivityPage

    call_command("migrate", verbosity=0)
    call_command("import_referentiel", verbosity=0)
    options = {"no_index": args.no_index}
    for name in ("scale", "sheets", "collectivities", "index_workers"):
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)

    load_before = os.getloadavg()
    wall, cpu = time.perf_counter(), time.process_time()
    call_command("seed_demo", **options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    collectivities = CollectivityPage.objects.all()
    kinds = Counter(collectivities.values_list("kind", flat=True))
    members = sum(len(c.member_codes) for c in collectivities.filter(kind="intercommunalite"))
    print()
    print(f"Base : {connection.vendor} — charge avant {load_before}, après {os.getloadavg()}")
    print(f"seed_demo {options} : {wall:.1f} s (temps processeur Python {cpu:.1f} s)")
    print(
        f"{collectivities.count()} collectivités {dict(kinds)}, {members} communes membres, "
        f"population {collectivities.aggregate(total=Sum('population'))['total']:,}"
    )
    print(
        f"{ActionSheetPage.objects.live().count():,} fiches publiées, "
        f"{ActionSheetPage.objects.filter(live=False).count():,} brouillons"
    )


if __name__ == "__main__":
    main()
