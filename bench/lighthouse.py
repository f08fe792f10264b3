"""Lighthouse's four scores for every public page type, on the site served as in production.

    make lighthouse                        # installs Lighthouse 12.2.3 into bench/lighthouse/
    cp /work/bench-data/press.sqlite3 var/ # or any seeded database (seed_demo --scale press-2023)
    .venv/bin/python bench/lighthouse.py --database var/press.sqlite3
    .venv/bin/python bench/lighthouse.py --database var/press.sqlite3 --preset desktop \\
        --page accueil --page fiche          # a subset
    createdb -h 127.0.0.1 -U postgres -T atlaas_tpl_press atlaas_lighthouse_press
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_lighthouse_press \\
        .venv/bin/python bench/lighthouse.py  # PostgreSQL (a copy too)

Server: gunicorn (atlaas.wsgi, ``--workers`` sync workers) with the production settings, as
bench/load.py starts it: a generated SECRET_KEY, static files collected into a temporary
STATIC_ROOT and served by WhiteNoise, no HTTPS redirect (Lighthouse talks plain http to
127.0.0.1, which browsers and Lighthouse treat as a secure context), and
SITE_URL=https://atlaas.example.org since production refuses a local address: canonicals,
Open Graph and feeds name that address, the pages' own links and assets are relative. The
database is migrated first (it is written to: give a copy, never a shared file).

Lighthouse (npm, bench/lighthouse/package-lock.json) runs with Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium) headless with --no-sandbox, once per page type and
preset (mobile: Lighthouse's default, a throttled mid-range phone; desktop: ``--preset
desktop``). The JSON reports are kept in var/lighthouse/<preset>/<page>.json (var/ is not
committed). The table gives Performance, Accessibility, Best Practices and SEO out of 100, the
largest contentful paint and the load average when each run started: Performance and LCP
depend on the machine's load, the other three do not. Below it, every audit under 100 % in
the last three categories, per page, the deliberate ones with their reason (noindex on search
results; the 404, audited with --ignore-status-code, answers 404). Before Lighthouse, the Nu
Html Checker (vnu.jar of the root ``npm ci``, Java 17) checks every page as served, and the
500 page as production's handler renders it (``--html-only``: that check alone).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    free_port,
    start_gunicorn,
    stop_gunicorn,
    use_production_settings,
)
from bench.page_types import public_pages  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = ROOT / "var" / "lighthouse"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
SHORT_NAMES = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
PRESETS = ["desktop", "mobile"]
NOT_FOUND = "404"
SEARCH_RESULTS = ("recherche", "recherche sans résultat")
# Audits that fail on purpose on some page types, with the reason printed next to them.
NOINDEX = "voulu : résultats de recherche en « noindex, follow »"
BY_DESIGN = {
    **{(kind, "seo:is-crawlable"): NOINDEX for kind in SEARCH_RESULTS},
    (NOT_FOUND, "seo:http-status-code"): "voulu : une page absente répond 404",
    (NOT_FOUND, "bp:errors-in-console"): "voulu : la console signale le 404 du document",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="SQLite file (else DATABASE_URL)")
    parser.add_argument("--preset", choices=PRESETS, action="append", help="default: both")
    parser.add_argument("--page", action="append", help="a page type of the table (repeatable)")
    parser.add_argument("--port", type=int, help="default: a free port")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument(
        "--retries", type=int, default=2, help="runs again after an error (e.g. NO_NAVSTART)"
    )
    parser.add_argument(
        "--html-only", action="store_true", help="only the Nu Html Checker, no Lighthouse"
    )
    args = parser.parse_args(argv)
    if args.database is None and not os.environ.get("DATABASE_URL"):
        parser.error("--database FILE.sqlite3 or DATABASE_URL=… is needed")
    if args.database is not None and not args.database.exists():
        parser.error(f"{args.database} does not exist")
    if not args.html_only and not LIGHTHOUSE.exists():
        parser.error("Lighthouse is not installed: make lighthouse")
    return args


def production_environment(args):
    """The production settings the server and this script share (see bench/load.py)."""
    if args.database is not None:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.database.resolve()}"
    use_production_settings("lighthouse")


def page_paths() -> dict[str, str]:
    """{page type: path}: every public page type, the search page three ways, the 404."""
    paths = public_pages()
    if "fiche" not in paths:
        sys.exit("Aucune fiche publiée : la base est-elle semée ?")
    return {
        "accueil": paths.pop("accueil"),
        "recherche": "/recherche/?q=" + quote("numérique"),
        "recherche sans requête": "/recherche/",
        "recherche sans résultat": "/recherche/?q=zzzyyyxxx",
        **paths,
        NOT_FOUND: "/cette-page-n-existe-pas/",
    }


def run_lighthouse(url, preset, output, chrome) -> dict:
    command = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    if url.endswith("/cette-page-n-existe-pas/"):
        command.append("--ignore-status-code")
    environment = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    if not output.exists():  # Lighthouse writes its report even when the page fails to load
        return {"runtimeError": {"message": result.stderr.strip()[-500:]}}
    return json.loads(output.read_text())


def audit(url, preset, folder, kind, args) -> tuple[dict, float]:
    """The report of one page and the load average when its last run started."""
    output = folder / f"{slug(kind)}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(1 + args.retries):
        # A loaded machine sometimes loses the trace (NO_NAVSTART): the run is redone.
        output.unlink(missing_ok=True)
        load = os.getloadavg()[0]
        report = run_lighthouse(url, preset, output, args.chrome)
        if "runtimeError" not in report:
            break
    return report, load


SERVER_ERROR = "500"


def server_error_page() -> bytes:
    """The 500 page as production's handler renders it (no database, collected static files):
    no served page can be made to fail on purpose."""
    from django.test import RequestFactory
    from django.views.defaults import server_error

    return server_error(RequestFactory().get("/")).content


def html_errors(base_url, pages, folder, server_error_html) -> dict[str, list[str]]:
    """{page type: Nu Html Checker errors} on the pages as production serves them."""
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{SERVER_ERROR}.html"
    file.write_bytes(server_error_html)
    files = {str(file): SERVER_ERROR}
    for kind, path in pages.items():
        response = httpx.get(base_url + path, timeout=60)
        expected = 404 if kind == NOT_FOUND else 200
        if response.status_code != expected:
            sys.exit(f"{kind} ({path}) : statut {response.status_code} au lieu de {expected}")
        file = folder / f"{slug(kind)}.html"
        file.write_bytes(response.content)
        files[str(file)] = kind
    command = ["java", "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    # vnu writes its JSON report to stderr and exits 1 when it finds errors.
    result = subprocess.run([*command, *files], capture_output=True, text=True)  # noqa: S603
    errors = {kind: [] for kind in files.values()}
    for message in json.loads(result.stderr)["messages"]:
        kind = files.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        errors.setdefault(kind, []).append(
            f"ligne {message.get('lastLine')} : {message['message']}"
        )
    return errors


def scores(report) -> list[str]:
    categories = report.get("categories", {})
    cells = []
    for name in CATEGORIES:
        score = categories.get(name, {}).get("score")
        cells.append("–" if score is None else f"{round(score * 100)}")
    return cells


def largest_contentful_paint(report) -> str:
    """LCP in seconds, as Lighthouse simulates it for the preset (mobile: a throttled phone)."""
    value = report.get("audits", {}).get("largest-contentful-paint", {}).get("numericValue")
    return "–" if value is None else f"{value / 1000:.1f}"


def failing_audits(report, kind) -> list[str]:
    """Audits under 100 % in the categories that do not depend on the machine's speed."""
    audits = report.get("audits", {})
    failing = []
    for name in CATEGORIES[1:]:
        for ref in report.get("categories", {}).get(name, {}).get("auditRefs", []):
            audit = audits[ref["id"]]
            if audit.get("scoreDisplayMode") in ("binary", "numeric") and audit["score"] < 1:
                audit_name = f"{SHORT_NAMES[name]}:{ref['id']}"
                reason = BY_DESIGN.get((kind, audit_name))
                failing.append(f"{audit_name} ({reason})" if reason else audit_name)
    return failing


