"""Every public page type as a visitor meets it: production settings under gunicorn, over
HTTP, a new connection for every request.

    .venv/bin/python bench/pages.py --database var/press.sqlite3          # SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_press \\
        .venv/bin/python bench/pages.py                                  # PostgreSQL
    .venv/bin/python bench/pages.py --database var/100k.sqlite3 --runs 100 --only accueil enjeu

The database is used as it is (seed it first: ``seed_demo --scale press-2023``, or
``--sheets 100000 --collectivities 2100``); this script writes nothing to it but the cache
rows of the production settings' database cache (when ``REDIS_URL`` is not set, as
deployed without Redis). The server is gunicorn (atlaas.wsgi, ``atlaas.settings.production``
with a generated key, static files collected into a temporary STATIC_ROOT, ``--workers``
sync workers) on a free port, as bench/load.py serves it.

Every worker is warmed first (each page type requested ``--warm`` times), so what is
measured is what a visitor gets once the site has served a few pages since the data last
changed. Then ``--runs`` rounds request every page type once each, one request at a time,
each on a fresh TCP connection with ``Accept-Encoding: gzip`` as a browser sends it, and the
table gives p50/p95/p99 of the time to the last byte, the workers' mean CPU time per
request (what a loaded machine does not inflate much), the compressed size and the SQL
queries per request (counted in this process with Django's test client on the same
settings). The load average is printed before and after: figures taken on a loaded
machine are only an upper bound.
"""

import argparse
import http.client
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.load import start_gunicorn, stop_gunicorn, use_production_settings  # noqa: E402
from bench.page_types import public_pages  # noqa: E402

HOST = "127.0.0.1"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLite file (else DATABASE_URL)")
    parser.add_argument("--runs", type=int, default=60, help="requests per page type")
    parser.add_argument("--warm", type=int, default=4, help="warm-up requests per page type")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="+", metavar="PAGE", help="these page types only")
    args = parser.parse_args(argv)
    if not args.database and not os.environ.get("DATABASE_URL"):
        parser.error("--database FILE or DATABASE_URL is needed")
    if args.database and not Path(args.database).is_file():
        parser.error(f"{args.database} : fichier introuvable")
    return args


def environment(args):
    """The production settings the server and this script share."""
    if args.database:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.database).resolve()}"
    use_production_settings("pages")


def page_urls() -> list[tuple[str, str]]:
    """(page type, path) of every public page type, then the search page, the sitemap
    index and each of its sections (the last page of a section cut in several too)."""
    return [
        *public_pages().items(),
        ("/recherche/", "/recherche/"),
        ("sitemap.xml", "/sitemap.xml"),
        *sitemap_sections(),
    ]


def sitemap_sections() -> list[tuple[str, str]]:
    """The first page of every section the index lists and the last page of each section
    cut in several pages, read from the index as a crawler reads it."""
    import re
    from urllib.parse import urlsplit

    from django.test import Client

    response = Client(HTTP_HOST=HOST).get("/sitemap.xml")
    paths = [urlsplit(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", response.content.decode())]
    last_pages: dict[str, str] = {}
    for url in paths:
        last_pages[url.path] = url.query
    sections = []
    for path, query in last_pages.items():
        sections.append((path.lstrip("/"), path))
        if query:
            sections.append((f"{path.lstrip('/')}?{query}", f"{path}?{query}"))
    return sections


def query_counts(urls) -> dict[str, int]:
    """SQL queries per request of each page, warm, in this process (same settings)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    counts = {}
    for label, path in urls:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[label] = len(queries)
    return counts


# --- the server ----------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port, path) -> tuple[float, int, int]:
    """(milliseconds to the last byte, status, bytes) of one request on a new connection."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip", "Host": HOST})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return (time.perf_counter() - start) * 1000, response.status, len(body)


def workers_cpu_ms(master_pid) -> float:
    """CPU milliseconds (user + system) used so far by the gunicorn workers, from /proc: on a
    loaded machine a request waits for a core, and the wall time says more about the other
    processes than about the page; the CPU it used does not."""
    total = 0
    for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(port, urls, runs, warm, master_pid):
    """Warm-up, then ``runs`` rounds of every page, one request at a time: a page type's
    samples are spread over the whole run, so a burst of load elsewhere touches them all.
    Returns the times, the compressed sizes and the workers' CPU time per page type."""
    sizes = {}
    for label, path in urls:
        for _ in range(warm):
            elapsed, status, size = get(port, path)
            if status != 200:
                sys.exit(f"{label} {path} : statut {status}")
            sizes[label] = size
    samples = {label: [] for label, _path in urls}
    cpu = dict.fromkeys(samples, 0.0)
    for _ in range(runs):
        for label, path in urls:
            before = workers_cpu_ms(master_pid)
            elapsed, status, _size = get(port, path)
            if status != 200:
                sys.exit(f"{label} {path} : statut {status}")
            samples[label].append(elapsed)
            cpu[label] += workers_cpu_ms(master_pid) - before
    return samples, sizes, {label: total / runs for label, total in cpu.items()}


def report(urls, samples, sizes, cpu, queries) -> str:
    header = (
        f"{'page':<24} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} {'CPU moy':>7} "
        f"{'Kio gz':>7} {'requêtes':>9}  url"
    )
    lines = [header, "-" * len(header)]
    for label, path in urls:
        times = samples[label]
        lines.append(
            f"{label:<24} {statistics.median(times):7.1f} {percentile(times, 0.95):7.1f} "
            f"{percentile(times, 0.99):7.1f} {max(times):7.1f} {cpu[label]:7.1f} "
            f"{sizes[label] / 1024:7.1f} "
            f"{queries[label]:>9}  {path}"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    environment(args)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    from initiatives.models import ActionSheetPage

    sheets = ActionSheetPage.objects.live().count()
    urls = page_urls()
    if args.only:
        urls = [(label, path) for label, path in urls if label in args.only]
    call_command("collectstatic", interactive=False, verbosity=0)
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"{sheets} fiches publiées · {connection.vendor} {connection.settings_dict['NAME']} · "
        f"cache {cache} · gunicorn {args.workers} workers sync · {args.runs} requêtes par page, "
        f"une connexion chacune · {time.strftime('%Y-%m-%d %H:%M %Z')}"
    )
    print(f"Charge au départ : {os.getloadavg()} ({os.cpu_count()} cœurs)")
    queries = query_counts(urls)
    connections.close_all()

    port = free_port()
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open for gunicorn's whole life)
        "w+", prefix="atlaas-pages-gunicorn-", suffix=".log", delete=False
    )
    server = start_gunicorn(
        SimpleNamespace(workers=args.workers, worker_class="sync", threads=1), port, log
    )
    try:
        samples, sizes, cpu = measure(port, urls, args.runs, args.warm * args.workers, server.pid)
    finally:
        journal = stop_gunicorn(server, log)
    print()
    print(report(urls, samples, sizes, cpu, queries))
    if journal.strip():
        print(f"\nJournal gunicorn ({log.name}) : {journal.count('Traceback')} traceback(s)")
    print(
        "\nMillisecondes jusqu'au dernier octet ; CPU moy : temps processeur moyen des workers "
        "par requête (Python et SQLite ; PostgreSQL travaille dans ses propres processus). "
        f"Charge à la fin : {os.getloadavg()}"
    )


if __name__ == "__main__":
    main()
