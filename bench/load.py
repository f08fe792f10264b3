"""Load and fault benchmark: gunicorn under rising concurrency while an agent publishes sheets.

    .venv/bin/python bench/load.py                                    # SQLite (bench/data/)
    .venv/bin/python bench/load.py --concurrency 1 4 8 16 --duration 60
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_bench_load \\
        .venv/bin/python bench/load.py                                # PostgreSQL
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_bench_load \\
        .venv/bin/python bench/load.py --restart-db                   # + a database restart

Data: the press-2023 demo (``seed_demo --scale press-2023``: 15,275 sheets, 257
collectivities, label editions), seeded once into bench/data/load-press-2023.sqlite3 or into
the PostgreSQL database (created if missing; its name must contain "bench") and reused while
its published sheets are there. Server: gunicorn (atlaas.wsgi, production settings with a
generated key, static files collected into a temporary STATIC_ROOT) on a free port, with
``--workers`` sync workers: the requests are CPU-bound (Python rendering, facet counts), so
one process per core uses the cores and threads would only contend for the GIL; a request
that finds both workers busy waits in the socket backlog, which is what p95 shows.
``--worker-class gthread --threads 4`` compares: threads overlap the waits on PostgreSQL.

Each step sends a fixed mix (search page with facets, search API with accents, without them
and with typos, real sheet pages, collectivity pages, the 2023 palmarès) from C concurrent
clients for ``--duration`` seconds, then prints throughput, p50/p95/p99 and errors (status
400 and above, or no response), in total and per kind. Meanwhile an agent process edits one
sheet every ``--edit-interval`` seconds (new chapô, ``save_revision`` then ``publish``, as
Wagtail's editor does); at the end every saved edit is checked in the database and on the
public page. ``--agent drafts`` only saves drafts (``save_revision``): nothing public
changes, so the share of search answers served from the cache (``X-Search-Cache``, printed
per step) must stay as high as without an agent. Then the resident memory of each gunicorn
worker.

``--restart-db`` (PostgreSQL, local cluster, run as root) stops the cluster in the middle of
the last step for ``--down-seconds``, starts it again and prints errors per second: errors
should come only while it is down, and the site should recover by itself. It cuts every
other connection to that cluster too: warn whoever shares it.
"""

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import queue
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_agent import agent, check_edits  # noqa: E402
from bench.load_report import (  # noqa: E402
    Sample,
    Step,
    cache_report,
    error_timeline,
    percentile,
    step_report,
    summary_table,
)

# (kind, weight): roughly what the site's visitors do.
MIX = [("recherche", 25), ("api", 25), ("fiche", 30), ("collectivité", 15), ("palmarès", 5)]
QUERIES = [
    "numérique", "école numérique", "ecole numerique", "médiation numérique seniors",
    "mediaton", "tiers-lieu", "tiers lieux", "fibre optique", "wifi public",
    "démarches en ligne", "demarches en ligne", "citoyennete", "robotique", "accessibilité",
    "données ouvertes", "visioconférence", "cybersecurite", "numerqiue", "bibliothèque",
]  # fmt: skip
TYPES = ["village", "ville", "intercommunalite"]


def parse_args(argv=None, environ=None):
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 8, 16])
    parser.add_argument("--duration", type=float, default=60, help="seconds per step")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=1, help="per worker, with gthread")
    parser.add_argument("--edit-interval", type=float, default=3, help="seconds between edits")
    parser.add_argument(
        "--agent",
        choices=["publish", "drafts"],
        default="publish",
        help="what the agent does: publish edits, or only save drafts (the cache must hold)",
    )
    parser.add_argument("--scale", default="press-2023")
    parser.add_argument("--restart-db", action="store_true", help="PostgreSQL: restart it")
    parser.add_argument("--down-seconds", type=float, default=3)
    parser.add_argument("--pg-cluster", default="15/main", help="pg_ctlcluster's VERSION/NAME")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args(argv)
    if min(args.concurrency) < 1 or args.duration <= 0 or args.workers < 1:
        parser.error("concurrency, duration and workers must be positive")
    url = environ.get("DATABASE_URL", "")
    if url.startswith("postgres") and "bench" not in url.rsplit("/", 1)[-1]:
        parser.error("the PostgreSQL database's name must contain « bench »")
    if args.restart_db and not url.startswith("postgres"):
        parser.error("--restart-db needs DATABASE_URL=postgresql://…")
    return args


