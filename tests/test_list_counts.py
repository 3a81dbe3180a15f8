"""Lists that do not count the whole county on every page (issue #17 §4).

An unfiltered county-wide list over a large table shows PostgreSQL's estimate of its rows
(约) instead of a COUNT(*) per page; every row stays reachable page by page even when the
estimate is behind; anything filtered or scoped is counted exactly."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from members.models import Member
from tests.factories import MemberFactory

MEMBERS = reverse("members:member_list")
PAGE = django_settings.PAGE_SIZE


def _analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_member")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's estimate (CI)")
def test_the_county_wide_register_shows_an_estimate_and_every_row_stays_reachable(
    web, tree, settings
):
    settings.LIST_ESTIMATE_FROM = 1
    MemberFactory.create_batch(PAGE + 10, organization=tree.village_a)
    _analyze()
    county = web("county_staff")
    first = county.get(MEMBERS)
    assert first.context["paginator"].estimated
    assert f"约 {PAGE + 10} 条" in first.text
    assert "第 1 页" in first.text and "末页" not in first.text  # no last page it cannot know

    # Rows added since the last ANALYZE: the estimate lags, the pages do not.
    MemberFactory.create_batch(PAGE, organization=tree.community_b)
    seen, page = [], county.get(MEMBERS)
    while True:
        seen += [member.pk for member in page.context["object_list"]]
        if not page.context["page_obj"].has_next():
            break
        page = page.click(description="下一页")
    assert sorted(seen) == sorted(Member.objects.values_list("pk", flat=True))
    assert len(seen) == 2 * PAGE + 10

    # Filtered, scoped, or below the threshold: an exact count, as before.
    assert not county.get(MEMBERS, {"q": "党员"}).context["paginator"].estimated
    town = web("township_a").get(MEMBERS)
    assert not town.context["paginator"].estimated
    assert f"共 {PAGE + 10} 条" in town.text
    settings.LIST_ESTIMATE_FROM = 10**6
    assert f"共 {2 * PAGE + 10} 条" in county.get(MEMBERS).text
