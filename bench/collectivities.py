"""p50/p95 of /collectivites/ (the directory: name search, région, département, kind) as
the test client meets it, with its queries, on the database DATABASE_URL names.

    DATABASE_URL=sqlite:////abs/var/100k.sqlite3 .venv/bin/python bench/collectivities.py [runs]

Prints the machine's load average with the figures: other processes slow them down.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlaas.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

URLS = [
    "/collectivites/",
    "/collectivites/?page=20",
    "/collectivites/?q=saint",
    "/collectivites/?q=st+jean&type=village",
    "/collectivites/?region=53",
    "/collectivites/?region=84&departement=69&type=ville",
    "/collectivites/?region=ZZ&page=abc",
]


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'url':<52} {'p50':>7} {'p95':>7} {'requêtes':>9}")
    for url in URLS:
        client.get(url)  # warm: templates, geography tables
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{url:<52} {statistics.median(times):>5.0f}ms {percentile(times, 0.95):>5.0f}ms "
            f"{len(queries):>9}"
        )
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{runs} requêtes par adresse · charge {load} · {time.strftime('%Y-%m-%d %H:%M %Z')}")


if __name__ == "__main__":
    main()