def check_html(base_url, pages, server_error_html):
    if not (VNU_JAR.exists() and shutil.which("java")):
        print("Nu Html Checker absent (npm ci, Java 17) : HTML non vérifié.")
        return
    invalid = html_errors(base_url, pages, REPORTS / "html", server_error_html)
    count = sum(map(len, invalid.values()))
    print(f"Nu Html Checker : {count} erreur(s) sur {len(invalid)} pages (dont la 500)")
    for kind, messages in invalid.items():
        for message in messages:
            print(f"  {kind} : {message}")


def lighthouse_table(base_url, pages, presets, args) -> list[str]:
    """Prints one row per page and preset; returns the audits under 100 %."""
    to_fix = []
    for kind, path in pages.items():
        for preset in presets:
            report, load = audit(base_url + path, preset, REPORTS / preset, kind, args)
            error = report.get("runtimeError", {}).get("message")
            cells = " ".join(f"{cell:>4}" for cell in scores(report))
            lcp = largest_contentful_paint(report)
            print(f"{kind:<24} {preset:<8} {cells} {lcp:>5} {load:6.1f}  {error or ''}".rstrip())
            failing = failing_audits(report, kind)
            if failing:
                to_fix.append(f"{kind} ({preset}) : {', '.join(failing)}")
    return to_fix


