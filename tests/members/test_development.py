"""The pipeline page: a 火线入党 from application to 转正 in the browser, what it shows next,
who may record it (a form exactly when the policy allows), and refusals said in Chinese."""

import datetime

from django.urls import reverse

from members.choices import MemberStatus, PipelineEnd, Stage, StepKind
from members.models import Activist, ActivistEvent, DevelopmentStep, Member
from organizations.policy import Action, may, refusal
from organizations.services import temporary_branch_open
from tests.web import form_with

from .pipeline import applicant, introducers, walk

D = datetime.date
PEOPLE = ("county_staff", "leader", "township_a", "branch", "admin")


def _record(browser, activist, form_id, values, statement=""):
    """Fill the form `form_id` on the activist's page, confirm, and return the page after."""
    form = browser.get(reverse("members:activist_detail", args=[activist.pk])).forms[form_id]
    for name, value in values.items():
        form[name] = value
    asked = form.submit(status=200)
    assert "确认后不能撤销或修改" in asked.text, asked.text
    assert statement in asked.text
    return form_with(asked, "confirmed").submit().follow()


def _page(browser, activist):
    return browser.get(reverse("members:activist_detail", args=[activist.pk]))


def test_a_front_line_member_from_application_to_full_membership(web, tree, personas):
    browser = web("township_a")
    one, two = introducers(tree)
    form = form_with(browser.get(reverse("members:activist_create")), "applied_on")
    for name, value in {
        "name": "刘洋",
        "id_number": "410702199608010011",
        "phone": "13611112222",
        "education": "college",
        "organization": str(tree.village_a.pk),
        "applied_on": "2023-01-10",
        "performance": "主动请缨值守卡口",
    }.items():
        form[name] = value
    page = form.submit().follow()
    activist = Activist.objects.get(name="刘洋")
    assert (activist.stage, activist.birth_date) == (Stage.APPLICANT, D(1996, 8, 1))
    assert "下一步：入党积极分子" in page.text

    _record(
        browser,
        activist,
        "advance",
        {"happened_on": "2023-02-01", "performance": "卡口值守"},
        "将由“入党申请人”进入“入党积极分子”阶段",
    )
    activist.refresh_from_db()
    assert activist.stage == Stage.ACTIVIST
    assert activist.events.get(stage=Stage.ACTIVIST).recorded_by == personas.township_a

    page = _record(
        browser,
        activist,
        "step-shortening",
        {
            "branch_decided_on": "2023-04-20",
            "happened_on": "2023-05-01",
            "organization": str(tree.township_a.pk),
            "document_number": "甲党发〔2023〕12号",
            "note": "连续值守卡口四十天",
        },
    )
    shortening = activist.steps.get(kind=StepKind.SHORTENING)
    assert (
        shortening.branch_decided_on,
        shortening.happened_on,
        shortening.organization,
        shortening.document_number,
        shortening.recorded_by,
    ) == (D(2023, 4, 20), D(2023, 5, 1), tree.township_a, "甲党发〔2023〕12号", personas.township_a)
    assert "甲党发〔2023〕12号" in page.text

    _record(browser, activist, "advance", {"happened_on": "2023-05-10", "performance": "突击排查"})
    activist.refresh_from_db()
    assert activist.stage == Stage.CANDIDATE

    steps = [
        (
            StepKind.INTRODUCERS,
            {
                "happened_on": "2023-05-15",
                "introducer_one": str(one.pk),
                "introducer_two": str(two.pk),
            },
        ),
        (StepKind.POLITICAL_REVIEW, {"happened_on": "2023-05-25", "note": "政治审查合格"}),
        (StepKind.TRAINING, {"happened_on": "2023-06-01", "training_hours": "24"}),
        (StepKind.PUBLIC_NOTICE, {"happened_on": "2023-06-05", "ends_on": "2023-06-12"}),
        (
            StepKind.PRE_REVIEW,
            {"happened_on": "2023-06-20", "organization": str(tree.township_a.pk)},
        ),
        (
            StepKind.BRANCH_MEETING,
            {"happened_on": "2023-07-01", "voters_entitled": "20", "votes_for": "18"},
        ),
    ]
    for number, (kind, values) in enumerate(steps, start=1):
        assert f"下一步：{kind.label}" in _page(browser, activist).text
        _record(browser, activist, f"step-{kind}", values)
        assert activist.steps.exclude(kind=StepKind.SHORTENING).count() == number
        step = activist.steps.get(kind=kind)
        assert (step.happened_on, step.recorded_by) == (
            D.fromisoformat(values["happened_on"]),
            personas.township_a,
        )
    introduced = activist.steps.get(kind=StepKind.INTRODUCERS)
    assert (introduced.introducer_one, introduced.introducer_two) == (one, two)
    assert activist.steps.get(kind=StepKind.TRAINING).training_hours == 24
    assert not Member.objects.filter(id_number=activist.id_number).exists()

    _record(
        browser,
        activist,
        "step-approval",
        {
            "happened_on": "2023-08-01",
            "organization": str(tree.township_a.pk),
            "document_number": "甲党发〔2023〕30号",
        },
        "同时接收为预备党员，在甲村党支部登记（入党日期为支部大会通过之日 2023-07-01）",
    )
    activist.refresh_from_db()
    member = activist.member
    assert activist.stage == Stage.PROBATIONARY
    assert (member.status, member.joined_on, member.organization) == (
        MemberStatus.PROBATIONARY,
        D(2023, 7, 1),
        tree.village_a,
    )
    assert activist.events.get(stage=Stage.PROBATIONARY).happened_on == D(2023, 8, 1)

    _record(browser, activist, "step-oath", {"happened_on": "2023-08-05"})
    assert activist.steps.get(kind=StepKind.OATH).happened_on == D(2023, 8, 5)
    assert "预备期至 2024-07-01 期满" in _page(browser, activist).text

    _record(
        browser,
        activist,
        "advance",
        {"happened_on": "2024-07-01", "performance": "预备期表现良好"},
        "同时转为正式党员（转正日期 2024-07-01）",
    )
    activist.refresh_from_db()
    member.refresh_from_db()
    assert activist.stage == Stage.FULL
    assert (member.status, member.full_member_on) == (MemberStatus.FULL, D(2024, 7, 1))
    assert list(activist.events.values_list("stage", flat=True)) == Stage.values
    finished = _page(browser, activist)
    assert "下一步" not in finished.text
    assert not [key for key in finished.forms if str(key).startswith(("step-", "advance"))]


