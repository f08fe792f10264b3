"""bench/load.py's figures and options, from canned samples: no server, no load."""

import math
import random
import re

import pytest

from bench import load
from bench.load_report import Sample, Step, error_timeline, percentile, step_report, summary_table


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    random.Random(1).shuffle(values)
    assert [percentile(values, f) for f in (0.5, 0.95, 0.99, 1.0)] == [50, 95, 99, 100]
    assert percentile([42.0], 0.99) == 42.0
    assert math.isnan(percentile([], 0.5))


def canned_step():
    samples = [Sample("fiche", n * 0.5, 100 + n * 10) for n in range(8)]
    samples += [
        Sample("recherche", 1.0, 800, error="500"),
        Sample("recherche", 2.0, 30, error="ConnectError"),
        Sample("palmarès", 3.0, 250),
    ]
    kinds = [kind for kind, _weight in load.MIX]
    return Step(4, samples, elapsed=10.0, load=3.5, client_cpu=0.12, server_cpu=5.5, kinds=kinds)


def figures(line):
    return line.split()[-6:]


def test_step_report_gives_throughput_latency_and_errors_in_total_and_per_kind():
    lines = step_report(canned_step()).splitlines()
    total = next(line for line in lines if line.startswith("total"))
    # 11 requests in 10 s; p50 is the 6th of the sorted times: 30, 100, …, 140.
    assert figures(total) == ["11", "1.1", "140", "800", "800", "2"]
    rows = {line.split()[0]: figures(line) for line in lines[2:-1]}  # last: error causes
    assert list(rows) == ["recherche", "fiche", "palmarès"]  # the mix's order, none empty
    assert rows["fiche"] == ["8", "0.8", "130", "170", "170", "0"]
    assert rows["recherche"][-1] == "2"
    assert "500 ×1" in lines[-1] and "ConnectError ×1" in lines[-1]


def test_summary_table_has_one_line_per_step_with_server_cpu_and_load():
    quiet = Step(concurrency=1, samples=[Sample("api", 0.0, 40)], elapsed=2.0, load=0.5)
    lines = summary_table([quiet, canned_step()]).splitlines()
    assert len(lines) == 4
    assert lines[2].split() == ["1", "1", "0.5", "40", "40", "40", "0", "0.00", "0", "0.50", "0%"]
    # 5.5 CPU seconds in 10 s: 0.55 of a core; 500 ms of CPU for each of the 11 requests.
    assert lines[3].split()[:2] == ["4", "11"]
    assert lines[3].split()[-4:] == ["0.55", "500", "3.50", "12%"]


def test_error_timeline_shows_errors_only_while_the_database_is_down():
    samples = [
        Sample("fiche", n / 10, 20, error="500" if 40 <= n < 62 else None) for n in range(100)
    ]
    report = error_timeline(samples, down_from=4.0, down_until=6.1)
    seconds = {int(line.split()[0]): line for line in report.splitlines()[1:-1]}
    assert "ARRÊTÉE" in seconds[5] and "ARRÊTÉE" in seconds[6]
    assert "ARRÊTÉE" not in seconds[3] and "ARRÊTÉE" not in seconds[7]
    assert seconds[5].split()[1:3] == ["10", "10"]
    assert "22 erreur(s), dont 0 hors de cette fenêtre" in report
    assert re.search(r"dernière erreur à 6\.1 s, premier succès 0\.1 s après le", report)

    late = [*samples, Sample("fiche", 9.5, 20, error="500")]
    assert "dont 1 hors de cette fenêtre" in error_timeline(late, 4.0, 6.1)


def test_defaults_and_options():
    args = load.parse_args([], environ={})
    assert (args.concurrency, args.duration, args.workers, args.worker_class) == (
        [1, 4, 8, 16], 60, 2, "sync",
    )  # fmt: skip
    args = load.parse_args(["--concurrency", "2", "6", "--duration", "5"], environ={})
    assert (args.concurrency, args.duration) == ([2, 6], 5)


@pytest.mark.parametrize(
    ("argv", "url", "message"),
    [
        (["--restart-db"], "", "--restart-db needs DATABASE_URL"),
        ([], "postgresql://postgres@127.0.0.1:5432/atlaas", "must contain « bench »"),
        (["--concurrency", "0"], "", "must be positive"),
    ],
)
def test_refuses_what_would_harm_or_mean_nothing(capsys, argv, url, message):
    with pytest.raises(SystemExit):
        load.parse_args(argv, environ={"DATABASE_URL": url})
    assert message in capsys.readouterr().err


def test_restart_is_allowed_on_a_bench_postgres_database():
    url = "postgresql://postgres@127.0.0.1:5432/atlaas_bench_load"
    assert load.parse_args(["--restart-db"], environ={"DATABASE_URL": url}).restart_db


def test_request_mix_follows_the_weights_and_searches_with_facets():
    paths = {
        "fiche": ["/saint-malo/tiers-lieu/"],
        "collectivité": ["/saint-malo/"],
        "palmarès": ["/label/2023/"],
        "enjeux": ["education", "inclusion"],
    }
    make = load.request_maker(paths)
    rng = random.Random(7)
    drawn = [make(rng) for _ in range(4000)]
    counts = {kind: sum(1 for d in drawn if d[0] == kind) / len(drawn) for kind, _ in load.MIX}
    for kind, weight in load.MIX:
        assert counts[kind] == pytest.approx(weight / 100, abs=0.03)
    searches = [params for kind, path, params in drawn if kind == "recherche"]
    assert all(set(params) == {"q", "type", "enjeu"} for params in searches)
    queries = {params["q"] for kind, _path, params in drawn if kind == "api"}
    assert {"ecole numerique", "mediaton"} <= queries  # without accents, with a typo


def test_the_share_of_search_answers_served_from_the_cache_is_reported():
    samples = [
        Sample("api", 0.1, 5, cache="hit"),
        Sample("api", 0.2, 40, cache="miss"),
        Sample("recherche", 0.3, 6, cache="hit"),
        Sample("recherche", 0.4, 7, cache="hit"),
        Sample("fiche", 0.5, 9),
    ]
    assert load.cache_report(samples) == "Cache des recherches : 75% servies du cache (3/4)"


def test_the_agent_may_only_save_drafts():
    assert load.parse_args([], environ={}).agent == "publish"
    assert load.parse_args(["--agent", "drafts"], environ={}).agent == "drafts"


def test_the_cache_report_tells_first_asks_from_answers_the_cache_lost():
    from bench.load_report import cache_report

    def search(at, key, cache):
        return Sample("api", at, 10, cache=cache, key=key)

    kept = [search(0.0, "a", "miss"), search(1.0, "b", "miss"), search(2.0, "a", "hit")]
    kept += [search(3.0, "b", "hit"), search(4.0, "a", "hit")]
    report = cache_report(kept)
    assert "60% servies du cache (3/5)" in report
    assert "redemandées : 100% servies du cache (3/3, 0 manquée(s))" in report
    # The same answer missed again after it was stored: the cache was emptied.
    lost = [*kept, search(5.0, "b", "miss")]
    assert "redemandées : 75% servies du cache (3/4, 1 manquée(s))" in cache_report(lost)
