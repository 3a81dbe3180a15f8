"""The pipeline's rules (《发展党员工作细则》, 党章 第七条): every refused step writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.choices import MemberStatus, PipelineEnd, Stage, StepKind
from members.models import Activist, ActivistEvent, DevelopmentStep, Member
from members.services import activist_advance, activist_create, development_step_record
from organizations.services import temporary_branch_open
from tests.factories import MemberFactory, id_number

from .pipeline import MEETING, applicant, introducers, steps, take, walk

D = datetime.date


def _snapshot():
    """What an auditor would compare: every row and every history row of the pipeline."""
    return (
        list(Activist.objects.values_list("pk", "stage", "ended_on")),
        list(ActivistEvent.objects.values_list("pk", "stage", "happened_on")),
        list(DevelopmentStep.objects.values_list("pk", "kind", "happened_on")),
        list(Member.objects.values_list("pk", "status", "is_active", "full_member_on")),
        Activist.history.count(),
        ActivistEvent.history.count(),
        DevelopmentStep.history.count(),
        Member.history.count(),
    )


def _refused(call, message, error=ValidationError):
    before = _snapshot()
    with pytest.raises(error) as refused:
        call()
    text = " ".join(refused.value.messages) if error is ValidationError else str(refused.value)
    assert message in text
    assert _snapshot() == before
    return refused


def _arguments(tree, people, what):
    return dict(steps(tree, people))[what]


@pytest.fixture
def people(tree):
    return introducers(tree)


@pytest.fixture
def activist(tree, personas):
    return applicant(tree, personas.township_a)


def test_the_whole_way_to_full_membership(activist, tree, personas, people):
    user = personas.township_a
    walk(activist, tree, user, until=None, people=people)
    activist.refresh_from_db()
    member = activist.member
    assert activist.stage == Stage.FULL
    assert (member.status, member.joined_on, member.full_member_on, member.organization) == (
        MemberStatus.FULL,
        MEETING,  # 党章 第七条: from the branch general meeting's admission
        D(2024, 7, 1),
        tree.village_a,
    )
    assert list(activist.events.values_list("stage", flat=True)) == Stage.values
    assert set(activist.steps.values_list("kind", flat=True)) == set(StepKind.values) - {
        StepKind.EXTENSION,
        StepKind.ENDED,
    }
    assert set(activist.steps.values_list("recorded_by", flat=True)) == {user.pk}
    _refused(
        lambda: take(activist, user, Stage.FULL, {"happened_on": D(2024, 8, 1)}),
        "发展程序已完成",
    )


def test_an_applicant_under_eighteen_is_refused(tree, personas):
    _refused(
        lambda: activist_create(
            user=personas.township_a,
            name="少年",
            id_number=id_number(birth=D(2006, 3, 1)),
            education="high_school",
            organization=tree.village_a,
            applied_on=D(2024, 2, 28),
            performance="值守",
        ),
        "递交入党申请时应年满十八周岁（出生日期 2006-03-01）",
    )


def test_eighteen_on_the_day_of_application_is_enough(tree, personas):
    activist = activist_create(
        user=personas.township_a,
        name="青年",
        id_number=id_number(birth=D(2006, 3, 1)),
        education="high_school",
        organization=tree.village_a,
        applied_on=D(2024, 3, 1),
        performance="值守",
    )
    assert activist.stage == Stage.APPLICANT


def test_a_shortened_training_needs_the_upper_committees_approval(activist, tree, personas):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.SHORTENING)
    _refused(
        lambda: take(activist, user, Stage.CANDIDATE, {"happened_on": D(2023, 5, 10)}),
        "入党积极分子须培养考察一年以上（至 2024-02-01）",
    )
    # A note typed in place of the approval is no longer a way through.
    with pytest.raises(TypeError):
        activist_advance(
            activist=activist,
            user=user,
            stage=Stage.CANDIDATE,
            happened_on=D(2023, 5, 10),
            performance="x",
            exception_note="县委批准火线发展",
        )
    assert Activist.objects.get(pk=activist.pk).stage == Stage.ACTIVIST


def test_a_full_year_of_training_needs_no_shortening(activist, tree, personas):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.SHORTENING)
    take(activist, user, Stage.CANDIDATE, {"happened_on": D(2024, 2, 1)})
    assert Activist.objects.get(pk=activist.pk).stage == Stage.CANDIDATE


def test_a_branch_secretary_cannot_record_the_upper_committees_approval(
    activist, tree, personas, people
):
    walk(activist, tree, personas.township_a, until=StepKind.SHORTENING)
    arguments = _arguments(tree, people, StepKind.SHORTENING)
    _refused(
        lambda: take(activist, personas.branch, StepKind.SHORTENING, arguments),
        "您的角色不能记录上级党委的批准",
        PermissionDenied,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organization": "community_b_township"}, "须是“甲村党支部”的上级党委"),
        ({"organization": "village_a"}, "须是“甲村党支部”的上级党委"),
        ({"document_number": ""}, "此项必填"),
        ({"branch_decided_on": D(2023, 5, 2)}, "上级党委批准不能早于党支部决定"),
        ({"branch_decided_on": D(2023, 1, 1)}, "不能早于确定为入党积极分子的日期"),
    ],
)
def test_a_shortening_is_structured_and_approved_from_above(
    activist, tree, personas, people, changes, message
):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.SHORTENING)
    arguments = _arguments(tree, people, StepKind.SHORTENING)
    named = {"community_b_township": tree.township_b, "village_a": tree.village_a}
    arguments |= {key: named.get(value, value) for key, value in changes.items()}
    _refused(lambda: take(activist, user, StepKind.SHORTENING, arguments), message)


def test_the_candidate_steps_cannot_be_skipped(activist, tree, personas, people):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.INTRODUCERS, people=people)
    training = _arguments(tree, people, StepKind.TRAINING)
    _refused(lambda: take(activist, user, StepKind.TRAINING, training), "不能跳过“确定入党介绍人”")
    _refused(
        lambda: take(activist, user, Stage.FULL, {"happened_on": D(2024, 7, 1)}),
        "不能跳过“预备党员”阶段",
    )
    _refused(
        lambda: take(activist, user, Stage.PROBATIONARY, {"happened_on": D(2023, 8, 1)}),
        "接收预备党员由“上级党委审批”记录",
    )


def test_a_step_is_not_dated_before_the_previous_one_nor_in_the_future(
    activist, tree, personas, people
):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.POLITICAL_REVIEW, people=people)
    for day, message in (
        (D(2023, 5, 14), "不能早于上一步（2023-05-15）"),
        (D(2099, 1, 1), "不能晚于今天"),
    ):
        _refused(
            lambda day=day: take(
                activist, user, StepKind.POLITICAL_REVIEW, {"happened_on": day, "note": "合格"}
            ),
            message,
        )


def test_introducers_are_two_different_full_members(activist, tree, personas, people):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.INTRODUCERS, people=people)
    probationary = MemberFactory(
        organization=tree.village_a, name="预备党员", joined_on=D(2023, 1, 1), full_member_on=None
    )
    left = MemberFactory(organization=tree.village_a, name="已离开")
    left.is_active = False
    left.save()
    day = D(2023, 5, 15)
    for second, message in (
        (people[0], "两名入党介绍人必须是不同的人"),
        (probationary, "预备党员不是在册的正式党员"),
        (left, "已离开不是在册的正式党员"),
    ):
        _refused(
            lambda second=second: take(
                activist,
                user,
                StepKind.INTRODUCERS,
                {"happened_on": day, "introducer_one": people[0], "introducer_two": second},
            ),
            message,
        )


@pytest.mark.parametrize(
    ("days", "hours", "allowed"),
    [(3, None, True), (None, 24, True), (2, 20, False), (None, None, False)],
)
def test_training_lasts_three_days_or_24_class_hours(
    activist, tree, personas, people, days, hours, allowed
):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.TRAINING, people=people)
    arguments = {"happened_on": D(2023, 6, 1), "training_days": days, "training_hours": hours}
    if allowed:
        step = take(activist, user, StepKind.TRAINING, arguments)
        assert (step.training_days, step.training_hours, step.recorded_by) == (days, hours, user)
    else:
        _refused(
            lambda: take(activist, user, StepKind.TRAINING, arguments), "不少于 3 天或 24 学时"
        )


def test_the_branch_meeting_admits_by_a_majority_of_those_entitled(
    activist, tree, personas, people
):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.BRANCH_MEETING, people=people)
    arguments = {"happened_on": MEETING, "voters_entitled": 20, "votes_for": 10}
    _refused(lambda: take(activist, user, StepKind.BRANCH_MEETING, arguments), "支部大会未通过")


def test_the_approval_comes_within_three_months_of_the_branch_meeting(
    activist, tree, personas, people
):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.APPROVAL, people=people)
    arguments = _arguments(tree, people, StepKind.APPROVAL) | {"happened_on": D(2023, 10, 2)}
    _refused(
        lambda: take(activist, user, StepKind.APPROVAL, arguments),
        "三个月内（2023-10-01 前）审批，已超期",
    )
    arguments["happened_on"] = D(2023, 10, 1)
    take(activist, user, StepKind.APPROVAL, arguments)
    activist.refresh_from_db()
    assert activist.stage == Stage.PROBATIONARY
    assert (activist.member.status, activist.member.joined_on) == (
        MemberStatus.PROBATIONARY,
        MEETING,
    )


def test_no_full_membership_before_a_year_whatever_is_typed(activist, tree, personas, people):
    user = personas.township_a
    walk(activist, tree, user, until=Stage.FULL, people=people)
    _refused(
        lambda: take(activist, user, Stage.FULL, {"happened_on": D(2024, 6, 30)}),
        "预备期至 2024-07-01 才满",
    )
    assert Member.objects.get(pk=activist.member.pk).status == MemberStatus.PROBATIONARY


def test_no_full_membership_before_the_oath(activist, tree, personas, people):
    user = personas.township_a
    walk(activist, tree, user, until=StepKind.OATH, people=people)
    _refused(
        lambda: take(activist, user, Stage.FULL, {"happened_on": D(2024, 7, 1)}),
        "须先完成“入党宣誓”",
    )


def _extension(tree, months):
    return {
        "happened_on": D(2024, 7, 1),
        "months": months,
        "organization": tree.village_a,
        "document_number": "甲村支〔2024〕3号",
        "note": "需继续考察",
    }


@pytest.mark.parametrize("months", [5, 13])
def test_a_probation_is_extended_by_half_a_year_to_a_year(activist, tree, personas, months):
    user = personas.township_a
    walk(activist, tree, user, until=Stage.FULL)
    _refused(
        lambda: take(activist, user, StepKind.EXTENSION, _extension(tree, months)),
        "延长预备期不能少于半年，最长不超过一年",
    )


def test_an_extended_probation_ends_later_and_is_extended_once(activist, tree, personas):
    user = personas.township_a
    walk(activist, tree, user, until=Stage.FULL)
    step = take(activist, user, StepKind.EXTENSION, _extension(tree, 6))
    assert (step.months, step.organization, step.document_number) == (
        6,
        tree.village_a,
        "甲村支〔2024〕3号",
    )
    _refused(
        lambda: take(activist, user, StepKind.EXTENSION, _extension(tree, 6)),
        "“延长预备期”已于 2024-07-01 记录，不能重复",
    )
    _refused(
        lambda: take(activist, user, Stage.FULL, {"happened_on": D(2024, 12, 31)}),
        "预备期至 2025-01-01 才满",
    )
    take(activist, user, Stage.FULL, {"happened_on": D(2025, 1, 1)})
    assert Member.objects.get(activist=activist).full_member_on == D(2025, 1, 1)


def test_an_ended_pipeline_takes_no_more_steps(activist, tree, personas, people):
    user = personas.branch
    walk(activist, tree, personas.township_a, until=StepKind.POLITICAL_REVIEW, people=people)
    ended = development_step_record(
        activist=activist,
        user=user,
        kind=StepKind.ENDED,
        happened_on=D(2023, 5, 20),
        note="本人不再符合条件",
    )
    activist.refresh_from_db()
    assert (activist.ended_on, ended.end_kind, ended.recorded_by) == (
        D(2023, 5, 20),
        PipelineEnd.NOT_CANDIDATE,
        user,
    )
    review = {"happened_on": D(2023, 5, 25), "note": "合格"}
    _refused(
        lambda: take(activist, user, StepKind.POLITICAL_REVIEW, review),
        "发展程序已终止（2023-05-20），不能再记录",
        PermissionDenied,
    )


def test_only_the_upper_committee_cancels_a_probation(activist, tree, personas):
    walk(activist, tree, personas.township_a, until=Stage.FULL)
    arguments = {"happened_on": D(2024, 1, 10), "note": "预备期内违反纪律"}
    _refused(
        lambda: take(activist, personas.branch, StepKind.ENDED, arguments),
        "取消预备党员资格须经上级党委批准",
        PermissionDenied,
    )
    step = take(activist, personas.township_a, StepKind.ENDED, arguments)
    activist.refresh_from_db()
    assert step.end_kind == PipelineEnd.PROBATION_CANCELLED
    assert activist.ended_on == D(2024, 1, 10)
    assert not activist.member.is_active


def test_a_temporary_branch_trains_activists_but_develops_nobody(tree, personas, people):
    user = personas.township_a
    temporary = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=user,
        name="甲镇卡口临时党支部",
        sector="rural",
    )
    activist = applicant(tree, user, organization=temporary)
    take(activist, user, Stage.ACTIVIST, {"happened_on": D(2024, 2, 1)})
    assert Activist.objects.get(pk=activist.pk).stage == Stage.ACTIVIST
    _refused(
        lambda: take(activist, user, Stage.CANDIDATE, {"happened_on": D(2025, 2, 1)}),
        "临时党支部不能办理此事项",
        PermissionDenied,
    )
    _refused(
        lambda: take(
            activist, user, StepKind.SHORTENING, _arguments(tree, people, StepKind.SHORTENING)
        ),
        "临时党支部不能办理此事项",
        PermissionDenied,
    )


def test_an_existing_member_cannot_be_an_activist(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    _refused(
        lambda: activist_create(
            user=personas.township_a,
            name=member.name,
            id_number=member.id_number,
            education="college",
            organization=tree.village_a,
            applied_on=D(2024, 1, 1),
            performance="x",
        ),
        "已是党员",
    )


def test_a_leader_records_nothing(activist, personas):
    _refused(
        lambda: take(activist, personas.leader, Stage.ACTIVIST, {"happened_on": D(2023, 2, 1)}),
        "您的角色不能登记和培养入党申请人、入党积极分子",
        PermissionDenied,
    )
