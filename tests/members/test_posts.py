"""Posts and the members on them, inside the post's period."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.choices import PostKind
from members.models import Post, PostAssignment
from members.services import post_assign, post_create, post_unassign, post_update
from tests.factories import MemberFactory

D = datetime.date


@pytest.fixture
def zone(tree, personas):
    return post_create(
        user=personas.township_a,
        organization=tree.village_a,
        kind=PostKind.ZONE,
        name="甲村一组党员责任区",
        place="甲村一组",
        duty="入户排查、政策宣传",
        households_covered=86,
        starts_on=D(2026, 1, 25),
        ends_on=D(2026, 12, 31),
    )


def test_a_zone_with_members(zone, tree, personas):
    first = MemberFactory(organization=tree.village_a)
    second = MemberFactory(organization=tree.village_a)
    post_assign(post=zone, member=first, user=personas.township_a, starts_on=D(2026, 1, 25))
    assignment = post_assign(
        post=zone, member=second, user=personas.township_a, starts_on=D(2026, 2, 1)
    )
    assert assignment.ends_on == zone.ends_on  # ends with the post unless told otherwise
    assert set(zone.members.all()) == {first, second}
    assert zone.township == tree.township_a
    assert assignment.history.get().history_user == personas.township_a


def test_a_member_may_hold_several_posts(zone, tree, personas):
    member = MemberFactory(organization=tree.village_a)
    vanguard = post_create(
        user=personas.township_a,
        organization=tree.village_a,
        kind=PostKind.VANGUARD,
        name="卡口先锋岗",
        place="村口",
        duty="测温登记",
        starts_on=D(2026, 1, 25),
    )
    post_assign(post=zone, member=member, user=personas.township_a, starts_on=D(2026, 1, 26))
    post_assign(post=vanguard, member=member, user=personas.township_a, starts_on=D(2026, 1, 26))
    assert member.posts.count() == 2


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (D(2026, 1, 1), None, "starts_on"),
        (D(2027, 1, 2), None, "starts_on"),
        (D(2026, 2, 1), D(2027, 3, 1), "ends_on"),
        (D(2026, 2, 1), D(2026, 1, 30), "ends_on"),
    ],
)
def test_dates_outside_the_posts_period_are_refused(
    zone, tree, personas, starts_on, ends_on, field
):
    member = MemberFactory(organization=tree.village_a)
    with pytest.raises(ValidationError) as refused:
        post_assign(
            post=zone, member=member, user=personas.township_a, starts_on=starts_on, ends_on=ends_on
        )
    assert "岗区期限（2026-01-25 至 2026-12-31）" in " ".join(refused.value.message_dict[field])
    assert not PostAssignment.objects.exists()


def test_the_same_member_twice_is_refused(zone, tree, personas):
    member = MemberFactory(organization=tree.village_a)
    post_assign(post=zone, member=member, user=personas.township_a, starts_on=D(2026, 2, 1))
    with pytest.raises(ValidationError, match="已在此岗区"):
        post_assign(post=zone, member=member, user=personas.township_a, starts_on=D(2026, 3, 1))
    assert PostAssignment.objects.count() == 1


def test_households_belong_to_responsibility_zones_only(tree, personas):
    with pytest.raises(ValidationError, match="只有党员责任区填写覆盖户数"):
        post_create(
            user=personas.township_a,
            organization=tree.village_a,
            kind=PostKind.MODEL,
            name="示范岗",
            place="村委会",
            duty="示范",
            households_covered=10,
            starts_on=D(2026, 1, 25),
        )
    assert not Post.objects.exists()


def test_shrinking_a_post_below_its_members_dates_is_refused(zone, tree, personas):
    member = MemberFactory(organization=tree.village_a)
    post_assign(post=zone, member=member, user=personas.township_a, starts_on=D(2026, 2, 1))
    with pytest.raises(ValidationError, match="超出新的岗区期限"):
        post_update(post=zone, user=personas.township_a, ends_on=D(2026, 6, 30))
    assert Post.objects.get(pk=zone.pk).ends_on == D(2026, 12, 31)


def test_taking_a_member_off_keeps_the_record(zone, tree, personas):
    member = MemberFactory(organization=tree.village_a)
    assignment = post_assign(
        post=zone, member=member, user=personas.township_a, starts_on=D(2026, 2, 1)
    )
    post_unassign(assignment=assignment, user=personas.township_a)
    assignment.refresh_from_db()
    assert assignment.ends_on is not None
    assert assignment.history.count() == 2