def test_full_membership_a_day_early_is_refused_on_the_page(web, tree, personas):
    activist = walk(applicant(tree, personas.township_a), tree, personas.township_a, Stage.FULL)
    form = _page(web("township_a"), activist).forms["advance"]
    form["happened_on"] = "2024-06-30"
    form["performance"] = "提前转正"
    refused = form.submit(status=200)
    assert "预备期至 2024-07-01 才满" in refused.text
    assert "确认后不能撤销" not in refused.text
    assert Activist.objects.get(pk=activist.pk).stage == Stage.PROBATIONARY
    assert Member.objects.get(pk=activist.member.pk).full_member_on is None


def test_a_forged_step_out_of_order_is_refused_with_the_reason(web, tree, personas):
    activist = walk(
        applicant(tree, personas.township_a), tree, personas.township_a, StepKind.INTRODUCERS
    )
    form = _page(web("township_a"), activist).forms["step-introducers"]
    form["kind"].force_value(StepKind.TRAINING)
    form["happened_on"] = "2023-06-01"
    refused = form.submit(status=200)
    assert "不能跳过“确定入党介绍人”" in refused.text
    assert not activist.steps.exclude(kind=StepKind.SHORTENING).exists()
    assert DevelopmentStep.history.filter(kind=StepKind.TRAINING).count() == 0


