"""关心关爱: following a difficulty to the end (党员处理 is in test_discipline.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.models import CareRecord
from members.services import care_record, care_resolve
from tests.factories import MemberFactory

D = datetime.date


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