# --- the database ------------------------------------------------------------------------


def create_postgres_database(url):
    import dj_database_url
    import psycopg

    name = dj_database_url.parse(url)["NAME"]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def prepare_database(scale_name):
    """Migrate; seed the scale unless its published sheets and the 2023 edition are there."""
    from django.core.management import call_command

    from initiatives.demo import places
    from initiatives.models import ActionSheetPage
    from labels.models import LabelEditionPage

    call_command("migrate", verbosity=0)
    expected = places.SCALES[scale_name].sheets
    live = ActionSheetPage.objects.live().count()
    if live >= expected and LabelEditionPage.objects.filter(year=2023).exists():
        print(f"Base réutilisée : {live:,} fiches publiées.")
        return
    print(f"Base à remplir ({live:,} fiches publiées) : seed_demo --scale {scale_name}…")
    start = time.perf_counter()
    call_command("import_referentiel", verbosity=0)
    call_command("seed_demo", scale=scale_name, verbosity=1)  # ends with ANALYZE
    print(f"Seed : {time.perf_counter() - start:.0f} s")


def site_paths():
    """Real public paths read from the database: sheets, collectivities, the palmarès."""
    from wagtail.models import Site

    from initiatives.models import ActionSheetPage, CollectivityPage, Enjeu
    from labels.models import LabelEditionPage

    root = Site.objects.get(is_default_site=True).root_page.url_path

    def public(url_path):
        return url_path[len(root) - 1 :]

    sheets = list(ActionSheetPage.objects.live().public().values_list("id", "url_path"))
    collectivities = CollectivityPage.objects.live().public().values_list("url_path", flat=True)
    edition = LabelEditionPage.objects.live().get(year=2023)
    return {
        "sheet_ids": [pk for pk, _path in sheets],
        "fiche": [public(path) for _pk, path in sheets],
        "collectivité": [public(path) for path in collectivities],
        "palmarès": [public(edition.url_path)],
        "enjeux": list(Enjeu.objects.values_list("slug", flat=True)),
        "public": public,
    }


# --- the server ----------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_gunicorn(server, log) -> str:
    """Stops the server and removes its collected static files; returns what it logged
    (its log file is removed when empty)."""
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    shutil.rmtree(os.environ["STATIC_ROOT"], ignore_errors=True)
    log.seek(0)
    journal = log.read()
    log.close()
    if not journal.strip():
        os.unlink(log.name)
    return journal


