"""The live dashboard: one definition at every level, scoped, constant in queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funds.services import (
    allocation_from_appropriation,
    appropriation_create,
    expenditure_record,
)
from members.services import post_assign, post_create
from reports.services import report_submit
from tests.factories import MemberFactory

D = datetime.date


@pytest.fixture
def county_work(tree, personas):
    user = personas.township_a
    for organization in (tree.village_a, tree.community_b):
        member = MemberFactory(organization=organization)
        post = post_create(
            user=user if organization == tree.village_a else personas.township_b,
            organization=organization,
            kind="zone",
            name=f"{organization}责任区",
            place="一组",
            duty="排查",
            households_covered=10,
            starts_on=D(2026, 1, 25),
        )
        post_assign(post=post, member=member, user=user, starts_on=D(2026, 1, 25))
    batch = appropriation_create(
        user=personas.county_staff,
        source="higher",
        document_number="丰组〔2026〕1号",
        issued_on=D(2026, 1, 28),
        amount=Decimal("10000"),
        allowed_uses=["supplies"],
    )
    for township, amount in ((tree.township_a, "6000"), (tree.township_b, "3000")):
        allocation = allocation_from_appropriation(
            user=personas.county_staff,
            appropriation=batch,
            organization=township,
            amount=Decimal(amount),
            allocated_on=D(2026, 1, 29),
        )
        expenditure_record(
            user=personas.county_staff,
            allocation=allocation,
            amount=Decimal("1000"),
            spent_on=D(2026, 2, 1),
            use="supplies",
            beneficiaries="口罩",
            payee="药店",
        )
    return batch


def _board(client, **params):
    response = client.get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    return response.context["board"]


def test_county_dashboard_adds_up_every_township(client_as, county_work, tree):
    board = _board(client_as("county_staff"), range="custom", start="2026-01-01", end="2026-12-31")
    money = board.panels["money"]["per_township"]
    assert money[tree.township_a.pk]["received"] == Decimal("6000.00")
    assert money[tree.township_a.pk]["balance"] == Decimal("5000.00")
    assert board.kpis["balance"] == Decimal("7000.00")
    assert board.kpis["members_on_posts"] == 2
    assert {t.code for t in board.townships} == {"FY001", "FY002"}


def test_a_new_record_shows_on_the_next_load(client_as, county_work, tree, personas):
    client = client_as("county_staff")
    before = _board(client, range="custom", start="2026-01-01", end="2026-12-31")
    MemberFactory(organization=tree.village_a)
    post = post_create(
        user=personas.township_a,
        organization=tree.village_a,
        kind="vanguard",
        name="新先锋岗",
        place="村口",
        duty="值守",
        starts_on=D(2026, 2, 1),
    )
    post_assign(
        post=post,
        member=MemberFactory(organization=tree.village_a),
        user=personas.township_a,
        starts_on=D(2026, 2, 1),
    )
    after = _board(client, range="custom", start="2026-01-01", end="2026-12-31")
    assert after.kpis["posts"] == before.kpis["posts"] + 1
    assert after.kpis["members_on_posts"] == before.kpis["members_on_posts"] + 1


@pytest.mark.parametrize("persona", ["township_a", "branch"])
def test_township_and_branch_dashboards_show_nothing_outside(client_as, county_work, tree, persona):
    client = client_as(persona)
    board = _board(client, range="custom", start="2026-01-01", end="2026-12-31")
    assert tree.township_b.pk not in board.panels["money"]["per_township"]
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "中共乙街道工作委员会" not in page
    assert "乙社区" not in page


def test_a_township_parameter_never_widens_scope(client_as, county_work, tree):
    client = client_as("township_a")
    url = reverse("reports:dashboard")
    assert client.get(url, {"township": tree.township_b.pk}).status_code == 404
    board = _board(client, township="")
    assert {t.code for t in board.townships} == {"FY001"}


def test_the_county_can_look_through_a_townships_eyes(client_as, county_work, tree):
    board = _board(
        client_as("leader"),
        township=tree.township_b.pk,
        range="custom",
        start="2026-01-01",
        end="2026-12-31",
    )
    assert {t.code for t in board.townships} == {"FY002"}
    assert set(board.panels["money"]["per_township"]) == {tree.township_b.pk}


def test_reporting_and_alerts(client_as, county_work, tree, personas):
    from reports.models import ReportingCadence
    from reports.services import cadence_update

    cadence_update(
        user=personas.county_staff,
        kind="weekly",
        every_days=7,
        anchor=D(2026, 2, 2),
        grace_hours=0,
        include_branches=False,
    )
    cadence = ReportingCadence.current()
    past = cadence.period_for(D(2026, 2, 4))
    report_submit(
        user=personas.township_a,
        organization=tree.township_a,
        period=past,
        risk="calm",
        needs=["缺少口罩"],
    )
    board = _board(client_as("county_staff"))
    assert board.kpis["open_needs"] == 1
    levels = [level for level, _, _ in board.alerts]
    assert "danger" in levels  # township B is silent


def test_the_township_table_is_paged_and_printed_whole(client_as, county_work, tree, settings):
    """A county of many townships reads its table a page at a time (issue #17 §3); the
    figures of each row stay those of the panels, and the print lists every township."""
    settings.DASHBOARD_TOWNSHIP_ROWS = 1
    client = client_as("county_staff")

    def table(**params):
        response = client.get(reverse("reports:dashboard"), params)
        return response, [row["township"].code for row in response.context["rows"]]

    first, codes = table()
    assert codes == ["FY001"] and "第 1–1 个，共 2 个乡镇（街道）" in first.content.decode()
    assert "?page=2" in first.content.decode()
    second, codes = table(page="2")
    assert codes == ["FY002"]
    assert second.context["board"].kpis == first.context["board"].kpis
    _printed, codes = table(print="1", page="2")
    assert codes == ["FY001", "FY002"]


def test_print_view_and_charts(client_as, county_work):
    client = client_as("county_staff")
    page = client.get(reverse("reports:dashboard"), {"print": "1"}).content.decode()
    assert "全县态势" in page and 'class="navbar' not in page
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="chart-posts"' in page and "echarts.min.js" in page


@pytest.mark.parametrize("extra", [0, 25])
@pytest.mark.parametrize("persona", ["county_staff", "township_a"])
def test_query_count_does_not_grow(
    client_as, county_work, tree, personas, django_assert_max_num_queries, extra, persona
):
    for number in range(extra):
        member = MemberFactory(organization=tree.village_a)
        post = post_create(
            user=personas.township_a,
            organization=tree.village_a,
            kind="model",
            name=f"示范岗{number}",
            place="x",
            duty="x",
            starts_on=D(2026, 2, 1),
        )
        post_assign(post=post, member=member, user=personas.township_a, starts_on=D(2026, 2, 1))
    client = client_as(persona)
    # Session and user, the panels (members on duty in three: per kind, per township and
    # in all; reporting of this period and the last one due, with its work records), and
    # the request's transaction (two statements).
    with django_assert_max_num_queries(21):
        assert client.get(reverse("reports:dashboard")).status_code == 200
