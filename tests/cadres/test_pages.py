"""The cadres pages as their users meet them: forms filled and submitted from the rendered
HTML (WebTest), confirmations read before an irreversible step, and the database checked
afterwards."""

import datetime

import pytest
from django.urls import reverse

from cadres.choices import Checkpoint

from .conftest import observe

D = datetime.date


def _order_of(text: str, *needles: str) -> list[str]:
    """The needles in the order they appear on the page (each must appear once)."""
    for needle in needles:
        assert text.count(needle) == 1, needle
    return sorted(needles, key=text.index)


@pytest.fixture
def file_out_of_order(cadres, personas):
    """甲书记's file, recorded out of date order, one record a township proposal."""
    cadre = cadres.principal_a
    county, township = personas.county_staff, personas.township_a
    observe(cadre, county, Checkpoint.KNOWS, day=D(2026, 2, 10), description="二月十日事例")
    observe(cadre, county, Checkpoint.ACTS, day=D(2026, 1, 20), description="一月二十日事例")
    observe(cadre, township, Checkpoint.AT_POST, day=D(2026, 2, 5), description="待审二月五日")
    observe(cadre, county, Checkpoint.SPEAKS_UP, day=D(2026, 2, 1), description="二月一日事例")
    return cadre


class TestTheCadreFile:
    def test_on_screen_records_are_newest_first(self, web, file_out_of_order):
        page = web("leader").get(reverse("cadres:cadre_detail", args=[file_out_of_order.pk]))
        assert _order_of(
            page.text, "二月十日事例", "待审二月五日", "二月一日事例", "一月二十日事例"
        ) == ["二月十日事例", "待审二月五日", "二月一日事例", "一月二十日事例"]

    def test_the_print_lists_reviewed_records_newest_first_and_says_what_it_left_out(
        self, web, file_out_of_order
    ):
        url = reverse("cadres:cadre_detail", args=[file_out_of_order.pk])
        page = web("leader").get(url, {"print": "1"})
        assert "待审二月五日" not in page.text
        assert _order_of(page.text, "二月十日事例", "二月一日事例", "一月二十日事例") == [
            "二月十日事例",
            "二月一日事例",
            "一月二十日事例",
        ]
        # The fixture's own record (2026-02-01, 连续值守) is reviewed too: four in all.
        assert "以下为已审核记录 4 条；另有待审核 1 条未列入" in page.text
        assert "待审核</span>" not in page.text

    def test_the_print_counts_only_what_it_prints(self, web, file_out_of_order):
        url = reverse("cadres:cadre_detail", args=[file_out_of_order.pk])
        printed = web("leader").get(url, {"print": "1"})
        assert {row["polarity"]: row["total"] for row in printed.context["summary"]}["突出"] == 4
        on_screen = web("leader").get(url)
        assert {row["polarity"]: row["total"] for row in on_screen.context["summary"]}["突出"] == 5

    def test_a_team_file_prints_in_the_same_order(self, web, cadres, tree, personas):
        team, county = tree.township_a, personas.county_staff
        observe(team, county, Checkpoint.CALM, day=D(2026, 1, 3), description="班子一月")
        observe(team, county, Checkpoint.OPINION, day=D(2026, 3, 1), description="班子三月")
        url = reverse("cadres:team_detail", args=[tree.township_a.pk])
        for query in ({}, {"print": "1"}):
            page = web("county_staff").get(url, query)
            assert _order_of(page.text, "班子三月", "班子一月") == ["班子三月", "班子一月"]
