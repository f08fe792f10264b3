"""Search latency benchmark: /api/search/ next to the bare full-text query.

    .venv/bin/python bench/search.py --sheets 15275            # SQLite (bench/data/)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_bench \\
        .venv/bin/python bench/search.py --sheets 15275        # PostgreSQL

It reuses the benchmark database when it already holds the requested number of published
sheets, and seeds it with ``seed_demo --sheets N`` otherwise. For each query of a fixed set
(one common word, a rare word, three words, no accents, a typo; each with and without two
facet filters; an empty query with filters) it prints p50/p95/p99 of the whole API request
(ranking, all facets, 20 results, JSON), the same for the bare full-text top-20 query on
the same database, and their ratio. ``--stock`` adds Wagtail's stock ``.search()``.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    ("mot courant", "numérique"),
    ("mot rare", "robotique"),
    ("trois mots", "médiation numérique seniors"),
    ("sans accents", "ecole numerique"),
    ("faute de frappe", "mediaton"),
]
FILTERS = {"type": "ville", "enjeu": "education"}


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(function, runs):
    samples, result = [], None
    function()  # warm-up: caches, facet data, SQLite pages
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, result


def bare_fulltext(words: str):
    """The plain top-20 full-text query for the same words, ranked by the database."""
    from django.db import connection

    from search import analysis

    terms = analysis.parse_query(words)
    if connection.vendor == "sqlite":
        expression = " AND ".join(f'"{stem}"' for term in terms for stem in term.stems()[0])
        sql = (
            "SELECT rowid FROM wagtailsearch_indexentry_fts WHERE wagtailsearch_indexentry_fts "
            "MATCH %s ORDER BY bm25(wagtailsearch_indexentry_fts) LIMIT 20"
        )
        params = [expression]
    else:
        query = " && ".join(["plainto_tsquery('atlaas_french', %s)"] * len(terms))
        sql = (
            f"SELECT id FROM wagtailsearch_indexentry, (SELECT {query} AS q) s "  # noqa: S608
            "WHERE title @@ q OR body @@ q "
            "ORDER BY ts_rank(title, q) * 10 + ts_rank(body, q) DESC LIMIT 20"
        )
        params = [term.text for term in terms]

    def run():
        if not terms:
            return []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=15_275)
    parser.add_argument("--collectivities", type=int, default=257)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--stock", action="store_true", help="also time Wagtail's .search()")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        data_dir = ROOT / "bench" / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / f'search-{args.sheets}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlaas.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command

    # Django clears the query log when a request starts, which would empty our capture.
    from django.core.signals import request_started
    from django.db import connection
    from django.db import reset_queries as clear_query_log
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from initiatives.models import ActionSheetPage

    request_started.disconnect(clear_query_log)

    call_command("migrate", verbosity=0)
    published = ActionSheetPage.objects.live().count()
    if published < args.sheets:
        call_command("import_referentiel", verbosity=0)
        call_command(
            "seed_demo", sheets=args.sheets, collectivities=args.collectivities, verbosity=1
        )
        published = ActionSheetPage.objects.live().count()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client(HTTP_HOST="localhost")
    print(f"\n{published} published sheets · {connection.vendor} · {args.runs} runs per query\n")
    header = (
        f"{'query':<32} {'filters':<8} {'count':>6} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'queries':>7} {'bare p50':>9} {'bare p95':>9} {'ratio':>6}"
    )
    if args.stock:
        header += f" {'stock p50':>10}"
    print(header)
    print("-" * len(header))
    cases = [(label, words, {}) for label, words in QUERIES]
    cases += [(label, words, FILTERS) for label, words in QUERIES]
    cases.append(("parcourir (sans mots)", "", FILTERS))
    for label, words, filters in cases:
        params = {"q": words, **filters} if words else dict(filters)
        samples, response = timed(lambda p=params: client.get("/api/search/", p), args.runs)
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/search/", params)
        bare_samples, _ = timed(bare_fulltext(words), args.runs) if words else ([0.0], None)
        p50, bare50 = statistics.median(samples), statistics.median(bare_samples)
        ratio = f"{p50 / bare50:6.1f}" if bare50 else "     –"
        line = (
            f"{label + ' « ' + words + ' »':<32.32} {'oui' if filters else 'non':<8} "
            f"{response.json()['count']:>6} {p50:7.1f} {percentile(samples, 0.95):7.1f} "
            f"{percentile(samples, 0.99):7.1f} {len(queries):>7} {bare50:9.1f} "
            f"{percentile(bare_samples, 0.95):9.1f} {ratio}"
        )
        if args.stock and words:
            stock, _ = timed(lambda w=words: list(ActionSheetPage.objects.live().search(w)[:20]), 2)
            line += f" {statistics.median(stock):10.1f}"
        print(line)
    print("\nTimes in milliseconds. ratio = API p50 / bare full-text p50.")


if __name__ == "__main__":
    main()
