"""Reports that ask only what is new; completeness; needs; directives; scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from webtest import Upload

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
from reports.models import Acknowledgement, Directive, Need, ReportingCadence, StatusReport
from reports.selectors import _active_organizations, figures_for, timeliness
from reports.services import (
    cadence_update,
    directive_acknowledge,
    need_answer,
    need_reopen,
    notice_directive_ensure,
    report_submit,
)
from tests.factories import CadreFactory, MemberFactory, id_number
from tests.files import PDF, PNG, picture_of, png
from tests.web import form_with

D = datetime.date


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
            photos=[SimpleUploadedFile("a.pdf", PDF)],
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
        # A township's own view reads its own records only: the other's work is not read.
        assert _active_organizations(period, personas.township_b) >= {tree.township_b.pk}
        assert _active_organizations(period, personas.township_a) == set()
        assert tree.township_b.pk in _active_organizations(period, personas.county_staff)

    def test_the_current_period_is_not_due_yet(self, tree, personas, weekly):
        period = weekly.period_for(timezone.localdate())
        rows = timeliness(user=personas.township_a, cadence=weekly, period=period)
        assert [(row["organization"].code, row["status"]) for row in rows] == [
            ("FY001", Timeliness.NOT_DUE)
        ]


class TestNeeds:
    def test_the_county_answers_then_closes_and_the_township_sees_it(
        self, tree, personas, weekly, web
    ):
        period = weekly.period_for(D(2026, 2, 4))
        report_submit(
            user=personas.township_a,
            organization=tree.township_a,
            period=period,
            risk="tense",
            needs=["急需防护服"],
        )
        need = Need.objects.get()
        url = reverse("reports:need_detail", args=[need.pk])
        county = web("county_staff")

        form = form_with(county.get(url), "answer")
        form["handler"] = "县卫健委"
        form["answer"] = " "
        refused = form.submit(status=200)
        assert "这个字段是必填项" in refused.text
        need.refresh_from_db()
        assert (need.answer, need.is_open) == ("", True)

        form = form_with(county.get(url), "answer")
        form["handler"] = "县卫健委"
        form["answer"] = "已联系供货单位"
        page = form.submit().follow()
        assert "已答复" in page.text
        need.refresh_from_db()
        assert (need.handler, need.answer, need.answered_by) == (
            "县卫健委",
            "已联系供货单位",
            personas.county_staff,
        )
        assert need.is_open

        form = form_with(page, "answer")
        assert form["answer"].value == "已联系供货单位"  # the page keeps what was answered
        form["answer"] = "已调拨防护服 200 套"
        form["close"] = True
        page = form.submit().follow()
        need.refresh_from_db()
        assert not need.is_open and need.answer == "已调拨防护服 200 套"
        assert need.history.count() == 3  # raised, answered, closed
        assert "answer" not in {name for f in page.forms.values() for name in f.fields}

        own = web("township_a").get(url)
        assert "已调拨防护服 200 套" in own.text and "已办结" in own.text
        assert "answer" not in {name for f in own.forms.values() for name in f.fields}
        web("township_b").get(url, status=404)

    def test_the_county_reopens_a_closed_need_saying_why(self, tree, personas, weekly, web):
        period = weekly.period_for(D(2026, 2, 4))
        report_submit(
            user=personas.township_a,
            organization=tree.township_a,
            period=period,
            risk="calm",
            needs=["缺少消毒液"],
        )
        need = Need.objects.get()
        need_answer(
            need=need, user=personas.county_staff, handler="县应急局", answer="已调拨", close=True
        )
        url = reverse("reports:need_detail", args=[need.pk])
        county = web("county_staff")

        form = form_with(county.get(url), "reason")
        form["reason"] = "  "
        page = form.submit().follow()
        assert "重新办理的原因" in page.text
        need.refresh_from_db()
        assert not need.is_open and need.answer == "已调拨"

        form = form_with(page, "reason")
        form["reason"] = "调拨数量不足，村里仍缺"
        page = form.submit().follow()
        assert "已重新办理" in page.text
        need.refresh_from_db()
        assert need.is_open and need.closed_at is None
        assert need.answer.startswith("已调拨\n") and "调拨数量不足，村里仍缺" in need.answer
        assert need.history.latest().history_user == personas.county_staff
        assert "reason" not in {name for f in page.forms.values() for name in f.fields}

        form = form_with(page, "answer")  # open again: answered and closed as before
        form["answer"] = "已补足 100 升"
        form["close"] = True
        form.submit().follow()
        need.refresh_from_db()
        assert not need.is_open and need.answer == "已补足 100 升"

        township = web("township_a")
        own = township.get(url)
        assert "reason" not in {name for f in own.forms.values() for name in f.fields}
        token = own.forms[0]["csrfmiddlewaretoken"].value
        reopen = reverse("reports:need_reopen", args=[need.pk])
        refused = township.post(reopen, {"reason": "x", "csrfmiddlewaretoken": token}, status=403)
        assert "无权进行此操作" in refused.text  # the role refused, not the CSRF check
        need.refresh_from_db()
        assert not need.is_open
        with pytest.raises(PermissionDenied):
            need_reopen(need=need, user=personas.township_a, reason="x")

    def test_a_township_cannot_answer(self, tree, personas, weekly, web):
        period = weekly.period_for(D(2026, 2, 4))
        report_submit(
            user=personas.township_a,
            organization=tree.township_a,
            period=period,
            risk="calm",
            needs=["缺少口罩"],
        )
        need = Need.objects.get()
        with pytest.raises(PermissionDenied):
            need_answer(need=need, user=personas.township_a, handler="x", answer="x", close=True)
        browser = web("township_a")
        page = browser.get(reverse("reports:need_detail", args=[need.pk]))
        token = page.forms[0]["csrfmiddlewaretoken"].value
        refused = browser.post(
            reverse("reports:need_answer", args=[need.pk]),
            {"handler": "x", "answer": "x", "close": "on", "csrfmiddlewaretoken": token},
            status=403,
        )
        assert "无权进行此操作" in refused.text  # the role refused, not the CSRF check
        need.refresh_from_db()
        assert (need.answer, need.is_open) == ("", True)


def test_directive_acknowledged_in_one_click(tree, personas, web):
    directive = notice_directive_ensure()
    assert directive.items.count() == 6
    url = reverse("reports:directive_detail", args=[directive.pk])
    browser = web("township_a")
    page = browser.get(url)
    button = next(
        form
        for form in page.forms.values()
        if form.action == reverse("reports:directive_acknowledge", args=[directive.pk])
    )
    page = button.submit().follow()
    assert "已签收" in page.text
    ack = Acknowledgement.objects.get()
    assert (ack.directive, ack.organization, ack.acknowledged_by) == (
        directive,
        tree.township_a,
        personas.township_a,
    )
    assert "签收</button>" not in page.text  # signed once: the button is gone
    with pytest.raises(ValidationError, match="已签收"):
        directive_acknowledge(
            directive=directive, organization=tree.township_a, user=personas.township_a
        )
    county = web("county_staff").get(url)
    assert [org.code for org in county.context["unread"]] == ["FY002"]
    assert Acknowledgement.objects.count() == 1


def test_the_county_publishes_a_directive_from_its_form(tree, personas, web):
    page = web("county_staff").get(reverse("reports:directive_create"))
    form = form_with(page, "items")
    form["title"] = "关于做好春节期间值守的部署"
    form["items"] = "每村设卡口先锋岗\n\n  机关党员到社区报到  \n"
    form["evidence"] = "posts"
    page = form.submit().follow()
    directive = Directive.objects.get(title="关于做好春节期间值守的部署")
    assert page.request.path == directive.get_absolute_url()
    assert list(directive.items.values_list("number", "text", "evidence")) == [
        (1, "每村设卡口先锋岗", "posts"),
        (2, "机关党员到社区报到", "posts"),
    ]
    assert (directive.issued_by, directive.issued_on) == (
        personas.county_staff,
        timezone.localdate(),
    )
    form = form_with(web("county_staff").get(reverse("reports:directive_create")), "items")
    form["title"] = "空部署"
    form["items"] = "  \n "
    form.submit(status=200)
    assert not Directive.objects.filter(title="空部署").exists()
    web("township_a").get(reverse("reports:directive_create"), status=403)


def test_only_reporting_organizations_sign_for_directives(tree, personas, client_as, web):
    """A branch does not report under the default cadence, so it signs for nothing either;
    nor may anyone sign for an organization other than their own."""
    directive = notice_directive_ensure()
    url = reverse("reports:directive_acknowledge", args=[directive.pk])
    page = web("branch").get(reverse("reports:directive_detail", args=[directive.pk]))
    assert not [form for form in page.forms.values() if form.action == url]
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


def test_filing_on_a_phone_screen(web, tree, personas, weekly):
    """The secretary fills the form the page renders, with two photos; the report holds
    them as the same pictures, served back in scope."""
    browser = web("township_a")
    url = reverse("reports:report_file") + "?period=2026-02-04"
    page = browser.get(url)
    assert "系统已汇总的数字" in page.text
    form = form_with(page, "highlights")
    assert form.enctype == "multipart/form-data"
    form["highlights"] = "党员责任区全覆盖"
    form["needs"] = "缺少消毒液\n\n"
    form["risk"] = "watch"
    other = png(color=(20, 120, 40))
    form["photos"] = [Upload("现场.png", PNG, "image/png"), Upload("卡口.png", other, "image/png")]
    page = form.submit().follow()
    report = StatusReport.objects.get()
    assert (report.period_start, report.risk, report.submitted_by, report.highlights) == (
        D(2026, 2, 2),
        "watch",
        personas.township_a,
        "党员责任区全覆盖",
    )
    assert report.figures["posts_zone"] == 0
    assert list(report.needs.values_list("text", flat=True)) == ["缺少消毒液"]
    photos = {photo.original_name: photo for photo in report.photos.all()}
    assert set(photos) == {"现场.png", "卡口.png"}
    for name, content in (("现场.png", PNG), ("卡口.png", other)):
        with photos[name].file.open("rb") as stored:
            assert picture_of(stored.read()) == picture_of(content)
        assert photos[name].content_type == "image/png"
    detail = web("county_staff").get(report.get_absolute_url())
    served = detail.click(description="卡口.png")
    assert picture_of(served.body) == picture_of(other)
    county = web("county_staff").get(reverse("reports:completeness"), {"period": "2026-02-04"})
    statuses = {row["organization"].code: row["status"] for row in county.context["rows"]}
    assert statuses["FY001"] in (Timeliness.ON_TIME, Timeliness.LATE)


def test_filing_again_updates_the_one_report(web, tree, personas, weekly):
    url = reverse("reports:report_file") + "?period=2026-02-04"
    for highlights, needs in (("连续值守", "缺少口罩"), ("连续值守，群众满意", "需要测温枪")):
        form = form_with(web("township_a").get(url), "highlights")
        form["highlights"] = highlights
        form["needs"] = needs
        form.submit().follow()
    report = StatusReport.objects.get()
    assert report.highlights == "连续值守，群众满意" and report.history.count() == 2
    assert list(report.needs.values_list("text", flat=True)) == ["缺少口罩", "需要测温枪"]
    form = form_with(web("township_a").get(url), "highlights")
    assert form["highlights"].value == "连续值守，群众满意"


def test_a_non_image_is_refused_and_nothing_is_filed(web, tree, weekly):
    url = reverse("reports:report_file") + "?period=2026-02-04"
    form = form_with(web("township_a").get(url), "highlights")
    form["highlights"] = "x"
    form["photos"] = [Upload("a.pdf", PDF, "application/pdf")]
    page = form.submit(status=200)
    assert "不是图片" in page.text
    assert not StatusReport.objects.exists()


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


def test_cadence_is_kept_with_history(web, personas):
    form = form_with(web("county_staff").get(reverse("reports:cadence")), "grace_hours")
    form["kind"] = "every_n_days"
    form["every_days"] = "3"
    form["anchor"] = "2026-02-01"
    form["grace_hours"] = "6"
    page = form.submit().follow()
    assert page.request.path == reverse("reports:completeness")
    cadence = ReportingCadence.current()
    assert (cadence.length, cadence.grace_hours, cadence.created_by) == (
        3,
        6,
        personas.county_staff,
    )
    assert cadence.period_for(D(2026, 2, 5)).start == D(2026, 2, 4)
    assert ReportingCadence.objects.count() == 1


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
