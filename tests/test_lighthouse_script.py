"""bench/lighthouse.py's table, from a canned Lighthouse report: no server, no browser."""

import pytest

from bench import lighthouse


def report(**audit_scores):
    """A Lighthouse JSON report whose SEO category holds the given audits."""
    audits = {
        name: {"score": score, "scoreDisplayMode": mode}
        for name, (score, mode) in audit_scores.items()
    }
    return {
        "categories": {
            "performance": {"score": 0.61, "auditRefs": []},
            "accessibility": {"score": 1, "auditRefs": []},
            "best-practices": {"score": None, "auditRefs": []},
            "seo": {"score": 0.69, "auditRefs": [{"id": name} for name in audits]},
        },
        "audits": audits,
    }


def test_the_four_scores_read_out_of_100_and_a_missing_one_as_a_dash():
    assert lighthouse.scores(report()) == ["61", "100", "–", "69"]
    assert lighthouse.scores({"runtimeError": {"message": "NO_NAVSTART"}}) == ["–"] * 4


def test_failing_audits_are_listed_and_the_deliberate_ones_say_why():
    seo = report(
        **{
            "is-crawlable": (0, "binary"),
            "meta-description": (0, "binary"),
            "structured-data": (None, "manual"),
            "hreflang": (None, "notApplicable"),
            "canonical": (1, "binary"),
        }
    )
    assert lighthouse.failing_audits(seo, "recherche") == [
        "seo:is-crawlable (voulu : résultats de recherche en « noindex, follow »)",
        "seo:meta-description",
    ]
    # Only search results are meant to stay out of the index.
    assert lighthouse.failing_audits(seo, "fiche") == ["seo:is-crawlable", "seo:meta-description"]


def test_refuses_to_run_without_a_database(capsys, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(SystemExit):
        lighthouse.parse_args([])
    assert "--database" in capsys.readouterr().err
