"""Search and page latency benchmark, next to the bare full-text query and Wagtail's stock
``.search()`` measured in the same run (ratios hold on a noisy machine).

    .venv/bin/python bench/search.py                          # SQLite, 15,275 sheets
    .venv/bin/python bench/search.py --sheets 100000 --collectivities 2100
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atlaas_bench_15275 \\
        .venv/bin/python bench/search.py                      # PostgreSQL
    make opensearch && DATABASE_URL=... .venv/bin/python bench/search.py \\
        --opensearch http://127.0.0.1:9200     # PostgreSQL alone and + OpenSearch (search_engines)

The database is prepared once and reused: a SQLite file in bench/data/ (or ``--database``),
or the PostgreSQL database of ``DATABASE_URL``; it is seeded with ``seed_demo`` only when
it holds fewer published sheets than asked. Its term store (search.term_store) is filled
if empty, then ``--pending-changes`` sheets are reindexed, as if edited since: every cold
request finds them pending and corrects the stored answers it reads for them.

For each query (a common word, a rare word, three words, words without accents, a typo;
each with and without two facet filters; and filters without words) it prints, for
``/api/search/`` (ranking, all facets, 20 results, JSON): p50/p95/p99 **cold** (caches
emptied before every request: what the first visitor of a query waits) and **warm** (the
same request again: served by the answer cache until the data changes), the SQL queries
per request, the bare full-text top-20 query's p50/p95 and the ratios, then the stock
``Page.objects.live().search(words)[:20]`` (once, stopped after ``--stock-timeout``).
A second table gives every public page type: home, /recherche/, a sheet, a collectivity, the
lists (/collectivites/, /enjeux/), an enjeu, a service, the collections, /label/, a palmarès,
an award page, a site page and the sitemap (p50/p95/p99 and queries per page, in this
process: ``bench/pages.py`` measures them served as deployed).
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.page_types import public_pages  # noqa: E402

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


def timed(function, runs, before=None):
    """Milliseconds of ``runs`` calls (after one warm-up), ``before()`` untimed each time."""
    samples, result = [], None
    function()
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, result


PENDING = []  # index changes every cold request finds pending (see pending_changes)


def pending_changes(count: int) -> list[int]:
    """Reindexes ``count`` published sheets, as if edited since the term store was last
    written: every stored answer a cold request reads is then corrected for them."""
    from initiatives import page_tree
    from initiatives.models import ActionSheetPage
    from search.models import IndexChange

    pks = list(ActionSheetPage.objects.live().order_by("?").values_list("pk", flat=True)[:count])
    if pks:
        page_tree.reindex(ActionSheetPage, pks)
    return list(IndexChange.objects.filter(page_id__in=pks).values_list("pk", flat=True))


def empty_search_caches():
    """Forget cached matches and answers, keeping the facet data (loaded once per data
    version in every worker, not per query). The pending changes are dated now, so that
    no stored answer is ever built after them."""
    from django.core.cache import cache
    from django.utils import timezone

    from search import facets
    from search.models import IndexChange

    facets.facet_data().matches.clear()
    cache.clear()
    if PENDING:
        IndexChange.objects.filter(pk__in=PENDING).update(changed_at=timezone.now())
    # Wagtail keeps the sites' root paths in the same cache, filled once for all visitors:
    # a first visitor of a query does not wait for them.
    from wagtail.models import Site

    Site.get_site_root_paths()


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


def stock_search(words: str, timeout: float) -> float | None:
    """Milliseconds of Wagtail's stock ranked search, or None when stopped at ``timeout``."""
    from django.db import OperationalError, connection

    from initiatives.models import ActionSheetPage

    connection.ensure_connection()
    timer = None
    if connection.vendor == "sqlite":
        timer = threading.Timer(timeout, connection.connection.interrupt)
        timer.start()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(timeout * 1000)])
    start = time.perf_counter()
    try:
        list(ActionSheetPage.objects.live().search(words)[:20])
        return (time.perf_counter() - start) * 1000
    except OperationalError:  # interrupted (SQLite) or cancelled (PostgreSQL)
        return None
    finally:
        if timer:
            timer.cancel()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")


def prepare_database(args):
    if not os.environ.get("DATABASE_URL"):
        path = Path(args.database) if args.database else None
        if path is None:
            data_dir = ROOT / "bench" / "data"
            data_dir.mkdir(parents=True, exist_ok=True)
            path = data_dir / f"search-{args.sheets}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path.resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlaas.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command

    from initiatives.models import ActionSheetPage

    call_command("migrate", verbosity=0)
    published = ActionSheetPage.objects.live().count()
    if published < args.sheets:
        call_command("import_referentiel", verbosity=0)
        call_command(
            "seed_demo", sheets=args.sheets, collectivities=args.collectivities, verbosity=1
        )
        published = ActionSheetPage.objects.live().count()
    from search.models import TermMatches

    if not TermMatches.objects.exists():  # a database seeded before the term store
        call_command("update_term_matches")
    from initiatives.planner_statistics import refresh_planner_statistics

    refresh_planner_statistics()
    return published


class QueryCounter:
    """Counts the SQL queries of one request (Django empties its own log at request start)."""

    def __init__(self):
        from django.core.signals import request_started
        from django.db import reset_queries

        request_started.disconnect(reset_queries)

    def __call__(self, function):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            function()
        return len(queries)


