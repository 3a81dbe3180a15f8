"""What the records already say, so no report ever asks for it (notice §6).

This app reads the others and is read by nobody; every figure starts from an
organization's subtree or from the user's scope.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import FrontlineRecord
from funds.models import Expenditure
from members.choices import PostKind, RegistrationRole, Stage
from members.models import ActivistEvent, CareRecord, Post, Registration
from members.selectors import members_on_duty
from organizations.choices import TOWNSHIP_KINDS, OrganizationKind
from organizations.models import Organization

from .choices import Evidence, Timeliness
from .models import Period, ReportingCadence, StatusReport

FIGURE_LABELS = {
    **{f"posts_{kind.value}": kind.label for kind in PostKind},
    "members_on_posts": _("在岗党员"),
    **{f"registrations_{role.value}": _("报到：") + role.label for role in RegistrationRole},
    "activists_moved": _("火线发展推进人次"),
    "money_spent": _("专项党费支出（元）"),
    "care_open": _("关心关爱未解决事项"),
    "cadre_records": _("一线表现记录"),
}
# The fields a secretary types in a report: everything else is filled in by the system.
TYPED_FIELDS = ("highlights", "needs", "risk", "photos")


def figures_for(organization: Organization, period: Period) -> dict:
    """The period's figures for an organization's subtree, one query per kind of record.

    Members on duty are counted on the period's last day (today while it runs), as the
    dashboard counts them: the same selector, so the two never disagree.
    """
    path, start, end = organization.path, period.start, period.end
    posts = Post.objects.filter(organization__path__startswith=path, starts_on__lte=end).exclude(
        ends_on__lt=start
    )
    by_kind = dict(posts.values_list("kind").annotate(n=Count("pk")).order_by())
    on_duty_day = min(end, timezone.localdate())
    on_posts = members_on_duty(
        posts=Post.objects.filter(organization__path__startswith=path), day=on_duty_day
    )
    registrations = dict(
        Registration.objects.filter(organization__path__startswith=path, starts_on__lte=end)
        .exclude(ends_on__lt=start)
        .values_list("role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    moved = (
        ActivistEvent.objects.filter(
            activist__organization__path__startswith=path, happened_on__range=(start, end)
        )
        .exclude(stage=Stage.APPLICANT)
        .count()
    )
    spent = Expenditure.objects.filter(
        allocation__organization__path__startswith=path, spent_on__range=(start, end)
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    care_open = (
        CareRecord.objects.filter(organization__path__startswith=path, reported_on__lte=end)
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
        .count()
    )
    records = FrontlineRecord.objects.filter(
        Q(cadre__organization__path__startswith=path) | Q(team=organization),
        occurred_on__range=(start, end),
    ).count()
    return {
        **{f"posts_{kind.value}": by_kind.get(kind.value, 0) for kind in PostKind},
        "members_on_posts": on_posts,
        **{
            f"registrations_{role.value}": registrations.get(role.value, 0)
            for role in RegistrationRole
        },
        "activists_moved": moved,
        "money_spent": f"{spent:.2f}",
        "care_open": care_open,
        "cadre_records": records,
    }


def labelled(figures: dict) -> list[tuple[str, object]]:
    return [(FIGURE_LABELS[key], figures[key]) for key in FIGURE_LABELS if key in figures]


def expected_reporters(*, user, cadence: ReportingCadence):
    """Organizations in the user's scope that are expected to report."""
    kinds = set(TOWNSHIP_KINDS)
    if cadence.include_branches:
        kinds.add(OrganizationKind.BRANCH)
    organizations = Organization.objects.visible_to(user).filter(kind__in=kinds, is_active=True)
    # Branches report only inside townships (county organs are not territorial).
    return organizations.exclude(kind=OrganizationKind.BRANCH, township__isnull=True).order_by(
        "path"
    )


def _active_organizations(period: Period, user, among=None) -> set[int]:
    """Organizations (and their townships) of the user's scope whose records show work in
    the period; given `among` (organization ids), only records of those or of their
    townships' organizations are read: the reporters that filed nothing.

    One query: the four kinds of daily record, united, each cut to the scope first, so a
    township's dashboard reads its own records only, not the county's.
    """
    span = (period.start, period.end)
    kinds = [
        (Expenditure.objects.filter(spent_on__range=span), "allocation__organization"),
        (FrontlineRecord.objects.filter(occurred_on__range=span), "cadre__organization"),
        (ActivistEvent.objects.filter(happened_on__range=span), "activist__organization"),
        (CareRecord.objects.filter(reported_on__range=span), "organization"),
    ]
    if not user.sees_whole_county:
        scope = Organization.objects.visible_to(user).values("pk")
        kinds = [(queryset.filter(**{f"{own}__in": scope}), own) for queryset, own in kinds]
    if among is not None:
        kinds = [
            (
                queryset.filter(Q(**{f"{own}__in": among}) | Q(**{f"{own}__township__in": among})),
                own,
            )
            for queryset, own in kinds
        ]
    parts = [queryset.values_list(f"{own}__township", own).order_by() for queryset, own in kinds]
    active = set()
    for township_id, organization_id in parts[0].union(*parts[1:]):
        active.update({township_id, organization_id})
    active.discard(None)
    return active


