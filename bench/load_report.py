"""The figures of bench/load.py: percentiles, per-step tables, errors per second.

Pure functions over the recorded requests, so they can be tested without a server.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

# After the database is back, requests that were already failing may still end.
GRACE_SECONDS = 2.0


@dataclass
class Sample:
    """One request: its kind, when it was sent (seconds into the step), how long it took."""

    kind: str
    at: float
    ms: float
    error: str | None = None  # None: answered with a status below 400
    cache: str | None = None  # search answers: "hit" or "miss" (X-Search-Cache)
    key: str | None = None  # what was asked (path and parameters): one cached answer

    @property
    def ended(self) -> float:
        return self.at + self.ms / 1000


@dataclass
class Step:
    concurrency: int
    samples: list[Sample]
    elapsed: float
    load: float = 0.0  # the 1-minute load average when the step ended
    client_cpu: float = 0.0  # share of one core the load client itself used
    server_cpu: float = 0.0  # CPU seconds the gunicorn workers used during the step
    kinds: list[str] = field(default_factory=list)


def percentile(values, fraction):
    """Nearest rank: the smallest value with at least ``fraction`` of the values at or below."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _figures(samples, elapsed):
    times = [sample.ms for sample in samples]
    return (
        f"{len(samples):>8} {len(samples) / elapsed:>7.1f} {percentile(times, 0.5):>7.0f} "
        f"{percentile(times, 0.95):>7.0f} {percentile(times, 0.99):>7.0f} "
        f"{sum(1 for sample in samples if sample.error):>7}"
    )


FIGURES_HEADER = f"{'requêtes':>8} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'erreurs':>7}"


def step_report(step: Step) -> str:
    """Printed after a step: every request, then one line per kind, then the error causes."""
    lines = [
        f"{'':<16} {FIGURES_HEADER}",
        f"{'total':<16} {_figures(step.samples, step.elapsed)}",
    ]
    kinds = step.kinds or sorted({sample.kind for sample in step.samples})
    for kind in kinds:
        of_kind = [sample for sample in step.samples if sample.kind == kind]
        if of_kind:
            lines.append(f"{'  ' + kind:<16} {_figures(of_kind, step.elapsed)}")
    causes = Counter(sample.error for sample in step.samples if sample.error)
    if causes:
        lines.append("  erreurs : " + ", ".join(f"{name} ×{n}" for name, n in causes.most_common()))
    return "\n".join(lines)


def summary_table(steps: list[Step]) -> str:
    """One line per step. The workers' CPU (in cores) and CPU per request tell a slow
    server from a machine busy with other work, which the load average shows."""
    header = (
        f"{'clients':>7} {FIGURES_HEADER} {'cœurs workers':>13} {'ms CPU/req':>10} "
        f"{'charge 1 min':>12} {'CPU client':>10}"
    )
    lines = [header, "-" * len(header)]
    for step in steps:
        per_request = step.server_cpu * 1000 / len(step.samples) if step.samples else math.nan
        lines.append(
            f"{step.concurrency:>7} {_figures(step.samples, step.elapsed)} "
            f"{step.server_cpu / step.elapsed:>13.2f} {per_request:>10.0f} "
            f"{step.load:>12.2f} {step.client_cpu:>10.0%}"
        )
    return "\n".join(lines)


def error_timeline(samples, down_from: float, down_until: float) -> str:
    """Requests and errors per second (by when each ended); the database was down from
    ``down_from`` (stop sent) to ``down_until`` (start done), in seconds into the step."""
    lines = [f"{'seconde':>7} {'requêtes':>8} {'erreurs':>7}  base"]
    last = int(max(sample.ended for sample in samples)) if samples else 0
    for second in range(last + 1):
        ended = [sample for sample in samples if second <= sample.ended < second + 1]
        errors = sum(1 for sample in ended if sample.error)
        down = second + 1 > down_from and second < down_until
        lines.append(f"{second:>7} {len(ended):>8} {errors:>7}  {'ARRÊTÉE' if down else ''}")
    errors = [sample for sample in samples if sample.error]
    outside = [
        sample for sample in errors if not down_from <= sample.ended <= down_until + GRACE_SECONDS
    ]
    last_error = max((sample.ended for sample in errors), default=None)
    first_ok = min(
        (sample.ended for sample in samples if sample.ended >= down_until and not sample.error),
        default=None,
    )
    recovered = "" if last_error is None else f"dernière erreur à {last_error:.1f} s, "
    recovered += (
        f"premier succès {first_ok - down_until:.1f} s après le redémarrage"
        if first_ok is not None
        else "AUCUN succès après le redémarrage"
    )
    lines.append(
        f"Base arrêtée de {down_from:.1f} s à {down_until:.1f} s : {len(errors)} erreur(s), "
        f"dont {len(outside)} hors de cette fenêtre (+{GRACE_SECONDS:.0f} s) ; {recovered}."
    )
    return "\n".join(lines)


def cache_report(samples) -> str:
    """The share of search answers served from the answer cache. The first request for
    an answer cannot be served from it (nor can a second one sent before the first
    ended); every later one should be, unless the cache was emptied (a publication) or
    the answer expired (``SEARCH_CACHE_SECONDS``): "redemandées" counts those."""
    searches = sorted((s for s in samples if s.cache in ("hit", "miss")), key=lambda s: s.at)
    if not searches:
        return "Cache des recherches : aucune réponse de recherche"
    hits = sum(1 for sample in searches if sample.cache == "hit")
    first_ended: dict[str, float] = {}
    repeats = repeat_hits = 0
    for sample in searches:
        if sample.key is None or sample.key not in first_ended:
            first_ended.setdefault(sample.key, sample.ended)
            continue
        if sample.at < first_ended[sample.key]:
            continue  # asked again before the first answer was stored
        repeats += 1
        repeat_hits += sample.cache == "hit"
    total = len(searches)
    line = f"Cache des recherches : {hits / total:.0%} servies du cache ({hits}/{total})"
    if repeats:
        line += (
            f" ; redemandées : {repeat_hits / repeats:.0%} servies du cache "
            f"({repeat_hits}/{repeats}, {repeats - repeat_hits} manquée(s)) ; "
            f"{len(first_ended)} réponse(s) demandée(s) pour la première fois"
        )
    return line
