"""党员处理: a 党纪处分 or a 组织处理 (chosen first), a probationary member's own measures,
the upper committee's approval before 留党察看 or 开除党籍 take effect, and the facts a case
rests on."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.choices import DisciplineDecision, DisciplineKind, DisciplineStatus
from members.models import CareRecord, DisciplineCase, Member
from members.services import care_record, discipline_approve, discipline_record
from organizations.policy import Action, refusal
from organizations.services import temporary_branch_open
from tests.factories import MemberFactory, UserFactory
from tests.web import form_with

D = datetime.date
K = DisciplineKind
M = DisciplineDecision


def _case(member, user, organization, kind, decision, **overrides):
    fields = {
        "reason": "retreated",
        "facts": "值守期间擅离卡口",
        "decided_on": D(2026, 2, 10),
        **overrides,
    }
    return discipline_record(
        user=user,
        member=member,
        deciding_organization=organization,
        kind=kind,
        decision=decision,
        **fields,
    )


def _approve(case, user, organization, **overrides):
    fields = {"approved_on": D(2026, 2, 20), "approval_document": "甲组〔2026〕3号", **overrides}
    return discipline_approve(user=user, case=case, approving_organization=organization, **fields)


def _snapshot():
    return (
        list(DisciplineCase.objects.order_by("pk").values()),
        DisciplineCase.history.count(),
        list(Member.objects.order_by("pk").values("pk", "is_active")),
        Member.history.count(),
    )


@pytest.fixture
def probationary(tree):
    return MemberFactory(
        organization=tree.village_a, name="预备党员", joined_on=D(2025, 9, 1), full_member_on=None
    )


# ---- Two kinds, each with its own measures ---------------------------------------------------


def test_a_handling_measure_is_in_effect_when_recorded(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    case = _case(member, personas.branch, tree.village_a, K.HANDLING, M.RECTIFICATION)
    assert (case.kind, case.decision, case.status) == (K.HANDLING, M.RECTIFICATION, "in_effect")
    assert case.township == tree.township_a and case.approved_on is None
    assert case.history.get().history_user == personas.branch
    warning = _case(member, personas.township_a, tree.township_a, K.SANCTION, M.WARNING)
    assert warning.in_effect


@pytest.mark.parametrize(
    ("kind", "decision", "message"),
    [
        (K.SANCTION, M.CRITICISM, "不是对正式党员的党纪处分措施"),
        (K.HANDLING, M.WARNING, "不是对正式党员的组织处理措施"),
        (K.HANDLING, M.EXTEND_PROBATION, "不是对正式党员的组织处理措施"),
        (K.HANDLING, "admonition", "不是对正式党员的组织处理措施"),
        ("", M.WARNING, "请先选择处理类别"),
    ],
)
def test_a_measure_of_another_kind_is_refused(tree, personas, kind, decision, message):
    """诫勉 ("admonition") is a cadre's measure and no longer one of a member's."""
    member = MemberFactory(organization=tree.village_a)
    before = _snapshot()
    with pytest.raises(ValidationError, match=message):
        _case(member, personas.township_a, tree.village_a, kind, decision)
    assert _snapshot() == before


def test_a_probationary_member_gets_no_party_sanction(tree, personas, probationary):
    before = _snapshot()
    with pytest.raises(ValidationError, match="预备党员不能给予党纪处分"):
        _case(probationary, personas.township_a, tree.village_a, K.SANCTION, M.WARNING)
    with pytest.raises(ValidationError, match="不是对预备党员的组织处理措施"):
        _case(probationary, personas.township_a, tree.village_a, K.HANDLING, M.STRUCK_OFF)
    with pytest.raises(ValidationError, match="6至12个月"):
        _case(
            probationary,
            personas.township_a,
            tree.village_a,
            K.HANDLING,
            M.EXTEND_PROBATION,
            extension_months=3,
        )
    assert _snapshot() == before
    criticism = _case(probationary, personas.branch, tree.village_a, K.HANDLING, M.CRITICISM)
    assert criticism.in_effect
    extended = _case(
        probationary,
        personas.branch,
        tree.village_a,
        K.HANDLING,
        M.EXTEND_PROBATION,
        extension_months=6,
    )
    assert extended.status == DisciplineStatus.PROPOSED  # 上级党委批准 (细则 第五章)


def test_probation_is_for_one_or_two_years(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    before = _snapshot()
    for years in (None, 3):
        with pytest.raises(ValidationError, match="留党察看期限为一年或二年"):
            _case(
                member,
                personas.branch,
                tree.village_a,
                K.SANCTION,
                M.PROBATION,
                probation_years=years,
            )
    with pytest.raises(ValidationError, match="只有留党察看填写察看期限"):
        _case(member, personas.branch, tree.village_a, K.SANCTION, M.WARNING, probation_years=1)
    assert _snapshot() == before


# ---- Who opens a case, where ----------------------------------------------------------------


def test_a_temporary_branch_cannot_open_a_case(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    temporary = temporary_branch_open(
        parent=tree.township_a,
        user=personas.township_a,
        name="卡口临时党支部",
        sector="rural",
        secretary_name="王强",
    )
    before = _snapshot()
    with pytest.raises(PermissionDenied, match="临时党支部不能办理此事项"):
        _case(member, personas.township_a, temporary, K.HANDLING, M.CRITICISM)
    secretary = UserFactory(
        username="temporary_secretary", role="branch_secretary", organization=temporary
    )
    assert "临时党支部不能办理此事项" in refusal(
        secretary, Action.DISCIPLINE_PROPOSE, tree.village_a
    )
    with pytest.raises(ValidationError, match="所在党支部或其上级党组织"):
        _case(member, personas.township_a, tree.sub_a, K.HANDLING, M.CRITICISM)
    with pytest.raises(ValidationError, match="所在党支部或其上级党组织"):
        _case(member, personas.county_staff, tree.township_b, K.HANDLING, M.CRITICISM)
    with pytest.raises(ValidationError, match="决定日期不能晚于今天"):
        _case(
            member,
            personas.branch,
            tree.village_a,
            K.HANDLING,
            M.CRITICISM,
            decided_on=D(2099, 1, 1),
        )
    with pytest.raises(ValidationError, match="只能以本人负责的组织"):
        _case(member, personas.branch, tree.township_a, K.HANDLING, M.CRITICISM)
    assert _snapshot() == before


# ---- Approval by the upper committee ----------------------------------------------------------


def test_probation_takes_effect_only_with_the_upper_committees_approval(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    case = _case(
        member, personas.branch, tree.village_a, K.SANCTION, M.PROBATION, probation_years=2
    )
    assert (case.status, case.probation_years) == (DisciplineStatus.PROPOSED, 2)
    before = _snapshot()
    with pytest.raises(PermissionDenied, match="您的角色不能记录上级党委对党员处理的批准"):
        _approve(case, personas.branch, tree.village_a)
    with pytest.raises(ValidationError, match="的上级党委"):
        _approve(case, personas.township_a, tree.village_a)
    with pytest.raises(ValidationError, match="批准日期不能早于"):
        _approve(case, personas.township_a, tree.township_a, approved_on=D(2026, 2, 1))
    with pytest.raises(ValidationError, match="请填写批准文号"):
        _approve(case, personas.township_a, tree.township_a, approval_document=" ")
    assert _snapshot() == before
    _approve(case, personas.township_a, tree.township_a)
    case.refresh_from_db()
    assert (case.status, case.approving_organization, case.approved_on, case.approval_document) == (
        DisciplineStatus.IN_EFFECT,
        tree.township_a,
        D(2026, 2, 20),
        "甲组〔2026〕3号",
    )
    assert case.approved_by == personas.township_a
    users = [row.history_user for row in case.history.order_by("history_id")]
    assert users == [personas.branch, personas.township_a]
    member.refresh_from_db()
    assert member.is_active  # 留党察看 keeps the member on the register
    with pytest.raises(PermissionDenied, match="不需要批准或已经生效"):
        _approve(case, personas.county_staff, tree.county)


def test_the_proposer_does_not_approve_and_a_township_proposal_goes_to_the_county(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    by_village = _case(
        member, personas.township_a, tree.village_a, K.SANCTION, M.PROBATION, probation_years=1
    )
    by_township = _case(member, personas.township_a, tree.township_a, K.SANCTION, M.EXPULSION)
    before = _snapshot()
    with pytest.raises(PermissionDenied, match="提请人不能记录"):
        _approve(by_village, personas.township_a, tree.township_a)
    other = UserFactory(
        username="town_a_2", role="township_secretary", organization=tree.township_a
    )
    with pytest.raises(PermissionDenied, match="须由提请组织的上级党委批准"):
        _approve(by_township, other, tree.township_a)
    assert _snapshot() == before
    _approve(by_township, personas.county_staff, tree.county, approval_document="县组〔2026〕9号")
    assert DisciplineCase.objects.get(pk=by_township.pk).in_effect


@pytest.mark.parametrize(
    ("kind", "decision"), [(K.SANCTION, M.EXPULSION), (K.HANDLING, M.STRUCK_OFF)]
)
def test_expulsion_and_striking_off_end_the_membership_when_approved(
    tree, personas, kind, decision
):
    member = MemberFactory(organization=tree.village_a)
    case = _case(member, personas.branch, tree.village_a, kind, decision)
    member.refresh_from_db()
    assert member.is_active and case.status == DisciplineStatus.PROPOSED
    _approve(case, personas.township_a, tree.township_a)
    member.refresh_from_db()
    assert not member.is_active
    assert member.history.latest().history_user == personas.township_a
    with pytest.raises(ValidationError, match="该党员已不在册"):
        _case(member, personas.township_a, tree.village_a, K.HANDLING, M.CRITICISM)


# ---- The facts a case rests on ----------------------------------------------------------------


def test_a_case_rests_on_the_members_own_post_or_registration(front, tree, personas):
    assignment = front.a1.assignments.get()
    before = _snapshot()
    with pytest.raises(ValidationError, match="该党员本人的上岗记录"):
        _case(
            front.a2,
            personas.township_a,
            tree.village_a,
            K.HANDLING,
            M.CRITICISM,
            assignment=assignment,
        )
    with pytest.raises(ValidationError, match="该党员本人的报到记录"):
        _case(
            front.a1,
            personas.county_staff,
            tree.village_a,
            K.HANDLING,
            M.CRITICISM,
            registration=front.registration,
        )
    assert _snapshot() == before
    case = _case(
        front.a1,
        personas.township_a,
        tree.village_a,
        K.HANDLING,
        M.CRITICISM,
        assignment=assignment,
    )
    assert case.assignment == assignment
    on_duty = _case(
        front.organ,
        personas.county_staff,
        tree.organ_branch,
        K.HANDLING,
        M.CRITICISM,
        registration=front.registration,
    )
    assert on_duty.registration == front.registration


# ---- Pages ----------------------------------------------------------------------------------


def _options(field):
    return {value for value, *_ in field.options}


def test_a_branch_proposes_probation_the_township_approves_and_the_members_page_shows_it(
    web, front, tree, personas
):
    branch = web("branch")
    detail = branch.get(front.a1.get_absolute_url())
    kinds = detail.click(href=reverse("members:discipline_create", args=[front.a1.pk]))
    assert "党纪处分" in kinds.text and "组织处理" in kinds.text
    form = form_with(kinds.click(href="kind=sanction"), "facts")
    assert _options(form["decision"]) == {
        "warning",
        "serious_warning",
        "removal_from_post",
        "probation",
        "expulsion",
    }
    assert _options(form["deciding_organization"]) == {"", str(tree.village_a.pk)}
    form["deciding_organization"] = str(tree.village_a.pk)
    assert _options(form["assignment"]) == {"", str(front.a1.assignments.get().pk)}
    form["reason"] = "disobeyed"
    form["facts"] = "拒不执行卡口值守安排"
    form["decision"] = "probation"
    form["probation_years"] = "1"
    form["decided_on"] = "2026-02-10"
    form["assignment"] = str(front.a1.assignments.get().pk)
    asked = form.submit(status=200)
    assert "提请的党纪处分：留党察看。须经上级党委批准后生效" in asked.text
    assert not DisciplineCase.objects.filter(member=front.a1).exists()
    page = form_with(asked, "confirmed").submit().follow()
    case = DisciplineCase.objects.get(member=front.a1)
    assert page.request.path == case.get_absolute_url()
    assert case.status == DisciplineStatus.PROPOSED and case.recorded_by == personas.branch
    assert "待上级党委批准" in page.text and "甲村责任区" in page.text
    assert not [f for f in page.forms.values() if "approval_document" in f.fields]

    township = web("township_a")
    page = township.get(case.get_absolute_url())
    approve = form_with(page, "approval_document")
    assert _options(approve["approving_organization"]) == {"", str(tree.township_a.pk)}
    approve["approving_organization"] = str(tree.township_a.pk)
    approve["approved_on"] = "2026-02-20"
    approve["approval_document"] = "甲组〔2026〕3号"
    asked = approve.submit(status=200)
    assert "以 甲组〔2026〕3号 批准对 甲党员一" in asked.text and "留党察看" in asked.text
    case.refresh_from_db()
    assert case.status == DisciplineStatus.PROPOSED
    form_with(asked, "confirmed").submit().follow()
    case.refresh_from_db()
    assert (case.status, case.approved_by, case.approval_document) == (
        DisciplineStatus.IN_EFFECT,
        personas.township_a,
        "甲组〔2026〕3号",
    )
    member_page = branch.get(front.a1.get_absolute_url())
    assert "留党察看" in member_page.text and "已生效" in member_page.text
    assert "甲组〔2026〕3号" in member_page.text


def test_a_probationary_member_is_offered_only_the_allowed_measures(web, tree, probationary):
    browser = web("township_a")
    url = reverse("members:discipline_create", args=[probationary.pk])
    kinds = browser.get(url)
    assert "kind=handling" in kinds.text and "kind=sanction" not in kinds.text
    refused = browser.get(url + "?kind=sanction")
    assert "预备党员不能给予党纪处分" in refused.text
    assert not [f for f in refused.forms.values() if "facts" in f.fields]
    form = form_with(kinds.click(href="kind=handling"), "facts")
    assert _options(form["decision"]) == {"criticism", "extend_probation", "cancel_probationary"}
    assert "extension_months" in form.fields and "probation_years" not in form.fields
    form["deciding_organization"] = str(tree.village_a.pk)
    form["reason"] = "retreated"
    form["facts"] = "预备期内畏难退缩"
    form["decision"] = "extend_probation"
    form["extension_months"] = "4"
    page = form.submit(status=200)
    assert "6至12个月" in page.text and "确认后不能撤销" not in page.text
    assert not DisciplineCase.objects.filter(member=probationary).exists()


def test_the_buttons_follow_the_policy(web, client_as, front, tree, personas):
    member_url = front.a1.get_absolute_url()
    create = reverse("members:discipline_create", args=[front.a1.pk])
    assert create in web("branch").get(member_url).text
    assert create not in web("leader").get(member_url).text
    case = _case(front.a1, personas.township_a, tree.village_a, K.SANCTION, M.EXPULSION)
    approve = reverse("members:discipline_approve", args=[case.pk])
    assert approve not in web("township_a").get(case.get_absolute_url()).text  # the proposer
    assert approve not in web("branch").get(case.get_absolute_url()).text
    assert approve in web("county_staff").get(case.get_absolute_url()).text
    # Refused on the page too, with the same reason, and nothing written.
    before = _snapshot()
    response = client_as("township_a").post(
        approve,
        {
            "approving_organization": tree.township_a.pk,
            "approved_on": "2026-02-20",
            "approval_document": "甲组〔2026〕3号",
            "confirmed": "1",
        },
    )
    assert response.status_code == 403 and "提请人不能记录" in response.content.decode()
    assert _snapshot() == before


def test_a_decision_dated_in_the_future_is_refused_before_asking(web, front):
    page = web("branch").get(
        reverse("members:discipline_create", args=[front.a1.pk]) + "?kind=handling"
    )
    form = form_with(page, "facts")
    form["deciding_organization"] = form["deciding_organization"].options[-1][0]
    form["reason"] = "retreated"
    form["facts"] = "擅离岗位"
    form["decision"] = "criticism"
    form["decided_on"] = "2099-01-01"
    page = form.submit(status=200)
    assert "决定日期不能晚于今天" in page.text and "确认后不能撤销" not in page.text
    assert not DisciplineCase.objects.filter(member=front.a1).exists()


def test_going_back_from_the_confirmation_keeps_what_was_typed(web, front, tree):
    url = reverse("members:discipline_create", args=[front.a1.pk]) + "?kind=handling"
    form = form_with(web("township_a").get(url), "facts")
    form["deciding_organization"] = str(tree.village_a.pk)
    form["reason"] = "obstructed"
    form["facts"] = "阻挠卡口检查"
    form["decision"] = "rectification"
    asked = form.submit(status=200)
    back = form_with(form_with(asked, "confirmed").submit("back", status=200), "facts")
    assert (back["facts"].value, back["decision"].value, back["reason"].value) == (
        "阻挠卡口检查",
        "rectification",
        "obstructed",
    )
    assert not DisciplineCase.objects.filter(member=front.a1).exists()


def test_a_double_tap_on_confirm_records_the_case_once(web, front, tree):
    url = reverse("members:discipline_create", args=[front.a1.pk]) + "?kind=handling"
    form = form_with(web("township_a").get(url), "facts")
    form["deciding_organization"] = str(tree.village_a.pk)
    form["reason"] = "retreated"
    form["facts"] = "擅离卡口"
    form["decision"] = "criticism"
    confirm = form_with(form.submit(status=200), "confirmed")
    confirm.submit().follow()
    again = confirm.submit(status=200)
    assert "这一处理决定已经记录，未重复记录" in again.text
    assert DisciplineCase.objects.filter(member=front.a1).count() == 1


# ---- Care records rest on the same facts ------------------------------------------------------


def test_a_care_record_rests_on_the_members_own_post_or_registration(web, front, tree, personas):
    assignment = front.a1.assignments.get()
    before = list(CareRecord.objects.order_by("pk").values()), CareRecord.history.count()
    with pytest.raises(ValidationError, match="所选上岗记录必须是该党员本人的"):
        care_record(
            user=personas.township_a,
            organization=tree.village_a,
            member=front.a2,
            difficulty="连续值守，家中老人无人照料",
            assignment=assignment,
        )
    with pytest.raises(ValidationError, match="所选报到记录必须是该党员本人的"):
        care_record(
            user=personas.township_a,
            organization=tree.village_a,
            person_name="副镇长李强",
            difficulty="连续值守",
            registration=front.registration,
        )
    assert (list(CareRecord.objects.order_by("pk").values()), CareRecord.history.count()) == before
    page = web("township_a").get(reverse("members:care_create") + f"?member={front.a1.pk}")
    form = form_with(page, "difficulty")
    assert _options(form["assignment"]) == {"", str(assignment.pk)}
    form["difficulty"] = "值守期间家中老人无人照料"
    form["assignment"] = str(assignment.pk)
    detail = form.submit().follow()
    care = CareRecord.objects.get(member=front.a1)
    assert care.assignment == assignment and "甲村责任区" in detail.text