def test_the_upper_committees_steps_are_not_the_branch_secretarys(web, client_as, tree, personas):
    activist = walk(
        applicant(tree, personas.township_a), tree, personas.township_a, StepKind.PRE_REVIEW
    )
    branch_page = _page(web("branch"), activist)
    assert "下一步：上级党委预审" in branch_page.text
    assert "step-pre_review" not in branch_page.forms
    assert "您的角色不能记录上级党委的批准" in branch_page.text
    assert "step-pre_review" in _page(web("township_a"), activist).forms
    assert "step-pre_review" in _page(web("county_staff"), activist).forms

    before = DevelopmentStep.history.count()
    response = client_as("branch").post(
        reverse("members:activist_step", args=[activist.pk]),
        {
            "kind": StepKind.PRE_REVIEW,
            "happened_on": "2023-06-20",
            "organization": tree.township_a.pk,
        },
    )
    assert response.status_code == 403
    assert "您的角色不能记录上级党委的批准" in response.content.decode()
    assert not activist.steps.filter(kind=StepKind.PRE_REVIEW).exists()
    assert DevelopmentStep.history.count() == before


def test_the_shortening_form_is_shown_to_the_township_not_the_branch(web, tree, personas):
    activist = walk(
        applicant(tree, personas.township_a), tree, personas.township_a, StepKind.SHORTENING
    )
    assert "step-shortening" in _page(web("township_a"), activist).forms
    branch_page = _page(web("branch"), activist)
    assert "step-shortening" not in branch_page.forms
    assert "advance" in branch_page.forms  # 确定为发展对象 after a full year is the branch's
    assert "step-ended" in branch_page.forms


def test_a_leader_sees_the_pipeline_and_no_form(web, tree, personas):
    activist = walk(
        applicant(tree, personas.township_a), tree, personas.township_a, StepKind.SHORTENING
    )
    page = _page(web("leader"), activist)
    assert "下一步：发展对象" in page.text
    assert not [key for key in page.forms if str(key).startswith(("step-", "advance"))]


def test_a_temporary_branch_page_offers_no_development_step(web, tree, personas):
    user = personas.township_a
    temporary = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=user,
        name="甲镇卡口临时党支部",
        sector="rural",
    )
    activist = walk(applicant(tree, user, organization=temporary), tree, user, StepKind.SHORTENING)
    page = _page(web("township_a"), activist)
    assert "下一步：发展对象" in page.text
    assert "advance" not in page.forms and "step-shortening" not in page.forms
    assert "临时党支部不能办理此事项" in page.text
    assert "step-ended" in page.forms  # 教育培养 may still end


def test_a_pipeline_is_ended_with_a_reason_after_confirmation(web, tree, personas):
    activist = walk(
        applicant(tree, personas.township_a), tree, personas.township_a, StepKind.POLITICAL_REVIEW
    )
    browser = web("branch")
    page = _record(
        browser,
        activist,
        "step-ended",
        {"happened_on": "2023-05-20", "note": "本人主动放弃"},
        "发展程序将终止（不再列为发展对象）",
    )
    activist.refresh_from_db()
    ended = activist.steps.get(kind=StepKind.ENDED)
    assert (activist.ended_on, ended.end_kind, ended.note, ended.recorded_by) == (
        D(2023, 5, 20),
        PipelineEnd.NOT_CANDIDATE,
        "本人主动放弃",
        personas.branch,
    )
    assert "发展程序已于 2023-05-20 终止" in page.text
    assert not [key for key in page.forms if str(key).startswith(("step-", "advance"))]
    events = ActivistEvent.objects.filter(activist=activist).count()
    assert events == 3


def test_the_policy_table_says_who_records_what(tree, personas):
    """One rule per action (organizations/policy.py), the same the pages and services ask."""
    user = personas.township_a
    activist = applicant(tree, user)
    temporary = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=user,
        name="甲镇卡口临时党支部",
        sector="rural",
    )
    trained = applicant(tree, user, organization=temporary)
    approve, develop, train = (
        Action.ACTIVIST_APPROVE,
        Action.ACTIVIST_DEVELOP,
        Action.ACTIVIST_TRAIN,
    )
    assert [may(getattr(personas, name), approve, activist) for name in PEOPLE] == [
        True,
        False,
        True,
        False,
        True,
    ]
    assert refusal(personas.branch, approve, activist) == "您的角色不能记录上级党委的批准。"
    assert may(personas.branch, develop, activist) and may(personas.branch, train, trained)
    assert refusal(user, develop, trained).startswith("临时党支部不能办理此事项")
    assert refusal(user, approve, trained).startswith("临时党支部不能办理此事项")
    assert may(user, train, trained)
