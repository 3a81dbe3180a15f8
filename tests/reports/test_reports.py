"""Reports that ask only what is new; completeness; needs; directives; scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cadres.services import record_create
from funds.services import (
    allocation_from_appropriation,
    allocation_pass_down,
    appropriation_create,
    expenditure_record,
)
from members.choices import MemberCategory
from members.services import (
    activist_advance,
    activist_create,
    care_record,
    post_assign,
    post_create,
    registration_create,
)
from reports.choices import Timeliness
from reports.forms import ReportForm
from reports.models import Acknowledgement, Need, ReportingCadence, StatusReport
from reports.selectors import figures_for, timeliness
from reports.services import (
    cadence_update,
    directive_acknowledge,
    need_answer,
    notice_directive_ensure,
    report_submit,
)
from tests.factories import CadreFactory, MemberFactory, id_number

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def weekly(personas):
    return cadence_update(
        user=personas.county_staff,
        kind="weekly",
        every_days=7,
        anchor=D(2026, 2, 2),
        grace_hours=12,
        include_branches=False,
    )


def test_prefilled_figures_equal_the_records(tree, personas, weekly):
    period = weekly.period_for(D(2026, 2, 4))  # 2 Feb – 8 Feb
    user = personas.township_a
    a1 = MemberFactory(organization=tree.village_a)
    a2 = MemberFactory(organization=tree.sub_a)
    zone = post_create(
        user=user,
        organization=tree.village_a,
        kind="zone",
        name="一组责任区",
        place="一组",
        duty="排查",
        households_covered=30,
        starts_on=D(2026, 1, 25),
    )
    post_create(
        user=user,
        organization=tree.sub_a,
        kind="vanguard",
        name="卡口先锋岗",
        place="村口",
        duty="值守",
        starts_on=D(2026, 2, 9),
    )  # after the period
    post_assign(post=zone, member=a1, user=user, starts_on=D(2026, 1, 25))
    post_assign(post=zone, member=a2, user=user, starts_on=D(2026, 2, 5))
    organ = MemberFactory(organization=tree.organ_branch, category=MemberCategory.COUNTY_ORGAN)
    registration_create(
        user=user,
        member=organ,
        organization=tree.village_a,
        role="screener",
        starts_on=D(2026, 2, 3),
    )
    activist = activist_create(
        user=user,
        name="积极分子",
        id_number=id_number(),
        education="college",
        organization=tree.village_a,
        applied_on=D(2024, 1, 1),
        performance="x",
    )
    activist_advance(
        activist=activist,
        user=user,
        stage="activist",
        happened_on=D(2026, 2, 6),
        performance="卡口值守",
    )
    care_record(
        user=user,
        organization=tree.village_a,
        person_name="甲",
        difficulty="x",
        reported_on=D(2026, 2, 1),
    )
    batch = appropriation_create(
        user=personas.county_staff,
        source="higher",
        document_number="x1",
        issued_on=D(2026, 1, 28),
        amount=Decimal("1000"),
        allowed_uses=["supplies"],
    )
    top = allocation_from_appropriation(
        user=personas.county_staff,
        appropriation=batch,
        organization=tree.township_a,
        amount=Decimal("800"),
        allocated_on=D(2026, 1, 29),
    )
    down = allocation_pass_down(
        user=user,
        parent=top,
        organization=tree.village_a,
        amount=Decimal("300"),
        allocated_on=D(2026, 1, 30),
    )
    for allocation, amount, day in (
        (top, "100.50", D(2026, 2, 2)),
        (down, "20", D(2026, 2, 8)),
        (down, "5", D(2026, 2, 9)),
    ):
        expenditure_record(
            user=user,
            allocation=allocation,
            amount=Decimal(amount),
            spent_on=day,
            use="supplies",
            beneficiaries="口罩",
            payee="药店",
        )
    cadre = CadreFactory(organization=tree.township_a)
    record_create(
        user=personas.county_staff,
        subject=cadre,
        occurred_on=D(2026, 2, 7),
        place="x",
        description="x",
        polarity="good",
        dimensions=["political"],
        checkpoint="at_post",
        source="inspection",
    )
    figures = figures_for(tree.township_a, period)
    assert figures == {
        "posts_vanguard": 0,
        "posts_model": 0,
        "posts_zone": 1,
        "members_on_posts": 2,
        "registrations_screener": 1,
        "registrations_publicity": 0,
        "registrations_quarantine_service": 0,
        "activists_moved": 1,
        "money_spent": "120.50",
        "care_open": 1,
        "cadre_records": 1,
    }
    assert figures_for(tree.township_b, period)["members_on_posts"] == 0


def test_one_report_per_organization_and_period(tree, personas, weekly):
    period = weekly.period_for(D(2026, 2, 4))
    first = report_submit(
        user=personas.township_a,
        organization=tree.township_a,
        period=period,
        highlights="连续值守",
        risk="calm",
        needs=["缺少口罩", " "],
    )
    second = report_submit(
        user=personas.township_a,
        organization=tree.township_a,
        period=period,
        highlights="连续值守，群众满意",
        risk="watch",
        needs=["需要测温枪"],
    )
    assert first.pk == second.pk
    assert StatusReport.objects.count() == 1
    assert list(Need.objects.values_list("text", flat=True)) == ["缺少口罩", "需要测温枪"]
    assert second.history.count() == 2
    assert second.history.latest().risk == "watch"


def test_future_periods_and_non_images_are_refused(tree, personas, weekly):
    future = weekly.period_for(timezone.localdate() + datetime.timedelta(days=14))
    with pytest.raises(ValidationError, match="不能为尚未开始的周期报送"):
        report_submit(
            user=personas.township_a, organization=tree.township_a, period=future, risk="calm"
        )
    period = weekly.period_for(D(2026, 2, 4))
    with pytest.raises(ValidationError, match="不是图片"):
        report_submit(
            user=personas.township_a,
            organization=tree.township_a,
            period=period,
            risk="calm",
            photos=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 xx")],
        )
    assert not StatusReport.objects.exists()


def test_a_secretary_types_at_most_five_fields():
    form = ReportForm()
    typed = [name for name, field in form.fields.items() if not field.disabled]
    assert len(typed) <= 5
    assert set(typed) == {"highlights", "needs", "risk", "photos"}


class TestTimeliness:
    def test_on_time_late_missing_and_active(self, tree, personas, weekly, settings):
        period = weekly.period_for(D(2026, 2, 4))
        report_submit(
            user=personas.township_a, organization=tree.township_a, period=period, risk="calm"
        )
        StatusReport.objects.update(submitted_at=period.deadline)
        rows = {
            row["organization"].code: row["status"]
            for row in timeliness(user=personas.county_staff, cadence=weekly, period=period)
        }
        assert rows == {"FY001": Timeliness.ON_TIME, "FY002": Timeliness.MISSING}
        StatusReport.objects.update(submitted_at=period.deadline + datetime.timedelta(minutes=1))
        member = MemberFactory(organization=tree.community_b)
        care_record(
            user=personas.township_b,
            organization=tree.community_b,
            member=member,
            difficulty="x",
            reported_on=D(2026, 2, 5),
        )
        rows = {
            row["organization"].code: row["status"]
            for row in timeliness(user=personas.county_staff, cadence=weekly, period=period)
        }
        assert rows == {"FY001": Timeliness.LATE, "FY002": Timeliness.ACTIVE_NO_REPORT}

    def test_the_current_period_is_not_due_yet(self, tree, personas, weekly):
        period = weekly.period_for(timezone.localdate())
        rows = timeliness(user=personas.township_a, cadence=weekly, period=period)
        assert [(row["organization"].code, row["status"]) for row in rows] == [
            ("FY001", Timeliness.NOT_DUE)
        ]


class TestNeeds:
    def test_the_county_answers_and_the_township_sees_it(self, tree, personas, weekly, client_as):
        period = weekly.period_for(D(2026, 2, 4))
        report_submit(
            user=personas.township_a,
            organization=tree.township_a,
            period=period,
            risk="tense",
            needs=["急需防护服"],
        )
        need = Need.objects.get()
        with pytest.raises(PermissionDenied):
            need_answer(need=need, user=personas.township_a, handler="x", answer="x", close=True)
        with pytest.raises(ValidationError, match="请写明办理情况"):
            need_answer(
                need=need, user=personas.county_staff, handler="县卫健委", answer=" ", close=True
            )
        response = client_as("county_staff").post(
            reverse("reports:need_answer", args=[need.pk]),
            {"handler": "县卫健委", "answer": "已调拨防护服 200 套", "close": "on"},
        )
        assert response.status_code == 302
        need.refresh_from_db()
        assert not need.is_open and need.answered_by == personas.county_staff
        page = client_as("township_a").get(reverse("reports:need_detail", args=[need.pk]))
        assert "已调拨防护服 200 套" in page.content.decode()
        assert (
            client_as("township_b").get(reverse("reports:need_detail", args=[need.pk])).status_code
            == 404
        )
        assert (
            client_as("township_a")
            .post(reverse("reports:need_answer", args=[need.pk]), {"handler": "x", "answer": "x"})
            .status_code
            == 403
        )


def test_directive_acknowledged_in_one_click(tree, personas, client_as):
    directive = notice_directive_ensure()
    assert directive.items.count() == 6
    response = client_as("township_a").post(
        reverse("reports:directive_acknowledge", args=[directive.pk])
    )
    assert response.status_code == 302
    ack = Acknowledgement.objects.get()
    assert (ack.organization, ack.acknowledged_by) == (tree.township_a, personas.township_a)
    with pytest.raises(ValidationError, match="已签收"):
        directive_acknowledge(
            directive=directive, organization=tree.township_a, user=personas.township_a
        )
    page = client_as("county_staff").get(reverse("reports:directive_detail", args=[directive.pk]))
    assert [org.code for org in page.context["unread"]] == ["FY002"]


def test_only_reporting_organizations_sign_for_directives(tree, personas, client_as):
    """A branch does not report under the default cadence, so it signs for nothing either;
    nor may anyone sign for an organization other than their own."""
    directive = notice_directive_ensure()
    url = reverse("reports:directive_acknowledge", args=[directive.pk])
    assert client_as("branch").post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        directive_acknowledge(
            directive=directive, organization=tree.village_a, user=personas.branch
        )
    with pytest.raises(PermissionDenied):
        directive_acknowledge(
            directive=directive, organization=tree.township_b, user=personas.township_a
        )
    assert not Acknowledgement.objects.exists()


def test_filing_on_a_phone_screen(client_as, tree, personas, weekly):
    client = client_as("township_a")
    url = reverse("reports:report_file") + "?period=2026-02-04"
    page = client.get(url)
    assert page.status_code == 200
    assert "系统已汇总的数字" in page.content.decode()
    response = client.post(
        url,
        {
            "highlights": "党员责任区全覆盖",
            "needs": "缺少消毒液\n\n",
            "risk": "watch",
            "photos": [SimpleUploadedFile("现场.png", PNG)],
        },
    )
    assert response.status_code == 302
    report = StatusReport.objects.get()
    assert (report.period_start, report.risk, report.submitted_by) == (
        D(2026, 2, 2),
        "watch",
        personas.township_a,
    )
    assert report.figures["posts_zone"] == 0 and report.photos.count() == 1
    assert list(report.needs.values_list("text", flat=True)) == ["缺少消毒液"]
    county = client_as("county_staff").get(
        reverse("reports:completeness"), {"period": "2026-02-04"}
    )
    statuses = {row["organization"].code: row["status"] for row in county.context["rows"]}
    assert statuses["FY001"] in (Timeliness.ON_TIME, Timeliness.LATE)


PERSONAS = ["county_staff", "leader", "township_a", "township_b", "branch"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("reports:report_list", dict.fromkeys(PERSONAS, 200)),
        ("reports:completeness", dict.fromkeys(PERSONAS, 200)),
        ("reports:need_list", dict.fromkeys(PERSONAS, 200)),
        ("reports:burden", dict.fromkeys(PERSONAS, 200)),
        ("reports:directive_list", dict.fromkeys(PERSONAS, 200)),
        (
            "reports:report_file",
            {
                "county_staff": 403,
                "leader": 403,
                "township_a": 200,
                "township_b": 200,
                "branch": 403,
            },
        ),
        (
            "reports:cadence",
            {
                "county_staff": 200,
                "leader": 403,
                "township_a": 403,
                "township_b": 403,
                "branch": 403,
            },
        ),
        (
            "reports:directive_create",
            {
                "county_staff": 200,
                "leader": 403,
                "township_a": 403,
                "township_b": 403,
                "branch": 403,
            },
        ),
    ],
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_for_every_persona(client_as, tree, name, expected, persona):
    assert client_as(persona).get(reverse(name)).status_code == expected[persona]


def test_report_pages_are_scoped(client_as, tree, personas, weekly):
    period = weekly.period_for(D(2026, 2, 4))
    report = report_submit(
        user=personas.township_a,
        organization=tree.township_a,
        period=period,
        risk="calm",
        needs=["x"],
    )
    for persona, status in (
        ("county_staff", 200),
        ("leader", 200),
        ("township_a", 200),
        ("township_b", 404),
        ("branch", 404),
    ):
        client = client_as(persona)
        assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == status
        listed = client.get(reverse("reports:report_list")).context["object_list"]
        assert (report in listed) is (status == 200)
    burden = client_as("township_b").get(reverse("reports:burden")).context["rows"]
    assert [row["organization"].code for row in burden] == ["FY002"]


def test_cadence_is_kept_with_history(client_as, personas):
    response = client_as("county_staff").post(
        reverse("reports:cadence"),
        {
            "kind": "every_n_days",
            "every_days": 3,
            "anchor": "2026-02-01",
            "grace_hours": 6,
        },
    )
    assert response.status_code == 302
    cadence = ReportingCadence.current()
    assert (cadence.length, cadence.grace_hours, cadence.created_by) == (
        3,
        6,
        personas.county_staff,
    )
    assert cadence.period_for(D(2026, 2, 5)).start == D(2026, 2, 4)


def test_a_report_prints_on_a4(client_as, tree, personas, weekly):
    period = weekly.period_for(D(2026, 2, 4))
    report = report_submit(
        user=personas.township_a,
        organization=tree.township_a,
        period=period,
        highlights="连续值守",
        risk="watch",
        needs=["缺口罩"],
    )
    page = (
        client_as("county_staff")
        .get(reverse("reports:report_detail", args=[report.pk]), {"print": "1"})
        .content.decode()
    )
    assert "党组织发挥作用情况报送" in page and "连续值守" in page and "缺口罩" in page
    assert 'class="navbar' not in page
    assert (
        client_as("township_b")
        .get(reverse("reports:report_detail", args=[report.pk]), {"print": "1"})
        .status_code
        == 404
    )


def test_report_photos_are_served_only_in_scope(client_as, tree, personas, weekly):
    period = weekly.period_for(D(2026, 2, 4))
    report = report_submit(
        user=personas.township_a,
        organization=tree.township_a,
        period=period,
        risk="calm",
        photos=[SimpleUploadedFile("现场.png", PNG)],
    )
    photo = report.photos.get()
    url = reverse("reports:photo", args=[photo.pk])
    for persona, status in (
        ("county_staff", 200),
        ("leader", 200),
        ("township_a", 200),
        ("township_b", 404),
        ("branch", 404),
    ):
        response = client_as(persona).get(url)
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "image/png"
            assert response["Cache-Control"] == "no-store"
