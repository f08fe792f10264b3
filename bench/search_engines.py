"""The database engine and the OpenSearch engine side by side on the same data, in one
run (``bench/search.py --opensearch URL``): the same searches with every facet, cold and
warm, the time to index every sheet into the node, and the node's memory.

Measured at the engine (``search.engines``: parameters in, ``SearchOutcome`` out, all
nine facets counted): what the API adds around it (reading the page's 20 sheets, JSON) is
the same for both. Cold: the database engine's match cache and the answer cache emptied
(its facet columns stay loaded, as in every worker), the node's caches cleared (request,
query and field data caches); warm: the same search again.
"""

import json
import os
import statistics
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _node_memory(url: str) -> str:
    """Resident memory of the node's process (make opensearch writes its pid) and its JVM
    heap in use."""
    port = url.rsplit(":", 1)[-1].strip("/")
    pidfile = ROOT / "deploy" / "opensearch" / "target" / f"node-{port}.pid"
    rss = "?"
    if pidfile.exists():
        status = Path(f"/proc/{pidfile.read_text().strip()}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = f"{int(line.split()[1]) / 1024:.0f} Mo"
    with urllib.request.urlopen(f"{url}/_nodes/stats/jvm", timeout=10) as response:  # noqa: S310
        nodes = json.load(response)["nodes"]
    heap = sum(node["jvm"]["mem"]["heap_used_in_bytes"] for node in nodes.values()) / 2**20
    return f"processus {rss} (RSS), tas JVM utilisé {heap:.0f} Mo"


def engines_table(queries, filters, runs: int, percentile, timed, empty_search_caches) -> None:
    from search.engine import SearchParams
    from search.engines import DatabaseEngine
    from search.opensearch import labels
    from search.opensearch.client import SheetIndex, cluster_backend
    from search.opensearch.engine import OpenSearchEngine
    from search.opensearch.sync import rebuild

    backend = cluster_backend()
    index = SheetIndex(backend)
    url = os.environ["OPENSEARCH_URL"].rstrip("/")
    start = time.perf_counter()
    indexed = rebuild(index)
    indexing = time.perf_counter() - start
    size = index.client.indices.stats(index=index.name)["indices"][index.name]["total"]
    print(
        f"Index OpenSearch : {indexed} fiches en {indexing:.1f} s "
        f"({indexed / indexing:.0f} fiches/s), {size['store']['size_in_bytes'] / 2**20:.0f} Mo "
        f"sur disque ; nœud : {_node_memory(url)}\n"
    )
    database, cluster = DatabaseEngine(), OpenSearchEngine(index)

    def cold_cluster():
        empty_search_caches()
        labels.forget()
        index.client.indices.clear_cache(index=index.name)

    header = (
        f"{'requête':<34} {'filtres':<7} | {'fiches PG':>9} {'froid p50':>9} {'p95':>6} "
        f"{'chaud p50':>9} | {'fiches OS':>9} {'froid p50':>9} {'p95':>6} {'chaud p50':>9}"
    )
    print(header)
    print("-" * len(header))
    cases = [(label, words, {}) for label, words in queries]
    cases += [(label, words, filters) for label, words in queries]
    cases.append(("parcourir (sans mots)", "", filters))
    for label, words, chosen in cases:
        params = SearchParams(query=words, filters={k: [v] for k, v in chosen.items()})
        row = f"{label + ' « ' + words + ' »':<34.34} {'oui' if chosen else 'non':<7}"
        for engine, before in ((database, empty_search_caches), (cluster, cold_cluster)):
            cold, outcome = timed(lambda e=engine, p=params: e.search(p), runs, before=before)
            warm, _ = timed(lambda e=engine, p=params: e.search(p), runs)
            row += (
                f" | {outcome.count:>9} {statistics.median(cold):9.1f} "
                f"{percentile(cold, 0.95):6.1f} {statistics.median(warm):9.1f}"
            )
        print(row)
    print(f"\nNœud après les mesures : {_node_memory(url)}")


def numerique_facets() -> None:
    """« numérique » on the node and on the database: the count and the first values of
    each facet, and whether every facet value's count is the same on both."""
    from search.engine import SearchParams
    from search.engines import DatabaseEngine
    from search.opensearch.client import SheetIndex, cluster_backend
    from search.opensearch.engine import OpenSearchEngine

    params = SearchParams(query="numérique")
    cluster = OpenSearchEngine(SheetIndex(cluster_backend())).search(params)
    database = DatabaseEngine().search(params)
    print(f"\n« numérique » : OpenSearch {cluster.count} fiches, base {database.count} fiches")
    for name, values in cluster.facets.items():
        top = sorted(values, key=lambda v: -v.count)[:5]
        shown = ", ".join(f"{v.label} {v.count}" for v in top)
        same = "identiques" if values == database.facets[name] else "DIFFÉRENTES"
        print(f"  {name} ({len(values)} valeurs, {same} sur la base) : {shown}")
    print(f"Charge à la fin {os.getloadavg()[0]:.1f}")
