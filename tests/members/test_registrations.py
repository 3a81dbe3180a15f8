"""报到: county-organ members serving villages, without overlapping the same role."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.choices import MemberCategory, RegistrationRole
from members.models import Registration
from members.services import registration_confirm, registration_create
from tests.factories import MemberFactory

D = datetime.date
SCREENER = RegistrationRole.SCREENER


@pytest.fixture
def organ_member(tree):
    return MemberFactory(organization=tree.organ_branch, category=MemberCategory.COUNTY_ORGAN)


def _register(tree, personas, member, starts_on, ends_on=None, role=SCREENER, organization=None):
    # Township A registers members with its own village; elsewhere the county does.
    return registration_create(
        user=personas.township_a if organization is None else personas.county_staff,
        member=member,
        organization=organization or tree.village_a,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def test_register_then_the_village_confirms(tree, personas, organ_member):
    registration = _register(tree, personas, organ_member, D(2026, 2, 1), D(2026, 2, 29 - 1))
    assert registration.township == tree.township_a
    assert not registration.is_confirmed
    registration_confirm(registration=registration, user=personas.branch)
    registration.refresh_from_db()
    assert registration.confirmed_by == personas.branch
    assert registration.history.latest().history_user == personas.branch
    with pytest.raises(ValidationError, match="已确认"):
        registration_confirm(registration=registration, user=personas.branch)


def test_only_the_receiving_side_confirms(tree, personas, organ_member):
    from django.core.exceptions import PermissionDenied

    from tests.factories import UserFactory

    registration = _register(tree, personas, organ_member, D(2026, 2, 1))
    sender = UserFactory(role="branch_secretary", organization=tree.organ_branch)
    with pytest.raises(PermissionDenied):
        registration_confirm(registration=registration, user=sender)
    registration.refresh_from_db()
    assert not registration.is_confirmed


def test_both_sides_see_it_and_nobody_else(tree, personas, organ_member):
    from tests.factories import UserFactory

    registration = _register(tree, personas, organ_member, D(2026, 2, 1))
    organ_secretary = UserFactory(role="branch_secretary", organization=tree.organ_branch)
    for user in (
        personas.township_a,
        personas.branch,
        organ_secretary,
        personas.county_staff,
        personas.leader,
    ):
        assert Registration.objects.visible_to(user).filter(pk=registration.pk).exists()
    assert not Registration.objects.visible_to(personas.township_b).exists()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((D(2026, 2, 1), None), (D(2026, 3, 1), None)),
        ((D(2026, 2, 1), D(2026, 2, 20)), (D(2026, 2, 20), D(2026, 3, 1))),
        ((D(2026, 2, 10), D(2026, 2, 20)), (D(2026, 2, 1), None)),
        ((D(2026, 2, 10), D(2026, 2, 20)), (D(2026, 2, 1), D(2026, 2, 10))),
        ((D(2026, 2, 1), None), (D(2026, 1, 1), D(2026, 2, 1))),
    ],
)
def test_overlapping_registrations_in_the_same_role_are_refused(
    tree, personas, organ_member, first, second
):
    _register(tree, personas, organ_member, *first)
    with pytest.raises(ValidationError) as refused:
        _register(tree, personas, organ_member, *second, organization=tree.community_b)
    assert "时间重叠，不能重复登记" in " ".join(refused.value.message_dict["starts_on"])
    assert Registration.objects.count() == 1


def test_other_roles_and_other_periods_are_fine(tree, personas, organ_member):
    _register(tree, personas, organ_member, D(2026, 2, 1), D(2026, 2, 10))
    _register(tree, personas, organ_member, D(2026, 2, 11), None)
    _register(tree, personas, organ_member, D(2026, 2, 1), role=RegistrationRole.PUBLICITY)
    assert Registration.objects.count() == 3


def test_only_county_organ_members_register_with_villages_and_communities(
    tree, personas, organ_member
):
    village_member = MemberFactory(organization=tree.village_a)
    with pytest.raises(ValidationError, match="只有在册的县直机关党员"):
        _register(tree, personas, village_member, D(2026, 2, 1))
    with pytest.raises(ValidationError, match="必须是乡镇（街道）所属的村或社区"):
        _register(tree, personas, organ_member, D(2026, 2, 1), organization=tree.organ_branch)
    with pytest.raises(ValidationError) as refused:
        _register(tree, personas, organ_member, D(2026, 2, 1), role="cook")
    assert "role" in refused.value.message_dict
    assert not Registration.objects.exists()


def test_an_organization_that_stopped_working_takes_no_registration(tree, personas, organ_member):
    tree.sub_a.is_active = False
    tree.sub_a.save()
    with pytest.raises(ValidationError) as refused:
        _register(tree, personas, organ_member, D(2026, 2, 1), organization=tree.sub_a)
    assert "甲村第一党支部 已停止运行或已撤销，不能接收报到" in " ".join(
        refused.value.message_dict["organization"]
    )
    assert not Registration.objects.exists()
