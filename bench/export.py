"""Time and peak memory of exporting a whole search (all published sheets) as CSV and JSON.

.venv/bin/python bench/export.py                    # bench/data/search-15275.sqlite3
DATABASE_URL=postgresql://... .venv/bin/python bench/export.py
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'data' / 'search-15275.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlaas.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    for path in ("/recherche/export.csv", "/recherche/export.json"):
        tracemalloc.start()
        start = time.perf_counter()
        response = client.get(path)
        size = rows = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\n")
        elapsed = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{path:<24} {rows:>7} lines  {size / 1e6:6.1f} MB  {elapsed:6.1f} s  "
            f"peak Python memory {peak / 1e6:6.1f} MB"
        )


if __name__ == "__main__":
    main()
