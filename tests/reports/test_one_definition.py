"""A figure shown on two pages comes from one selector: the tests read both pages.

Issue #14: the dashboard and the completeness page disagreed on who reported on time, the
dashboard and the pre-filled report on how many members are on duty; the dashboard's title
and menu did not follow the user's scope; its idle-money alert led to the unfiltered list.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cadres.services import outcome_advance, outcome_propose, record_create, record_review
from funds.services import allocation_from_appropriation, allocation_pass_down, appropriation_create
from members.models import Post
from members.selectors import members_on_duty, members_on_duty_breakdown
from members.services import post_assign, post_create
from reports.models import StatusReport
from reports.services import cadence_update, report_submit
from tests.cadres.conftest import DECISION, county_colleague
from tests.factories import CadreFactory, MemberFactory

D = datetime.date
DASHBOARD = reverse("reports:dashboard")
COMPLETENESS = reverse("reports:completeness")


def _text(node) -> str:
    return re.sub(r"\s+", "", node.get_text())


def _tile(page, label: str) -> str:
    """The value of the dashboard tile with that label."""
    for card in page.html.select("a.card"):
        if _text(card.select_one(".text-muted")) == label:
            return _text(card.select_one(".fs-5"))
    raise AssertionError(f"no tile {label!r}")


def _row(page, name: str):
    """The cells of the table row whose first cell names `name`."""
    for row in page.html.select("table tbody tr"):
        cells = row.find_all("td")
        if cells and _text(cells[0]) == name:
            return [_text(cell) for cell in cells]
    raise AssertionError(f"no row for {name!r}")


def _completeness_counts(page) -> dict[str, int]:
    counts = {}
    for box in page.html.select("div.border.rounded"):
        counts[_text(box.select_one(".text-muted"))] = int(_text(box.select_one("strong")))
    return counts


@pytest.fixture
def weekly(personas):
    return cadence_update(
        user=personas.county_staff,
        kind="weekly",
        every_days=7,
        anchor=D(2026, 1, 5),
        grace_hours=12,
        include_branches=False,
    )


@pytest.fixture
def filed_last_period(tree, personas, weekly):
    """Township A filed the last period (late or on time); nobody has filed this one yet."""
    current = weekly.period_for(timezone.localdate())
    last = weekly.previous(current)
    report_submit(user=personas.township_a, organization=tree.township_a, period=last, risk="calm")
    return current, last


class TestTimelinessIsOneFigure:
    def _agree(self, web, persona, tree, *, dashboard_params=None):
        board = web(persona).get(DASHBOARD, dashboard_params or {})
        completeness = web(persona).get(COMPLETENESS)
        counts = _completeness_counts(completeness)
        expected = sum(counts.values())
        assert _tile(board, "按时报送") == f"{counts['按时']}/{expected}"
        townships = [t for t in (tree.township_a, tree.township_b) if t.name in board.text]
        assert townships
        for township in townships:
            on_board = _row(board, township.name)[1]
            on_completeness = _row(completeness, township.name)[1]
            assert on_board == on_completeness, township.name
        return board, completeness

    def test_before_anyone_filed_the_current_period(self, web, tree, filed_last_period):
        board, completeness = self._agree(web, "county_staff", tree)
        assert _row(completeness, tree.township_a.name)[1] == "未到期"
        assert _tile(board, "按时报送") == "0/2"

    def test_after_a_township_filed_the_current_period(
        self, web, tree, personas, filed_last_period
    ):
        current, _ = filed_last_period
        report_submit(
            user=personas.township_a, organization=tree.township_a, period=current, risk="calm"
        )
        board, _ = self._agree(web, "county_staff", tree)
        assert _tile(board, "按时报送") == "1/2"
        assert StatusReport.objects.filter(period_start=current.start).count() == 1

    def test_a_township_dashboard_and_the_county_looking_through_its_eyes(
        self, web, tree, filed_last_period
    ):
        self._agree(web, "township_a", tree)
        board = web("county_staff").get(DASHBOARD, {"township": tree.township_a.pk})
        mine = web("township_a").get(COMPLETENESS)
        assert _tile(board, "按时报送") == f"{_completeness_counts(mine)['按时']}/1"

    def test_the_tile_links_to_the_period_it_counts(self, web, tree, filed_last_period):
        current, _ = filed_last_period
        board = web("county_staff").get(DASHBOARD)
        linked = board.click(description="按时报送", href=COMPLETENESS)
        assert current.start.isoformat() in linked.request.url
        assert str(current) in linked.text

    def test_the_burden_meter_counts_the_same_statuses(self, web, tree, personas, weekly):
        current = weekly.period_for(timezone.localdate())
        last = weekly.previous(current)
        report_submit(
            user=personas.township_a, organization=tree.township_a, period=last, risk="calm"
        )
        page = web("county_staff").get(
            reverse("reports:burden"),
            {"start": last.start.isoformat(), "end": current.end.isoformat()},
        )
        completeness = web("county_staff").get(COMPLETENESS, {"period": last.start})
        status = _row(completeness, tree.township_a.name)[1]
        headers = [_text(th) for th in page.html.select("table thead th")]
        row = dict(zip(headers, _row(page, tree.township_a.name), strict=True))
        assert row[status] == "1"
        other = {"按时": "逾期", "逾期": "按时"}[status]
        assert row[other] == "0"
        assert row["未报"] == "0"  # the current period is not due
        row_b = dict(zip(headers, _row(page, tree.township_b.name), strict=True))
        assert (row_b["按时"], row_b["逾期"], row_b["未报"]) == ("0", "0", "1")


def test_members_on_duty_is_one_figure(web, tree, personas, weekly):
    """A member on two posts counts once, on the dashboard as in the pre-filled report;
    a member whose assignment ended yesterday is not on duty today."""
    today = timezone.localdate()
    user = personas.township_a
    twice, once, gone = (MemberFactory(organization=tree.village_a) for _ in range(3))
    posts = [
        post_create(
            user=user,
            organization=organization,
            kind=kind,
            name=f"{kind}岗",
            place="村口",
            duty="值守",
            starts_on=D(2026, 1, 25),
        )
        for organization, kind in ((tree.village_a, "vanguard"), (tree.sub_a, "zone"))
    ]
    for post in posts:
        post_assign(post=post, member=twice, user=user, starts_on=D(2026, 1, 25))
    post_assign(post=posts[0], member=once, user=user, starts_on=D(2026, 1, 25))
    post_assign(
        post=posts[1],
        member=gone,
        user=user,
        starts_on=D(2026, 1, 25),
        ends_on=today - datetime.timedelta(days=1),
    )

    form_page = web("township_a").get(reverse("reports:report_file"))
    prefilled = {_text(row.th): _text(row.td) for row in form_page.html.select("details table tr")}
    board = web("county_staff").get(DASHBOARD)
    headers = [_text(th) for th in board.html.select("table.township-table thead th")]
    row = dict(zip(headers, _row(board, tree.township_a.name), strict=True))
    assert prefilled["在岗党员"] == row["在岗党员"] == _tile(board, "在岗党员") == "2"
    own = web("township_a").get(DASHBOARD)
    assert _tile(own, "在岗党员") == "2"
    # The dashboard's one pass (GROUPING SETS on PostgreSQL) is the same definition.
    scope = Post.objects.all()
    assert (
        members_on_duty_breakdown(posts=scope, day=today)
        == (
            members_on_duty(posts=scope, day=today),
            members_on_duty(posts=scope, day=today, by="post__kind"),
            members_on_duty(posts=scope, day=today, by="post__township"),
        )
        == (2, {"vanguard": 2, "zone": 1}, {tree.township_a.pk: 2})
    )


@pytest.mark.parametrize(
    ("persona", "title"),
    [("county_staff", "全县态势"), ("township_a", "甲镇态势"), ("branch", "甲村党支部态势")],
)
def test_the_dashboard_is_titled_by_the_users_scope(web, tree, persona, title):
    page = web(persona).get(DASHBOARD)
    assert _text(page.html.select_one("h1")).startswith(title)
    if persona != "county_staff":
        assert "全县" not in page.text


def test_the_township_table_scrolls_with_its_name_column_fixed(web, tree):
    page = web("county_staff").get(DASHBOARD)
    table = page.html.select_one("table.township-table")
    assert table is not None and table.find_parent(class_="table-responsive") is not None
    assert all("sticky-col" in row.find(["td", "th"])["class"] for row in table.select("tr"))


@pytest.mark.parametrize("include_branches", [False, True])
@pytest.mark.parametrize(
    "persona", ["county_staff", "leader", "township_a", "township_b", "branch"]
)
def test_the_menu_offers_filing_only_to_who_may_file(
    web, tree, personas, persona, include_branches
):
    cadence_update(
        user=personas.county_staff,
        kind="daily",
        every_days=1,
        anchor=D(2026, 1, 25),
        grace_hours=12,
        include_branches=include_branches,
    )
    url = reverse("reports:report_file")
    browser = web(persona)
    may_file = persona in ("township_a", "township_b") or (persona == "branch" and include_branches)
    status = 200 if may_file else 403
    assert browser.get(url, status=status).status_code == status
    # The menu and the home page's work links offer it exactly when the page opens.
    for page, links in ((DASHBOARD, "a.dropdown-item"), (reverse("home"), ".home-links a")):
        offered = [a for a in browser.get(page).html.select(links) if a["href"] == url]
        assert bool(offered) is may_file, page


def test_the_idle_money_alert_links_to_exactly_the_idle_allocations(web, tree, personas, settings):
    settings.FUNDS_IDLE_DAYS = 14
    today = timezone.localdate()
    county = personas.county_staff
    batch = appropriation_create(
        user=county,
        source="higher",
        document_number="丰组〔2026〕9号",
        issued_on=today - datetime.timedelta(days=60),
        amount=Decimal("10000"),
        allowed_uses=["supplies"],
    )
    old = allocation_from_appropriation(
        user=county,
        appropriation=batch,
        organization=tree.township_a,
        amount=Decimal("4000"),
        allocated_on=today - datetime.timedelta(days=30),
    )
    allocation_from_appropriation(
        user=county,
        appropriation=batch,
        organization=tree.township_b,
        amount=Decimal("3000"),
        allocated_on=today - datetime.timedelta(days=30),
    )
    allocation_pass_down(
        user=personas.township_a,
        parent=old,
        organization=tree.village_a,
        amount=Decimal("100"),
        allocated_on=today,
    )
    board = web("county_staff").get(DASHBOARD)
    alert = next(a for a in board.html.select(".alert a") if "闲置专项党费" in a.get_text())
    n = int(re.search(r"(\d+)\s*笔", alert.get_text()).group(1))
    assert n == 2
    listed = web("county_staff").get(alert["href"])
    rows = [row for row in listed.html.select("table tbody tr") if row.find("a")]
    assert len(rows) == n
    everything = web("county_staff").get(reverse("funds:allocation_list"))
    assert len([r for r in everything.html.select("table tbody tr") if r.find("a")]) == 3


def test_the_outcome_counts_lead_to_exactly_the_outcomes_they_count(web, tree, personas):
    """The dashboard's 推荐·调整·问责 table (issue #16 §3 states included) and the outcome
    list it links to count the same rows, for the county and through a township's eyes."""
    staff, colleague = personas.county_staff, county_colleague(tree)
    for township, states in ((tree.township_a, ["reviewed", "decided"]), (tree.township_b, [])):
        cadre = CadreFactory(organization=township)
        record = record_create(
            user=staff,
            subject=cadre,
            occurred_on=D(2026, 2, 1),
            place="卡口",
            description="脱岗",
            polarity="poor",
            dimensions=["commitment"],
            checkpoint="at_post",
            source="site_visit",
        )
        record = record_review(record=record, user=colleague)
        for _ in range(2):
            outcome = outcome_propose(
                user=staff,
                subject=cadre,
                kind="accountability",
                measures=["admonition"],
                reason="脱岗",
                records=[record],
            )
            for state in states:
                outcome_advance(
                    outcome=outcome, user=colleague, state=state, reason="同意", **DECISION
                )
    browser = web("county_staff")
    for query, decided, proposed in (("", 2, 2), (f"?township={tree.township_a.pk}", 2, 0)):
        board = browser.get(DASHBOARD + query)
        row = _row(board, "问责")
        states = [_text(th) for th in board.html.select("#outcomes thead th")][1:]
        figures = dict(zip(states, row[1:], strict=True))
        assert (figures["决定"], figures["提议"], figures["移送纪委监委"]) == (
            str(decided),
            str(proposed),
            "0",
        )
        link = next(
            a
            for a in board.html.select("#outcomes a")
            if "state=decided" in a["href"] and "kind=accountability" in a["href"]
        )
        listed = browser.get(link["href"])
        assert f"共{decided}条" in _text(listed.html.select_one("main"))