def main():
    args = parse_args()
    presets = args.preset or PRESETS
    sys.stdout.reconfigure(line_buffering=True)
    print(f"Charge au départ : {os.getloadavg()} ({os.cpu_count()} cœurs)")
    production_environment(args)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    server_error_html = server_error_page()
    paths = page_paths()
    unknown = set(args.page or []) - set(paths)
    if unknown:
        sys.exit(f"Types de page inconnus : {', '.join(sorted(unknown))} ; connus : {list(paths)}")
    pages = {kind: path for kind, path in paths.items() if not args.page or kind in args.page}
    print(f"Base : {connection.vendor} {connection.settings_dict['NAME']}")
    connections.close_all()

    port = args.port or free_port()
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open for gunicorn's whole life)
        "w+", prefix="atlaas-lighthouse-gunicorn-", suffix=".log", delete=False
    )
    server_options = SimpleNamespace(workers=args.workers, worker_class="sync", threads=1)
    server = start_gunicorn(server_options, port, log)
    base_url = f"http://127.0.0.1:{port}"
    print(f"gunicorn : {args.workers} workers sur {base_url} (réglages de production)")
    header = f"{'page':<24} {'profil':<8} " + " ".join(
        f"{SHORT_NAMES[name]:>4}" for name in CATEGORIES
    )
    try:
        check_html(base_url, pages, server_error_html)
        if not args.html_only:
            print(f"\n{header} {'LCP s':>5} {'charge':>6}")
            print("-" * (len(header) + 13))
            to_fix = lighthouse_table(base_url, pages, presets, args)
            print("\nAudits sous 100 % (accessibilité, bonnes pratiques, SEO) :")
            print("\n".join(f"  {line}" for line in to_fix) or "  aucun")
            print(f"\nRapports JSON : {REPORTS.relative_to(ROOT)}/<profil>/<page>.json")
    finally:
        journal = stop_gunicorn(server, log)
    if journal.strip():
        print(f"Journal gunicorn ({log.name}) : {journal.count('Traceback')} traceback(s)")
    print(f"Charge à la fin : {os.getloadavg()}")


def slug(kind: str) -> str:
    from django.utils.text import slugify

    return slugify(kind) or "page"


if __name__ == "__main__":
    main()
