"""Indexing and import benchmark: full ``update_index`` and ``import_sheets`` throughput.

    .venv/bin/python bench/indexing.py                       # SQLite, 15,275 sheets
    .venv/bin/python bench/indexing.py --database bench/data/seed-100000-2100.sqlite3
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_bench_15275 \\
        .venv/bin/python bench/indexing.py                   # PostgreSQL

1. ``manage.py update_index`` over the prepared database of bench/search.py (the same
   SQLite file, or ``DATABASE_URL``; prepared by ``bench/search.py`` when absent): every
   page is analysed and written again.
2. ``--import-sheets`` published sheets exported from it (``export_sheets``, kept in
   bench/data/) are imported with ``import_sheets`` into a scratch database created for the
   run (a SQLite file, or a PostgreSQL database named after ``DATABASE_URL``'s with
   ``_import``), first as new sheets, then again unchanged (a rerun).
Each step runs as its own ``manage.py`` process; its wall time is printed with the load.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
sys.path.insert(0, str(ROOT / "bench"))

from seed import fresh_database  # noqa: E402


def manage(env, *args, quiet=False) -> tuple[float, str]:
    """Wall seconds and output of ``manage.py args`` with the given environment."""
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode:
        sys.exit(
            f"manage.py {' '.join(args)} a échoué :\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return elapsed, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=15_275)
    parser.add_argument("--database", help="SQLite file (default: bench/data/search-N.sqlite3)")
    parser.add_argument("--import-sheets", type=int, default=3000)
    parser.add_argument("--skip-update-index", action="store_true")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="atlaas.settings.dev", LOG_LEVEL="WARNING")
    url = os.environ.get("DATABASE_URL")
    if not url:
        path = Path(args.database or DATA / f"search-{args.sheets}.sqlite3").resolve()
        if not path.exists():
            sys.exit(f"{path} absent : préparez-le avec bench/search.py --sheets {args.sheets}.")
        url = f"sqlite:///{path}"
    env["DATABASE_URL"] = url
    print(f"Base : {url} · charge {os.getloadavg()[0]:.1f} · {time.strftime('%Y-%m-%d %H:%M %Z')}")

    if not args.skip_update_index:
        seconds, _ = manage(env, "update_index")
        print(f"update_index (toutes les pages) : {seconds:.1f} s")

    export = DATA / f"export-{args.import_sheets}.jsonl"
    if not export.exists():
        _, _ = manage(env, "export_sheets", str(DATA / "export-all.jsonl"))
        with open(DATA / "export-all.jsonl", encoding="utf-8") as source:
            lines = [line for _, line in zip(range(args.import_sheets), source, strict=False)]
        export.write_text("".join(lines), encoding="utf-8")
    count = export.read_text(encoding="utf-8").count("\n")

    scratch_env = dict(env)
    if url.startswith("postgres"):
        scratch_env["DATABASE_URL"] = fresh_database(url + "_import", "import")
    else:
        scratch_env["DATABASE_URL"] = fresh_database(None, "import-scratch")
    manage(scratch_env, "migrate", "--noinput")
    manage(scratch_env, "import_referentiel")
    for label in ("nouvelles fiches", "relance, fiches inchangées"):
        seconds, output = manage(scratch_env, "import_sheets", str(export))
        rate = [line for line in output.splitlines() if line.startswith("Débit")]
        print(
            f"import_sheets, {count} lignes ({label}) : {seconds:.1f} s avec le démarrage, "
            f"{count / seconds:.0f} fiches/s ; {rate[-1] if rate else ''}"
        )
    print(f"Charge à la fin : {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
