"""Posts and the members on them, inside the post's period."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.choices import PostKind
from members.models import Post, PostAssignment
from members.services import post_assign, post_create, post_end, post_unassign, post_update
from organizations.services import temporary_branch_close, temporary_branch_open
from tests.factories import MemberFactory
from tests.web import form_with

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


# ---- The pages, as a secretary uses them (WebTest) ------------------------------------------


def _post_form(page):
    return form_with(page, "place")


def test_a_new_posts_start_defaults_to_today(web):
    form = _post_form(web("township_a").get(reverse("members:post_create")))
    assert form["starts_on"].value == timezone.localdate().isoformat()


def test_create_a_post_from_the_page(web, tree, personas):
    form = _post_form(web("township_a").get(reverse("members:post_create")))
    form["kind"] = PostKind.ZONE
    form["name"] = "甲村二组党员责任区"
    form.pick("organization", tree.village_a)
    form["place"] = "甲村二组"
    form["duty"] = "入户排查"
    form["households_covered"] = "40"
    page = form.submit().follow()
    assert "已设立“甲村二组党员责任区”" in page.text
    post = Post.objects.get()
    assert (post.organization, post.kind, post.households_covered) == (
        tree.village_a,
        PostKind.ZONE,
        40,
    )
    assert (post.starts_on, post.ends_on) == (timezone.localdate(), None)
    assert post.township == tree.township_a
    assert post.history.get().history_user == personas.township_a


def test_the_post_form_offers_only_working_organizations_of_the_scope(web, tree, personas):
    closed = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=personas.township_a,
        name="甲镇旧卡口临时党支部",
        sector="rural",
    )
    temporary_branch_close(branch=closed, user=personas.township_a)
    form = _post_form(web("township_a").get(reverse("members:post_create")))
    offered = {int(value) for value in form.offered("organization")}
    assert tree.village_a.pk in {int(value) for value in form.offered("organization", "甲村")}
    assert closed.pk not in {int(value) for value in form.offered("organization", "旧卡口")}
    assert tree.village_a.pk in offered
    assert closed.pk not in offered
    assert tree.community_b.pk not in offered


def test_a_refused_post_keeps_what_was_typed_and_saves_nothing(web, tree):
    form = _post_form(web("township_a").get(reverse("members:post_create")))
    form["kind"] = PostKind.MODEL
    form["name"] = "村委会示范岗"
    form.pick("organization", tree.village_a)
    form["place"] = "村委会"
    form["duty"] = "示范"
    form["households_covered"] = "10"
    page = form.submit(status=200)
    assert "只有党员责任区填写覆盖户数" in page.text
    assert _post_form(page)["name"].value == "村委会示范岗"
    assert not Post.objects.exists()


def test_edit_a_post_from_its_page(web, zone, personas):
    edit = reverse("members:post_update", args=[zone.pk])
    page = web("township_a").get(reverse("members:post_detail", args=[zone.pk])).click(href=edit)
    form = _post_form(page)
    assert form["starts_on"].value == "2026-01-25"  # an edit keeps its own date
    form["place"] = "甲村一组、二组"
    page = form.submit().follow()
    zone.refresh_from_db()
    assert zone.place == "甲村一组、二组"
    assert zone.history.latest().history_user == personas.township_a


def test_assign_from_the_page(web, zone, tree, personas):
    member = MemberFactory(organization=tree.village_a, name="李四")
    MemberFactory(organization=tree.community_b, name="乙方党员")
    page = web("township_a").get(reverse("members:post_detail", args=[zone.pk]))
    form = form_with(page, "member")
    assert set(form.offered("member").values()) == {"李四（甲村党支部）"}
    form.pick("member", member, text="李")
    form["starts_on"] = "2026-02-01"
    page = form.submit().follow()
    assert "李四 已上岗" in page.text
    assignment = PostAssignment.objects.get()
    assert (assignment.member, assignment.starts_on, assignment.ends_on) == (
        member,
        D(2026, 2, 1),
        zone.ends_on,
    )


def test_taking_someone_off_asks_first(web, zone, tree, personas):
    member = MemberFactory(organization=tree.village_a, name="李四")
    assignment = post_assign(
        post=zone, member=member, user=personas.township_a, starts_on=D(2026, 2, 1)
    )
    page = web("township_a").get(reverse("members:post_detail", args=[zone.pk]))
    unassign = reverse("members:post_unassign", args=[assignment.pk])
    assert not [f for f in page.forms.values() if f.action == unassign]  # no one-tap form
    confirmation = page.click("离岗…")
    assert "离岗后不能再安排到本岗区" in confirmation.text
    assert PostAssignment.objects.get().ends_on == zone.ends_on  # asking changed nothing
    form = next(f for f in confirmation.forms.values() if f.action.endswith("/end/"))
    page = form.submit().follow()
    assert "李四 已离岗" in page.text
    assignment.refresh_from_db()
    assert assignment.ends_on == max(timezone.localdate(), assignment.starts_on)


def test_ending_a_post_says_who_leaves_and_ends_them(web, zone, tree, personas):
    for name in ("李四", "王五"):
        member = MemberFactory(organization=tree.village_a, name=name)
        post_assign(post=zone, member=member, user=personas.township_a, starts_on=D(2026, 2, 1))
    post_view = web("township_a").get(reverse("members:post_detail", args=[zone.pk]))
    confirmation = post_view.click("结束岗区…")
    today = timezone.localdate()
    assert f"岗区将于 {today.isoformat()} 结束，2 名在岗党员随之离岗" in confirmation.text
    assert Post.objects.get(pk=zone.pk).ends_on == D(2026, 12, 31)
    form = next(f for f in confirmation.forms.values() if f.action.endswith("/end/"))
    page = form.submit().follow()
    assert "已结束“甲村一组党员责任区”" in page.text
    zone.refresh_from_db()
    assert zone.ends_on == today
    assert set(zone.assignments.values_list("ends_on", flat=True)) == {today}
    assert zone.history.latest().history_user == personas.township_a
    assert "结束岗区…" not in page.text


def test_ending_a_post_twice_is_refused(zone, personas):
    post_end(post=zone, user=personas.township_a)
    with pytest.raises(ValidationError, match="该岗区已于"):
        post_end(post=zone, user=personas.township_a)
    assert zone.history.count() == 2
