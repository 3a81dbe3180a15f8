"""The county dashboard: one definition for every level, computed live in SQL.

Every panel is one grouped query over the user's scope, broken down by township, so the
county sees all townships and a township secretary the same page for their own subtree.
A new record shows on the next page load; nothing is precomputed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.choices import CommendationState, Dimension, OutcomeKind, OutcomeState, Polarity
from cadres.models import Commendation, FrontlineRecord, Outcome
from funds.models import Allocation, Expenditure
from funds.selectors import balance_column, idle
from members.choices import PostKind, RegistrationRole, Stage
from members.models import Activist, Post, Registration
from members.selectors import members_on_duty_breakdown
from organizations.choices import TOWNSHIP_KINDS, OrganizationKind, Sector
from organizations.models import Organization

from .choices import Timeliness
from .models import Need, ReportingCadence
from .selectors import current_period, last_due_period, reportings

NO_TOWNSHIP = 0  # county organs and others outside any township


@dataclass
class Dashboard:
    start: datetime.date
    end: datetime.date
    townships: list
    panels: dict = field(default_factory=dict)
    alerts: list = field(default_factory=list)
    kpis: dict = field(default_factory=dict)


def _by_township(rows, key="township"):
    table = defaultdict(dict)
    for row in rows:
        table[row.pop(key) or NO_TOWNSHIP].update(row)
    return table


def build(*, user, start: datetime.date, end: datetime.date) -> Dashboard:
    organizations = Organization.objects.visible_to(user)
    townships = list(organizations.filter(kind__in=TOWNSHIP_KINDS).order_by("path"))
    board = Dashboard(start=start, end=end, townships=townships)
    board.panels["organizations"] = _organizations(organizations)
    cadence = ReportingCadence.current()
    # With the default cadence the townships are the reporters: no second query.
    reporters = None if cadence.include_branches else townships
    board.panels["reporting"] = _reporting(user, cadence, reporters)
    board.panels["needs"] = _needs(user)
    board.panels["posts"] = _posts(user, start, end)
    board.panels["registrations"] = _registrations(user, start, end)
    board.panels["activists"] = _activists(user)
    board.panels["records"] = _records(user, start, end)
    board.panels["outcomes"] = _outcomes(user)
    board.panels["money"] = _money(user)
    board.panels["spending"] = _spending(user, start, end)
    board.alerts = _alerts(board)
    board.kpis = _kpis(board.panels)
    return board


def _kpis(panels: dict) -> dict:
    current = panels["reporting"]["current"]
    return {
        "on_time": current.on_time,
        "expected": current.expected,
        "open_needs": panels["needs"]["open"],
        "posts": sum(posts for _, _, posts, _ in panels["posts"]["by_kind"]),
        "members_on_posts": panels["posts"]["members"],
        "registrations": sum(n for _, _, n in panels["registrations"]["by_role"]),
        "unconfirmed": panels["registrations"]["unconfirmed"],
        "records": panels["records"]["total"],
        "temporary_open": panels["organizations"]["temporary_open"],
        "balance": panels["money"]["total"].get("balance", Decimal("0")),
        "spent": panels["money"]["total"].get("spent", Decimal("0")),
        "idle": panels["money"]["total"].get("idle", 0),
    }


def _organizations(organizations):
    posted = Post.objects.filter(organization=OuterRef("pk"))
    rows = (
        organizations.annotate(has_post=Exists(posted))
        .values("township", "kind")
        .annotate(
            total=Count("pk"),
            temporary_open=Count(
                "pk", filter=Q(kind=OrganizationKind.TEMPORARY_BRANCH, closed_on__isnull=True)
            ),
            no_secretary=Count("pk", filter=Q(secretary_name="", is_active=True)),
            villages_without_post=Count(
                "pk",
                filter=Q(
                    has_post=False,
                    kind=OrganizationKind.BRANCH,
                    is_active=True,
                    sector__in=[Sector.RURAL, Sector.URBAN_COMMUNITY],
                ),
            ),
        )
        .order_by()
    )
    by_kind = defaultdict(int)
    per_township = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_kind[row["kind"]] += row["total"]
        township = per_township[row["township"] or NO_TOWNSHIP]
        for key in ("total", "temporary_open", "no_secretary", "villages_without_post"):
            township[key] += row[key]
    return {
        "by_kind": [
            (kind.label, by_kind[kind.value]) for kind in OrganizationKind if by_kind[kind.value]
        ],
        "per_township": per_township,
        "temporary_open": sum(t["temporary_open"] for t in per_township.values()),
        "no_secretary": sum(t["no_secretary"] for t in per_township.values()),
        "villages_without_post": sum(t["villages_without_post"] for t in per_township.values()),
    }


def _reporting(user, cadence, reporters):
    """This period's reporting, as the completeness page shows it, and the silent
    organizations of the last period past its deadline (same selector, both)."""
    current, due = reportings(
        user=user,
        cadence=cadence,
        periods=[current_period(cadence), last_due_period(cadence)],
        reporters=reporters,
    )
    return {
        "current": current,
        "due": due,
        "silent": [row["organization"] for row in due.rows if row["status"] == Timeliness.MISSING],
    }


def _needs(user):
    today = timezone.localdate()
    rows = (
        Need.objects.visible_to(user)
        .open()
        .values("township")
        .annotate(open=Count("pk"), oldest=Min("raised_on"))
        .order_by()
    )
    table = _by_township(list(rows))
    for row in table.values():
        row["oldest_days"] = (today - row.pop("oldest")).days
    return {
        "per_township": table,
        "open": sum(row["open"] for row in table.values()),
        "oldest_days": max((row["oldest_days"] for row in table.values()), default=0),
    }


def _posts(user, start, end):
    """Posts active in the range, and members on duty on its last day (today by default):
    `members_on_duty`, the definition the pre-filled report uses too."""
    active = Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    posts = Post.objects.visible_to(user)
    rows = posts.filter(active).values("township", "kind").annotate(posts=Count("pk")).order_by()
    day = min(end, timezone.localdate())
    on_duty, members_by_kind, members_by_township = members_on_duty_breakdown(posts=posts, day=day)
    posts_by_kind = defaultdict(int)
    per_township = defaultdict(lambda: defaultdict(int))
    for row in rows:
        posts_by_kind[row["kind"]] += row["posts"]
        per_township[row["township"] or NO_TOWNSHIP]["posts"] += row["posts"]
    for township, n in members_by_township.items():
        per_township[township or NO_TOWNSHIP]["members"] = n
    return {
        "by_kind": [
            (kind.value, kind.label, posts_by_kind[kind.value], members_by_kind.get(kind.value, 0))
            for kind in PostKind
        ],
        "per_township": per_township,
        "members": on_duty,
    }


def _registrations(user, start, end):
    rows = (
        Registration.objects.visible_to(user)
        .filter(starts_on__lte=end)
        .exclude(ends_on__lt=start)
        .values("township", "role")
        .annotate(n=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
        .order_by()
    )
    roles = defaultdict(int)
    per_township = defaultdict(int)
    unconfirmed = 0
    for row in rows:
        roles[row["role"]] += row["n"]
        per_township[row["township"] or NO_TOWNSHIP] += row["n"]
        unconfirmed += row["n"] - row["confirmed"]
    return {
        "by_role": [(role.value, role.label, roles[role.value]) for role in RegistrationRole],
        "per_township": per_township,
        "unconfirmed": unconfirmed,
    }


def _activists(user):
    rows = Activist.objects.visible_to(user).values("stage").annotate(n=Count("pk")).order_by()
    stages = {row["stage"]: row["n"] for row in rows}
    return {"by_stage": [(stage.value, stage.label, stages.get(stage.value, 0)) for stage in Stage]}


def _records(user, start, end):
    dimensions = {d.value: Count("pk", filter=Q(dimensions__contains=d.value)) for d in Dimension}
    rows = (
        FrontlineRecord.objects.visible_to(user)
        .filter(occurred_on__range=(start, end))
        .values("township", "cadre__category__name", "polarity")
        .annotate(n=Count("pk"), **dimensions)
        .order_by()
    )
    by_category = defaultdict(lambda: defaultdict(int))
    by_dimension = defaultdict(int)
    per_township = defaultdict(lambda: defaultdict(int))
    for row in rows:
        category = row["cadre__category__name"] or "领导班子"
        by_category[category][row["polarity"]] += row["n"]
        per_township[row["township"] or NO_TOWNSHIP][row["polarity"]] += row["n"]
        for dimension in Dimension:
            by_dimension[dimension.value] += row[dimension.value]
    return {
        "polarities": [(p.value, p.label) for p in Polarity],
        "by_category": {name: dict(values) for name, values in by_category.items()},
        "by_dimension": [(d.value, d.label, by_dimension[d.value]) for d in Dimension],
        "per_township": per_township,
        "total": sum(sum(v.values()) for v in by_category.values()),
    }


# The states the dashboard counts outcomes in, each a link to the list filtered by it.
OUTCOME_COLUMNS = (
    OutcomeState.PROPOSED,
    OutcomeState.REVIEWED,
    OutcomeState.TRANSFERRED,
    OutcomeState.DECIDED,
    OutcomeState.REVOKED,
)


def _outcomes(user):
    outcomes = (
        Outcome.objects.visible_to(user).values("kind", "state").annotate(n=Count("pk")).order_by()
    )
    commendations = (
        Commendation.objects.visible_to(user).values("state").annotate(n=Count("pk")).order_by()
    )
    counts = {(row["kind"], row["state"]): row["n"] for row in outcomes}
    by_state = {row["state"]: row["n"] for row in commendations}
    return {
        "states": [state.label for state in OUTCOME_COLUMNS],
        "outcomes": [
            (
                kind.label,
                [
                    (kind.value, state.value, counts.get((kind, state), 0))
                    for state in OUTCOME_COLUMNS
                ],
            )
            for kind in OutcomeKind
        ],
        "commendations": [
            (
                CommendationState.IN_NOTICE,
                _("公示中的表彰"),
                by_state.get(CommendationState.IN_NOTICE, 0),
            ),
            (
                CommendationState.CONFIRMED,
                _("已确认的表彰"),
                by_state.get(CommendationState.CONFIRMED, 0),
            ),
        ],
    }


def _money(user):
    """Received, passed down, spent and idle (`funds.selectors.idle`, the allocation list's
    filter), per township: one grouped query."""
    flagged = idle(Allocation.objects.filter(pk=OuterRef("pk")))
    rows = (
        Allocation.objects.visible_to(user)
        .alias(left=balance_column(), is_idle=Exists(flagged))
        .values("township")
        .annotate(
            received=Sum("amount", filter=Q(parent__isnull=True)),
            spent=Sum("spent"),
            balance=Sum("left"),
            idle=Count("pk", filter=Q(is_idle=True)),
        )
        .order_by()
    )
    table = _by_township([dict(row) for row in rows])
    total = defaultdict(Decimal)
    for row in table.values():
        for key in ("received", "spent", "balance"):
            row[key] = row[key] or Decimal("0")
            total[key] += row[key]
        total["idle"] += row["idle"]
    return {"per_township": table, "total": dict(total)}


def _spending(user, start, end):
    rows = (
        Expenditure.objects.visible_to(user)
        .filter(spent_on__range=(start, end))
        .values("use")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {"by_use": [(row["use"], row["total"]) for row in rows]}


def _alerts(board: Dashboard) -> list[tuple[str, str, str]]:
    """(level, text, url) for what needs the county's attention now; each link opens the
    list filtered to exactly what the alert counts."""
    alerts = []
    reporting = board.panels["reporting"]
    if reporting["silent"]:
        names = "、".join(org.name for org in reporting["silent"][:8])
        period = reporting["due"].period
        text = _("%(period)s 未报送且无工作记录：%(names)s") % {"period": period, "names": names}
        link = f"{reverse('reports:completeness')}?period={period.start.isoformat()}"
        alerts.append(("danger", text, link))
    needs = board.panels["needs"]
    if needs["open"] and needs["oldest_days"] > settings.NEEDS_STALE_DAYS:
        text = _("困难和需求未办结 %(open)s 项，最久 %(days)s 天") % {
            "open": needs["open"],
            "days": needs["oldest_days"],
        }
        alerts.append(("warning", text, f"{reverse('reports:need_list')}?open=yes"))
    idle_count = board.panels["money"]["total"].get("idle", 0)
    if idle_count:
        text = _("闲置专项党费 %(n)s 笔") % {"n": idle_count}
        alerts.append(("warning", text, f"{reverse('funds:allocation_list')}?idle=yes"))
    organizations = board.panels["organizations"]
    if organizations["villages_without_post"]:
        text = _("村（社区）党支部未设党员岗区 %(n)s 个") % {
            "n": organizations["villages_without_post"]
        }
        alerts.append(("info", text, reverse("members:post_list")))
    if organizations["no_secretary"]:
        text = _("党组织未登记书记 %(n)s 个") % {"n": organizations["no_secretary"]}
        alerts.append(("info", text, reverse("organizations:organization_list")))
    return alerts
