"""严肃处理 and 关心关爱: who may decide, and following a difficulty to the end."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.choices import DisciplineDecision, DisciplineReason
from members.models import CareRecord, DisciplineCase
from members.services import care_record, care_resolve, discipline_record
from organizations.services import temporary_branch_open
from tests.factories import MemberFactory

D = datetime.date


def _decide(member, personas, organization, **overrides):
    fields = {
        "reason": DisciplineReason.RETREATED,
        "facts": "值守期间擅离卡口",
        "decision": DisciplineDecision.ADMONITION,
        "decided_on": D(2026, 2, 10),
        **overrides,
    }
    return discipline_record(
        user=personas.township_a, member=member, deciding_organization=organization, **fields
    )


def test_the_branch_or_a_committee_above_decides(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    case = _decide(member, personas, tree.village_a)
    assert case.township == tree.township_a
    _decide(member, personas, tree.township_a, decision=DisciplineDecision.WARNING)
    assert DisciplineCase.objects.filter(member=member).count() == 2
    assert case.history.get().history_user == personas.township_a


def test_a_temporary_branch_may_not_decide_discipline(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    temporary = temporary_branch_open(
        parent=tree.township_a, user=personas.township_a, name="卡口临时党支部", sector="rural"
    )
    with pytest.raises(ValidationError, match="临时党支部不能作出党纪处理决定"):
        _decide(member, personas, temporary)
    with pytest.raises(ValidationError, match="所在党支部或其上级党组织"):
        _decide(member, personas, tree.township_b)
    with pytest.raises(ValidationError, match="决定日期不能晚于今天"):
        _decide(member, personas, tree.village_a, decided_on=D(2099, 1, 1))
    assert not DisciplineCase.objects.exists()


def test_a_difficulty_followed_to_the_end(tree, personas):
    member = MemberFactory(organization=tree.village_a, name="陈静")
    care = care_record(
        user=personas.branch,
        organization=tree.village_a,
        member=member,
        difficulty="丈夫在外地隔离，孩子无人照看",
        reported_on=D(2026, 2, 1),
    )
    assert care.person_name == "陈静" and care.is_open and care.township == tree.township_a
    assert (
        CareRecord.objects.visible_to(personas.county_staff).filter(resolved_on=None).count() == 1
    )
    with pytest.raises(ValidationError, match="请写明采取的帮扶措施"):
        care_resolve(care=care, user=personas.branch, action=" ")
    with pytest.raises(ValidationError, match="解决日期不能早于登记日期"):
        care_resolve(
            care=care, user=personas.branch, action="安排志愿者", resolved_on=D(2026, 1, 1)
        )
    care_resolve(
        care=care, user=personas.branch, action="安排志愿者照看", resolved_on=D(2026, 2, 3)
    )
    care.refresh_from_db()
    assert care.resolved_on == D(2026, 2, 3) and care.action == "安排志愿者照看"
    assert care.history.count() == 2
    with pytest.raises(ValidationError, match="已于"):
        care_resolve(care=care, user=personas.branch, action="再次")


def test_care_for_a_cadre_needs_only_a_name(tree, personas):
    care = care_record(
        user=personas.township_a,
        organization=tree.township_a,
        person_name="副镇长李强",
        difficulty="连续值守，家中老人生病",
    )
    assert care.member is None and care.reported_on is not None
    with pytest.raises(ValidationError, match="请填写姓名或选择党员"):
        care_record(user=personas.township_a, organization=tree.township_a, difficulty="x")
