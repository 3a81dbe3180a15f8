"""The activist stage machine: every allowed and every refused step (火线入党)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.choices import MemberStatus, Stage
from members.models import Activist, ActivistEvent, Member
from members.services import activist_advance, activist_create
from tests.factories import MemberFactory, id_number

D = datetime.date


@pytest.fixture
def applicant(tree, personas):
    return activist_create(
        user=personas.township_a,
        name="刘洋",
        id_number=id_number(birth=D(1996, 8, 1)),
        education="college",
        phone="13611112222",
        organization=tree.village_a,
        applied_on=D(2024, 1, 30),
        performance="主动请缨值守卡口十余日",
    )


def _advance(activist, user, stage, day, note=""):
    return activist_advance(
        activist=activist,
        user=user,
        stage=stage,
        happened_on=day,
        performance="一线表现突出",
        exception_note=note,
    )


def test_the_whole_way_to_full_membership(applicant, tree, personas):
    user = personas.township_a
    assert applicant.stage == Stage.APPLICANT
    _advance(applicant, user, Stage.ACTIVIST, D(2024, 2, 20))
    _advance(applicant, user, Stage.CANDIDATE, D(2025, 2, 20))
    assert not Member.objects.exists()
    _advance(applicant, user, Stage.PROBATIONARY, D(2025, 4, 1))
    applicant.refresh_from_db()
    member = applicant.member
    assert (member.status, member.joined_on, member.organization) == (
        MemberStatus.PROBATIONARY,
        D(2025, 4, 1),
        tree.village_a,
    )
    assert member.id_number == applicant.id_number
    _advance(applicant, user, Stage.FULL, D(2026, 4, 1))
    applicant.refresh_from_db()
    member.refresh_from_db()
    assert applicant.stage == Stage.FULL
    assert (member.status, member.full_member_on) == (MemberStatus.FULL, D(2026, 4, 1))
    assert list(applicant.events.values_list("stage", flat=True)) == [s.value for s in Stage]
    assert applicant.history.count() == 5  # created, then one change per step
    with pytest.raises(ValidationError, match="发展程序已完成"):
        _advance(applicant, user, Stage.FULL, D(2026, 5, 1))


def test_the_stage_is_derived_from_the_latest_event(applicant, personas):
    _advance(applicant, personas.township_a, Stage.ACTIVIST, D(2024, 2, 20))
    activist = Activist.objects.get(pk=applicant.pk)
    latest = activist.events.order_by("-happened_on").first()
    assert activist.stage == latest.stage == Stage.ACTIVIST


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        (Stage.CANDIDATE, "不能跳过“入党积极分子”阶段"),
        (Stage.PROBATIONARY, "不能跳过“入党积极分子”阶段"),
        (Stage.FULL, "不能跳过“入党积极分子”阶段"),
        (Stage.APPLICANT, "不能退回或重复"),
    ],
)
def test_skipping_or_repeating_a_stage_is_refused(applicant, personas, stage, message):
    with pytest.raises(ValidationError, match=message):
        _advance(applicant, personas.township_a, stage, D(2024, 3, 1))
    assert ActivistEvent.objects.count() == 1
    assert Activist.objects.get(pk=applicant.pk).stage == Stage.APPLICANT


def test_going_backwards_is_refused(applicant, personas):
    _advance(applicant, personas.township_a, Stage.ACTIVIST, D(2024, 2, 20))
    with pytest.raises(ValidationError, match="不能退回或重复：当前已是“入党积极分子”"):
        _advance(applicant, personas.township_a, Stage.APPLICANT, D(2024, 3, 1))


@pytest.mark.parametrize(
    ("day", "message"),
    [(D(2024, 1, 1), "不能早于上一阶段（2024-01-30）"), (D(2099, 1, 1), "不能晚于今天")],
)
def test_dates_out_of_order_are_refused(applicant, personas, day, message):
    with pytest.raises(ValidationError) as refused:
        _advance(applicant, personas.township_a, Stage.ACTIVIST, day)
    assert message in " ".join(refused.value.message_dict["happened_on"])
    assert ActivistEvent.objects.count() == 1


def test_short_intervals_need_a_documented_front_line_exception(applicant, personas):
    user = personas.township_a
    _advance(applicant, user, Stage.ACTIVIST, D(2024, 2, 20))
    with pytest.raises(ValidationError) as refused:
        _advance(applicant, user, Stage.CANDIDATE, D(2024, 6, 1))
    message = " ".join(refused.value.message_dict["exception_note"])
    assert "距成为“入党积极分子”（2024-02-20）只有 102 天，不满一年" in message
    assert Activist.objects.get(pk=applicant.pk).stage == Stage.ACTIVIST
    event = _advance(applicant, user, Stage.CANDIDATE, D(2024, 6, 1), note="县委批准火线发展")
    assert event.exception_note == "县委批准火线发展"
    _advance(applicant, user, Stage.PROBATIONARY, D(2024, 7, 1))
    with pytest.raises(ValidationError, match="不满一年"):
        _advance(applicant, user, Stage.FULL, D(2025, 1, 1))


def test_an_existing_member_cannot_be_an_activist(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    with pytest.raises(ValidationError, match="已是党员"):
        activist_create(
            user=personas.township_a,
            name=member.name,
            id_number=member.id_number,
            education="college",
            organization=tree.village_a,
            applied_on=D(2024, 1, 1),
            performance="x",
        )
    assert not Activist.objects.exists()