def status_of(report: StatusReport | None, period: Period, *, now, active: bool) -> Timeliness:
    """The one rule for where a reporter stands in a period: filed by the deadline is 按时,
    after it 逾期; unfiled is 未到期 until the deadline, then 未报 (or 有工作记录，未报送 when
    its records show work in the period)."""
    if report is not None:
        return Timeliness.ON_TIME if report.submitted_at <= period.deadline else Timeliness.LATE
    if now <= period.deadline:
        return Timeliness.NOT_DUE
    return Timeliness.ACTIVE_NO_REPORT if active else Timeliness.MISSING


def current_period(cadence: ReportingCadence) -> Period:
    """The period the dashboard and the completeness page show unless asked for another:
    the one running today, which the secretaries are filing."""
    return cadence.period_for(timezone.localdate())


def last_due_period(cadence: ReportingCadence) -> Period:
    """The newest period whose deadline has passed: the one silence is judged on."""
    period = current_period(cadence)
    now = timezone.now()
    while now <= period.deadline:
        period = cadence.previous(period)
    return period


def periods_between(cadence: ReportingCadence, start, end) -> list[Period]:
    """The periods that touch the days start…end, oldest first."""
    periods = []
    period = cadence.period_for(start)
    while period.start <= end:
        periods.append(period)
        period = cadence.period_for(period.end + datetime.timedelta(days=1))
    return periods


def timeliness(*, user, cadence: ReportingCadence, period: Period, reporters=None) -> list[dict]:
    """Who reported on time, late, not at all (or is busy but silent) for one period."""
    return reporting(user=user, cadence=cadence, period=period, reporters=reporters).rows


@dataclass
class Reporting:
    """One period's reporting as every page shows it: the rows and their tally."""

    period: Period
    rows: list[dict]
    counts: dict = field(default_factory=dict)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def on_time(self) -> int:
        return self.counts.get(Timeliness.ON_TIME, 0)

    @property
    def statuses(self) -> dict:
        return {row["organization"].pk: row["status"] for row in self.rows}


def reporting(*, user, cadence: ReportingCadence, period: Period, reporters=None) -> Reporting:
    """The one source of 按时报送 for the dashboard (county and township) and the
    completeness page."""
    return reportings(user=user, cadence=cadence, periods=[period], reporters=reporters)[0]


def reportings(*, user, cadence: ReportingCadence, periods: list[Period], reporters=None):
    """`reporting` for several periods, with one query for their reports."""
    if reporters is None:
        reporters = list(expected_reporters(user=user, cadence=cadence))
    reports = {
        (report.organization_id, report.period_start): report
        for report in StatusReport.objects.filter(
            organization__in=reporters, period_start__in={period.start for period in periods}
        )
    }
    now = timezone.now()
    shown = []
    for period in periods:
        unfiled = [o.pk for o in reporters if (o.pk, period.start) not in reports]
        past_due = now > period.deadline and unfiled
        active = _active_organizations(period, user, among=unfiled) if past_due else set()
        rows = []
        for organization in reporters:
            report = reports.get((organization.pk, period.start))
            status = status_of(report, period, now=now, active=organization.pk in active)
            rows.append({"organization": organization, "report": report, "status": status})
        counts = Counter(row["status"] for row in rows)
        shown.append(Reporting(period=period, rows=rows, counts=counts))
    return shown


def timeliness_over(*, reporters, periods: list[Period]) -> dict:
    """For the burden meter: per organization, how many of `periods` it filed on time, late,
    or left unfiled past the deadline (未报, busy or not), by the same rule as `status_of`."""
    now = timezone.now()
    filed = defaultdict(dict)
    for report in StatusReport.objects.filter(
        organization__in=reporters, period_start__in=[period.start for period in periods]
    ):
        filed[report.organization_id][report.period_start] = report
    tally = {}
    for organization in reporters:
        counts = Counter()
        for period in periods:
            status = status_of(
                filed[organization.pk].get(period.start), period, now=now, active=False
            )
            counts[status] += 1
        tally[organization.pk] = counts
    return tally


def evidence_counts(*, township_ids) -> dict:
    """How many records evidence each kind of directive item, per township (one query each)."""
    querysets = {
        Evidence.POSTS: Post.objects.all(),
        Evidence.REGISTRATIONS: Registration.objects.all(),
        Evidence.ACTIVISTS: ActivistEvent.objects.exclude(stage=Stage.APPLICANT),
        Evidence.CARE: CareRecord.objects.all(),
        Evidence.CADRE_RECORDS: FrontlineRecord.objects.all(),
        Evidence.SPENDING: Expenditure.objects.all(),
        Evidence.REPORTS: StatusReport.objects.all(),
    }
    township = {Evidence.ACTIVISTS: "activist__township"}
    counts = {}
    for evidence, queryset in querysets.items():
        field = township.get(evidence, "township")
        queryset = queryset.filter(**{f"{field}__in": township_ids})
        for township_id, n in queryset.values_list(field).annotate(n=Count("pk")).order_by():
            counts[(evidence, township_id)] = n
    return counts
