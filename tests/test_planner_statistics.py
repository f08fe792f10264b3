"""Planner statistics after a bulk load: an empty table must not be planned as a big one."""

import pytest

from django.db import connection

from initiatives.planner_statistics import refresh_planner_statistics

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db

RESTRICTIONS_JOIN = (  # the query behind Wagtail's .public(), run for every list of pages
    "SELECT * FROM wagtailcore_pageviewrestriction INNER JOIN wagtailcore_page "
    "ON wagtailcore_pageviewrestriction.page_id = wagtailcore_page.id"
)


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL plans an empty table as a small one without help",
)
def test_pages_are_not_walked_to_find_that_no_section_is_private(referentiel):
    town = make_collectivity("35288", "Saint-Malo", "ville")
    make_sheet(town, title="Wi-fi public")
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        # The statistics of a site of 15,000 pages, without building them: below a few
        # thousand pages walking them costs nothing and SQLite rightly does not care.
        cursor.execute(
            "UPDATE sqlite_stat1 SET stat = '15000' || substr(stat, instr(stat, ' ')) "
            "WHERE tbl = 'wagtailcore_page' AND instr(stat, ' ') > 0"
        )
        cursor.execute("ANALYZE sqlite_schema")
        cursor.execute(f"EXPLAIN QUERY PLAN {RESTRICTIONS_JOIN}")  # noqa: S608
        plan = [row[-1] for row in cursor.fetchall()]
    assert plan[0].startswith("SCAN wagtailcore_pageviewrestriction"), plan
    assert "SCAN wagtailcore_page" not in plan, plan


def test_refreshing_twice_is_harmless(referentiel):
    refresh_planner_statistics()
    refresh_planner_statistics()
    town = make_collectivity("35288", "Saint-Malo", "ville")
    assert make_sheet(town, title="Après l'analyse").live
