"""The demo county: its size, its accounts, its determinism and its caution."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Q, Sum

from cadres.choices import (
    CHECKPOINTS,
    CheckpointSet,
    CommendationState,
    Dimension,
    OutcomeState,
    Polarity,
)
from cadres.models import Cadre, Commendation, FrontlineRecord, Outcome
from funds.choices import Use
from funds.models import Allocation, Appropriation, Expenditure
from funds.selectors import idle
from members.choices import MemberCategory, PostKind, RegistrationRole, Stage
from members.models import (
    Activist,
    CareRecord,
    DisciplineCase,
    Member,
    Post,
    Registration,
)
from organizations.choices import OrganizationKind, Role, Sector
from organizations.models import Organization, User
from reports.models import Directive, Need, ReportingCadence, StatusReport


def _seed(**options):
    call_command("seed_demo", stdout=open("/dev/null", "w"), **options)  # noqa: SIM115


def _fingerprint():
    organizations = list(
        Organization.objects.order_by("path").values_list(
            "path",
            "code",
            "name",
            "kind",
            "sector",
            "secretary_name",
            "contact_phone",
            "households_covered",
            "township__code",
        )
    )
    users = list(
        User.objects.order_by("username").values_list(
            "username", "last_name", "first_name", "role", "organization__code"
        )
    )
    return organizations, users


@pytest.mark.django_db
def test_scale_one_is_a_whole_county_with_its_accounts():
    _seed(scale=1, password="a-demo-password-1")
    townships = Organization.objects.filter(kind__in=["township", "street", "industrial_park"])
    assert townships.count() == 25
    assert 1300 <= Organization.objects.count() <= 1700
    assert set(Organization.objects.values_list("kind", flat=True)) == set(OrganizationKind.values)
    assert set(Organization.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert Organization.objects.filter(depth=1).count() == 1
    # Every row is on file in history, and every township has an open temporary branch.
    assert Organization.history.filter(history_type="+").count() == Organization.objects.count()
    temporary = Organization.objects.filter(kind=OrganizationKind.TEMPORARY_BRANCH)
    assert temporary.filter(closed_on__isnull=True).count() == 25
    assert set(temporary.values_list("township", flat=True)) == set(
        townships.values_list("pk", flat=True)
    )
    # The township copied onto each row matches the tree.
    for organization in Organization.objects.filter(depth__gt=2).select_related("township")[:200]:
        top = Organization.objects.get(path=organization.path[:8])
        assert organization.township == (top if top.is_township else None)

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("a-demo-password-1")
    assert User.objects.get(username="county").role == Role.COUNTY_STAFF
    assert User.objects.get(username="leader").role == Role.LEADER
    town = User.objects.filter(role=Role.TOWNSHIP_SECRETARY)
    assert town.count() == 25
    assert set(town.values_list("organization", flat=True)) == set(
        townships.values_list("pk", flat=True)
    )
    branch = User.objects.filter(role=Role.BRANCH_SECRETARY)
    assert branch.count() == 25
    assert len(set(branch.values_list("organization__township", flat=True))) == 25
    assert User.objects.get(username="branch07").check_password("a-demo-password-1")
    _members_are_consistent()
    _cadres_are_consistent()
    _funds_are_consistent()
    _reports_are_consistent()


def _reports_are_consistent():
    """Weeks of reports with gaps and late ones, open and answered needs."""
    cadence = ReportingCadence.current()
    assert StatusReport.objects.count() >= 100
    late = [
        report
        for report in StatusReport.objects.all()
        if report.submitted_at > cadence.period_for(report.period_start).deadline
    ]
    assert 0 < len(late) < StatusReport.objects.count()
    weeks = StatusReport.objects.values("period_start").distinct().count()
    assert StatusReport.objects.count() < weeks * 25  # some townships missed some weeks
    assert Need.objects.open().exists()
    assert Need.objects.filter(closed_at__isnull=False).exclude(answer="").exists()
    assert Directive.objects.filter(items__number=6).exists()


def _funds_are_consistent():
    """Thousands of entries in every use, a few reversals and idle allocations, exact sums."""
    entries = Expenditure.objects.all()
    assert entries.count() >= 2_000
    assert set(entries.values_list("use", flat=True)) == set(Use.values)
    assert 1 <= entries.filter(reverses__isnull=False).count() <= 30
    assert 1 <= idle(Allocation.objects.all()).count() <= 40
    assert Allocation.objects.filter(parent__isnull=False).exists()
    assert not Allocation.objects.filter(amount__lt=F("passed_down") + F("spent")).exists()
    for allocation in Allocation.objects.annotate(total=Sum("entries__amount")):
        assert allocation.spent == (allocation.total or 0)
    for allocation in Allocation.objects.annotate(down=Sum("children__amount")):
        assert allocation.passed_down == (allocation.down or 0)
    for batch in Appropriation.objects.annotate(
        top=Sum("allocations__amount", filter=Q(allocations__parent__isnull=True))
    ):
        assert batch.allocated == batch.top <= batch.amount


def _cadres_are_consistent():
    """About 3,000 cadres and 60,000 records, every category, state and checkpoint rule."""
    assert 2_500 <= Cadre.objects.count() <= 3_600
    assert 50_000 <= FrontlineRecord.objects.count() <= 75_000
    assert set(Cadre.objects.values_list("category__checkpoint_set", flat=True)) == set(
        CheckpointSet.values
    )
    assert set(FrontlineRecord.objects.values_list("polarity", flat=True)) == set(Polarity.values)
    for dimension in Dimension.values:
        assert FrontlineRecord.objects.filter(dimensions__contains=dimension).exists()
    for checkpoint_set, checkpoints in CHECKPOINTS.items():
        used = (
            set(
                FrontlineRecord.objects.filter(
                    cadre__category__checkpoint_set=checkpoint_set
                ).values_list("checkpoint", flat=True)
            )
            if checkpoint_set != CheckpointSet.TEAM
            else set(
                FrontlineRecord.objects.filter(team__isnull=False).values_list(
                    "checkpoint", flat=True
                )
            )
        )
        assert used <= set(checkpoints)
    assert set(Outcome.objects.values_list("state", flat=True)) == set(OutcomeState.values)
    assert set(Commendation.objects.values_list("state", flat=True)) == set(
        CommendationState.values
    )
    assert FrontlineRecord.objects.filter(reviewed_at__isnull=True).exists()


def _members_are_consistent():
    """The members the demo adds obey the same rules as members typed in by hand."""
    members = Member.objects.all()
    assert 25_000 <= members.count() <= 36_000
    assert not members.exclude(organization__kind=OrganizationKind.BRANCH).exists()
    mismatched = members.exclude(township=F("organization__township")).exclude(
        township__isnull=True, organization__township__isnull=True
    )
    assert not mismatched.exists()
    assert members.filter(township__isnull=True).exists()  # county organs have no township
    assert members.count() == Member.history.filter(history_type="+").count()
    assert set(Post.objects.values_list("kind", flat=True)) == set(PostKind.values)
    assert set(Registration.objects.values_list("role", flat=True)) == set(RegistrationRole.values)
    assert not Registration.objects.exclude(member__category=MemberCategory.COUNTY_ORGAN).exists()
    assert Registration.objects.filter(confirmed_at__isnull=False).exists()
    assert Registration.objects.filter(confirmed_at__isnull=True).exists()
    assert set(Activist.objects.values_list("stage", flat=True)) == set(Stage.values)
    for activist in Activist.objects.prefetch_related("events"):
        assert activist.stage == max(activist.events.all(), key=lambda e: e.happened_on).stage
        assert (activist.member_id is not None) == (
            activist.stage in (Stage.PROBATIONARY, Stage.FULL)
        )
    assert DisciplineCase.objects.exists()
    assert CareRecord.objects.filter(resolved_on__isnull=True).exists()
    assert CareRecord.objects.filter(resolved_on__isnull=False).exists()


@pytest.mark.django_db(transaction=True)  # flush cannot run inside a test's transaction
def test_same_seed_same_county_other_seed_other_county():
    _seed(scale=0.1, seed=7)
    first = _fingerprint()
    _seed(scale=0.1, seed=7, flush=True)
    assert _fingerprint() == first
    _seed(scale=0.1, seed=8, flush=True)
    assert _fingerprint() != first


@pytest.mark.django_db
def test_refuses_a_database_with_data_unless_told(tree):
    before = Organization.objects.count()
    with pytest.raises(CommandError, match="拒绝覆盖"):
        _seed(scale=0.2)
    _seed(scale=0.2, if_empty=True)
    assert Organization.objects.count() == before
    assert Organization.objects.filter(code="FY001", name="中共甲镇委员会").exists()


@pytest.mark.django_db
def test_scale_must_be_positive():
    with pytest.raises(CommandError, match="--scale 必须大于 0"):
        _seed(scale=0)


@pytest.mark.django_db
def test_each_stage_says_when_it_is_done():
    """A large county takes minutes: a line per stage shows it is not hung (issue #17 §5)."""
    out = io.StringIO()
    call_command("seed_demo", scale=0.05, stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("正在生成：")]
    stages = [line.removeprefix("正在生成：").split("……")[0] for line in lines]
    assert stages == ["组织体系和账号", "一线考察干部", "党员", "专项党费", "情况报送与态势"]
    assert all("完成（累计" in line for line in lines)