def search_table(client, count_queries, args):
    header = (
        f"{'requête':<34} {'filtres':<7} {'fiches':>6} | {'froid p50':>9} {'p95':>6} "
        f"{'p99':>6} {'req.':>4} | {'chaud p50':>9} {'p95':>6} {'p99':>6} {'req.':>4} | "
        f"{'brut p50':>8} {'p95':>6} | {'÷ froid':>7} {'÷ chaud':>7} | {'stock':>9}"
    )
    print(header)
    print("-" * len(header))
    cases = [(label, words, {}) for label, words in QUERIES]
    cases += [(label, words, FILTERS) for label, words in QUERIES]
    cases.append(("parcourir (sans mots)", "", FILTERS))
    for label, words, filters in cases:
        params = {"q": words, **filters} if words else dict(filters)

        def request(p=params):
            return client.get("/api/search/", p)

        cold, response = timed(request, args.runs, before=empty_search_caches)
        empty_search_caches()
        cold_queries = count_queries(request)
        warm, _ = timed(request, args.runs)
        warm_queries = count_queries(request)
        bare, _ = timed(bare_fulltext(words), args.runs) if words else ([0.0], None)
        cold50, warm50, bare50 = map(statistics.median, (cold, warm, bare))
        ratios = (
            f"{cold50 / bare50:7.1f} {warm50 / bare50:7.1f}" if bare50 else f"{'–':>7} {'–':>7}"
        )
        stock = "–"
        if words and not filters and not args.no_stock:
            elapsed = stock_search(words, args.stock_timeout)
            stock = f"{elapsed:9.0f}" if elapsed is not None else f"> {args.stock_timeout:.0f} s"
        print(
            f"{label + ' « ' + words + ' »':<34.34} {'oui' if filters else 'non':<7} "
            f"{response.json()['count']:>6} | {cold50:9.1f} {percentile(cold, 0.95):6.1f} "
            f"{percentile(cold, 0.99):6.1f} {cold_queries:>4} | {warm50:9.1f} "
            f"{percentile(warm, 0.95):6.1f} {percentile(warm, 0.99):6.1f} {warm_queries:>4} | "
            f"{bare50:8.1f} {percentile(bare, 0.95):6.1f} | {ratios} | {stock:>9}"
        )


def page_urls():
    """(page type, url, cold) of every public page type, the search page cold and warm."""
    pages = list(public_pages().items())
    search = "/recherche/?q=numérique&type=ville"
    return [
        ("accueil", "/", False),
        ("/recherche/ (froid)", search, True),
        ("/recherche/ (chaud)", search, False),
        *((label, path, False) for label, path in pages[1:]),
        ("/recherche/ (vide)", "/recherche/", False),
        ("sitemap.xml", "/sitemap.xml", False),
        ("sitemap-pages.xml", "/sitemap-pages.xml", False),
    ]


def pages_table(client, count_queries, args):
    header = f"{'page':<22} {'p50':>7} {'p95':>7} {'p99':>7} {'requêtes':>9}  url"
    print(header)
    print("-" * len(header))
    for label, url, cold in page_urls():

        def get(u=url):
            response = client.get(u)
            assert response.status_code == 200, (u, response.status_code)
            return response

        samples, _ = timed(get, args.runs, before=empty_search_caches if cold else None)
        if cold:
            empty_search_caches()
        queries = count_queries(get)
        print(
            f"{label:<22} {statistics.median(samples):7.1f} {percentile(samples, 0.95):7.1f} "
            f"{percentile(samples, 0.99):7.1f} {queries:>9}  {url}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=15_275)
    parser.add_argument("--collectivities", type=int, default=257)
    parser.add_argument("--database", help="SQLite file to use (default: bench/data/)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-stock", action="store_true", help="skip Wagtail's .search()")
    parser.add_argument("--stock-timeout", type=float, default=30.0)
    parser.add_argument(
        "--pending-changes",
        type=int,
        default=50,
        help="fiches modifiées depuis l'enregistrement des termes fréquents (défaut : 50)",
    )
    parser.add_argument(
        "--opensearch",
        metavar="URL",
        help="compare the database engine with OpenSearch at URL (make opensearch)",
    )
    args = parser.parse_args()
    if args.opensearch:
        os.environ["OPENSEARCH_URL"] = args.opensearch

    published = prepare_database(args)
    PENDING.extend(pending_changes(args.pending_changes))
    from django.db import connection
    from django.test import Client

    count_queries = QueryCounter()
    client = Client(HTTP_HOST="localhost")
    print(
        f"\n{published} fiches publiées · {connection.vendor} · {args.runs} mesures par ligne · "
        f"{args.pending_changes} fiches modifiées en attente · "
        f"charge {os.getloadavg()[0]:.1f} · {time.strftime('%Y-%m-%d %H:%M %Z')}\n"
    )
    if args.opensearch:
        from search_engines import engines_table, numerique_facets

        engines_table(QUERIES, FILTERS, args.runs, percentile, timed, empty_search_caches)
        numerique_facets()
        return
    search_table(client, count_queries, args)
    print()
    pages_table(client, count_queries, args)
    print(
        f"\nMillisecondes. froid : caches vidés avant chaque requête ; chaud : même requête "
        f"répétée. ÷ = p50 de l'API / p50 de la requête plein texte brute (top 20). stock : "
        f"Page.objects.live().search(mots)[:20], une fois. Charge à la fin "
        f"{os.getloadavg()[0]:.1f}."
    )


if __name__ == "__main__":
    main()
