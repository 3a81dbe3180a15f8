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
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.choices import Dimension, Polarity
from cadres.models import Commendation, FrontlineRecord, Outcome
from funds.models import Allocation, Expenditure
from members.choices import PostKind, RegistrationRole, Stage
from members.models import Activist, Post, Registration
from organizations.choices import TOWNSHIP_KINDS, OrganizationKind, Sector
from organizations.models import Organization

from .choices import Timeliness
from .models import Need, ReportingCadence
from .selectors import timeliness

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
    counts = {value: n for value, _, n in panels["reporting"]["counts"]}
    return {
        "on_time": counts.get(Timeliness.ON_TIME, 0),
        "expected": panels["reporting"]["expected"],
        "open_needs": panels["needs"]["open"],
        "posts": sum(posts for _, _, posts, _ in panels["posts"]["by_kind"]),
        "members_on_posts": sum(m["members"] for m in panels["posts"]["per_township"].values()),
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
    """Completeness and timeliness of the last period that has passed its deadline."""
    period = cadence.period_for(timezone.localdate())
    while timezone.now() <= period.deadline:
        period = cadence.previous(period)
    rows = timeliness(user=user, cadence=cadence, period=period, reporters=reporters)
    counts = defaultdict(int)
    for row in rows:
        counts[row["status"]] += 1
    return {
        "period": period,
        "counts": [
            (status.value, status.label, counts[status])
            for status in Timeliness
            if status != Timeliness.NOT_DUE
        ],
        "silent": [row["organization"] for row in rows if row["status"] == Timeliness.MISSING],
        "rows": {row["organization"].pk: row["status"] for row in rows},
        "expected": len(rows),
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
    active = Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    on_duty = Q(assignments__starts_on__lte=end) & (
        Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=start)
    )
    rows = (
        Post.objects.visible_to(user)
        .filter(active)
        .values("township", "kind")
        .annotate(
            posts=Count("pk", distinct=True),
            members=Count("assignments__member", filter=on_duty, distinct=True),
        )
        .order_by()
    )
    kinds = defaultdict(lambda: {"posts": 0, "members": 0})
    per_township = defaultdict(lambda: defaultdict(int))
    for row in rows:
        kinds[row["kind"]]["posts"] += row["posts"]
        kinds[row["kind"]]["members"] += row["members"]
        per_township[row["township"] or NO_TOWNSHIP]["posts"] += row["posts"]
        per_township[row["township"] or NO_TOWNSHIP]["members"] += row["members"]
    return {
        "by_kind": [
            (kind.value, kind.label, kinds[kind.value]["posts"], kinds[kind.value]["members"])
            for kind in PostKind
        ],
        "per_township": per_township,
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


def _outcomes(user):
    outcomes = (
        Outcome.objects.visible_to(user).values("kind", "state").annotate(n=Count("pk")).order_by()
    )
    commendations = (
        Commendation.objects.visible_to(user).values("state").annotate(n=Count("pk")).order_by()
    )
    return {
        "outcomes": [(row["kind"], row["state"], row["n"]) for row in outcomes],
        "commendations": {row["state"]: row["n"] for row in commendations},
    }


def _money(user):
    """Received, passed down, spent and idle, per township: one grouped query."""
    cutoff = timezone.localdate() - datetime.timedelta(days=settings.FUNDS_IDLE_DAYS)
    share = Decimal(str(settings.FUNDS_IDLE_SHARE))
    rows = (
        Allocation.objects.visible_to(user)
        .alias(left=F("amount") - F("passed_down") - F("spent"))
        .values("township")
        .annotate(
            received=Sum("amount", filter=Q(parent__isnull=True)),
            spent=Sum("spent"),
            balance=Sum("left"),
            idle=Count("pk", filter=Q(allocated_on__lte=cutoff, left__gt=F("amount") * share)),
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
    """(level, text, link) for what needs the county's attention now."""
    alerts = []
    reporting = board.panels["reporting"]
    if reporting["silent"]:
        names = "、".join(org.name for org in reporting["silent"][:8])
        text = _("%(period)s 未报送且无工作记录：%(names)s") % {
            "period": reporting["period"],
            "names": names,
        }
        alerts.append(("danger", text, "reports:completeness"))
    needs = board.panels["needs"]
    if needs["open"] and needs["oldest_days"] > settings.NEEDS_STALE_DAYS:
        text = _("困难和需求未办结 %(open)s 项，最久 %(days)s 天") % {
            "open": needs["open"],
            "days": needs["oldest_days"],
        }
        alerts.append(("warning", text, "reports:need_list"))
    idle = board.panels["money"]["total"].get("idle", 0)
    if idle:
        alerts.append(
            ("warning", _("闲置专项党费 %(n)s 笔") % {"n": idle}, "funds:allocation_list")
        )
    organizations = board.panels["organizations"]
    if organizations["villages_without_post"]:
        text = _("村（社区）党支部未设党员岗区 %(n)s 个") % {
            "n": organizations["villages_without_post"]
        }
        alerts.append(("info", text, "members:post_list"))
    if organizations["no_secretary"]:
        text = _("党组织未登记书记 %(n)s 个") % {"n": organizations["no_secretary"]}
        alerts.append(("info", text, "organizations:organization_list"))
    return alerts