def start_gunicorn(args, port, log):
    command = [
        sys.executable, "-m", "gunicorn", "atlaas.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers), "--worker-class", args.worker_class,
        "--threads", str(args.threads), "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn s'est arrêté ({server.returncode}) : voir {log.name}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code < 400:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    sys.exit(f"gunicorn ne répond pas : voir {log.name}")


def worker_cpu(master_pid):
    """CPU seconds (user + system) used so far by the workers, from /proc/<pid>/stat."""
    total = 0
    for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def worker_memory(master_pid):
    """(pid, VmRSS MB, VmHWM MB) of each worker, read from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    rows = []
    for pid in map(int, children):
        status = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        )
        rows.append(
            (pid, int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024)
        )
    return rows


# --- the load ------------------------------------------------------------------------------


def request_maker(paths):
    kinds, weights = zip(*MIX, strict=True)

    def make(rng):
        kind = rng.choices(kinds, weights)[0]
        if kind == "recherche":
            params = {"q": rng.choice(QUERIES), "type": rng.choice(TYPES)}
            params["enjeu"] = rng.choice(paths["enjeux"])
            return kind, "/recherche/", params
        if kind == "api":
            return kind, "/api/search/", {"q": rng.choice(QUERIES)}
        return kind, rng.choice(paths[kind]), None

    return make


async def run_step(base_url, make, concurrency, duration, seed, fault=None):
    samples = []
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        begin = time.monotonic()
        deadline = begin + duration

        async def visitor(rng):
            while time.monotonic() < deadline:
                kind, path, params = make(rng)
                sent = time.monotonic()
                cached = None
                try:
                    response = await client.get(path, params=params)
                    error = str(response.status_code) if response.status_code >= 400 else None
                    cached = response.headers.get("X-Search-Cache")
                except httpx.HTTPError as exc:
                    error = type(exc).__name__
                elapsed_ms = (time.monotonic() - sent) * 1000
                key = f"{path}?{sorted((params or {}).items())}"
                samples.append(Sample(kind, sent - begin, elapsed_ms, error, cached, key))

        tasks = [visitor(random.Random(seed * 1000 + n)) for n in range(concurrency)]
        if fault:
            tasks.append(fault(begin))
        await asyncio.gather(*tasks)
        return samples, time.monotonic() - begin


def restarter(args, down_window):
    """Stops the PostgreSQL cluster half-way through the step, starts it again."""
    version, name = args.pg_cluster.split("/")
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]

    async def run(action, begin):
        # stop is "fast" by default: open sessions are cut, as in a crash or a failover.
        process = await asyncio.create_subprocess_exec(*command, action)
        await process.wait()
        return time.monotonic() - begin

    async def fault(begin):
        await asyncio.sleep(max(0.0, args.duration / 2 - args.down_seconds / 2))
        down_window.append(time.monotonic() - begin)
        await run("stop", begin)
        await asyncio.sleep(args.down_seconds)
        down_window.append(await run("start", begin))

    return fault


def environment(args):
    """The database URL and the production settings the server and this script share."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        data_dir = ROOT / "bench" / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{data_dir / f'load-{args.scale}.sqlite3'}"
    elif url.startswith("postgres"):
        create_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    use_production_settings("load")


def use_production_settings(name: str) -> None:
    """The production settings a benchmark's gunicorn and the script itself share: a
    generated key, plain http on 127.0.0.1, static files collected into a scratch folder."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="atlaas.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        # Production refuses a local address; the URLs the pages write are not followed.
        SITE_URL="https://atlaas.example.org",
        DEBUG="false",
        STATIC_ROOT=tempfile.mkdtemp(prefix=f"atlaas-{name}-static-"),
        LOG_LEVEL="WARNING",
    )


def load_steps(args, base_url, make, master_pid):
    """The steps at rising concurrency, each printed as soon as it ends."""
    steps, down_window = [], []
    kinds = [kind for kind, _weight in MIX]
    for index, concurrency in enumerate(args.concurrency):
        last = index == len(args.concurrency) - 1
        fault = restarter(args, down_window) if args.restart_db and last else None
        cpu, server_cpu = time.process_time(), worker_cpu(master_pid)
        samples, elapsed = asyncio.run(
            run_step(base_url, make, concurrency, args.duration, args.seed + index, fault)
        )
        load = os.getloadavg()
        step = Step(
            concurrency,
            samples,
            elapsed,
            load=load[0],
            client_cpu=(time.process_time() - cpu) / elapsed,
            server_cpu=worker_cpu(master_pid) - server_cpu,
            kinds=kinds,
        )
        steps.append(step)
        print(f"\n— {concurrency} client(s), {elapsed:.0f} s, charge {load}")
        print(step_report(step))
        print(cache_report(samples))
        if fault:
            print("\nRequêtes et erreurs par seconde autour du redémarrage de PostgreSQL :")
            print(error_timeline(samples, *down_window))
    return steps


def report_edits(outcomes, interval, base_url, public, mode="publish"):
    saved = [(page, marker, rev) for kind, page, marker, rev, _ in outcomes if kind == "saved"]
    failed = [outcome for outcome in outcomes if outcome[0] == "failed"]
    edit_ms = [seconds * 1000 for kind, *_, seconds in outcomes if kind == "saved"]
    in_db, on_page = check_edits(saved, base_url, public, published=mode == "publish")
    done = "publiée(s)" if mode == "publish" else "enregistrée(s) en brouillon"
    print(
        f"\nAgent : {len(saved)} édition(s) {done}, une toutes les {interval:g} s "
        f"(p50 {percentile(edit_ms, 0.5):.0f} ms, p95 {percentile(edit_ms, 0.95):.0f} ms) ; "
        f"{len(failed)} tentative(s) échouée(s) puis refaite(s)"
    )
    for reason, count in Counter(outcome[3] for outcome in failed).most_common(3):
        print(f"  échec ×{count} : {reason}")
    lost = len(saved) - min(in_db, on_page)
    where = "sur la page publique" if mode == "publish" else "absentes de la page publique"
    print(
        f"Vérification : {in_db}/{len(saved)} en base, {on_page}/{len(saved)} {where} "
        f"— {f'{lost} EN ÉCART' if lost else 'aucun écart'}"
    )


def main():
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each step shows up as it ends, even in a file
    print(f"Charge au départ : {os.getloadavg()} ({os.cpu_count()} cœurs)")
    environment(args)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    prepare_database(args.scale)
    print(f"Base : {connection.vendor} {connection.settings_dict['NAME']}")
    start = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"collectstatic : {time.perf_counter() - start:.0f} s")
    rng = random.Random(args.seed)
    paths = site_paths()
    make = request_maker(paths)
    edits = rng.sample(
        paths["sheet_ids"], int(args.duration * len(args.concurrency) / args.edit_interval) + 1
    )
    connections.close_all()  # the agent is forked: it must open its own

    port = free_port()
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open for gunicorn's whole life)
        "w+", prefix="atlaas-load-gunicorn-", suffix=".log", delete=False
    )
    server = start_gunicorn(args, port, log)
    base_url = f"http://127.0.0.1:{port}"
    print(
        f"gunicorn : {args.workers} workers {args.worker_class} (threads {args.threads}) "
        f"sur {base_url}, journal {log.name}"
    )
    try:
        asyncio.run(run_step(base_url, make, 2, 5, args.seed))  # warm-up: facets, templates
        for pid, rss, _peak in worker_memory(server.pid):
            print(f"  worker {pid} après l'échauffement : RSS {rss:.0f} Mo")

        fork = multiprocessing.get_context("fork")
        stop, results = fork.Event(), fork.Queue()
        run_id = time.strftime("%H%M%S")
        editor = fork.Process(
            target=agent,
            args=(edits, args.edit_interval, run_id, stop, results, args.agent == "publish"),
        )
        editor.start()
        steps = load_steps(args, base_url, make, server.pid)
        stop.set()
        outcomes = []
        while editor.is_alive() or not results.empty():
            with contextlib.suppress(queue.Empty):
                outcomes.append(results.get(timeout=1))
        editor.join()

        print("\nRésumé (temps en ms ; erreur : statut ≥ 400 ou pas de réponse)")
        print(summary_table(steps))
        report_edits(outcomes, args.edit_interval, base_url, paths["public"], args.agent)
        print("\nMémoire des workers gunicorn après la charge :")
        for pid, rss, peak in worker_memory(server.pid):
            print(f"  worker {pid} : RSS {rss:.0f} Mo (pic {peak:.0f} Mo)")
    finally:
        journal = stop_gunicorn(server, log)
    if journal.strip():
        print(
            f"Journal gunicorn ({log.name}) : {journal.count('Traceback')} traceback(s), "
            f"{journal.count('database is locked')} « database is locked »"
        )
    else:
        print("Journal gunicorn vide : aucune erreur, aucun « database is locked ».")
    print(f"Charge à la fin : {os.getloadavg()}")


if __name__ == "__main__":
    main()
