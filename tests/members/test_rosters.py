"""A temporary branch's roster: people of other organizations serving there, and its posts.

Members keep their home branch (组织关系) while serving in a temporary branch, so a post of
the branch chooses its members from the roster, not from the branch's own (empty) register.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from members.choices import PostKind
from members.models import Post, PostAssignment, RosterEntry
from members.services import post_assign, post_create, roster_add, roster_remove
from organizations.services import temporary_branch_close, temporary_branch_open
from tests.factories import MemberFactory
from tests.web import form_with

D = datetime.date


@pytest.fixture
def checkpoint(tree, personas):
    return temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=personas.township_a,
        name="甲镇高速卡口临时党支部",
        sector="rural",
        established_on=D(2026, 1, 20),
    )


@pytest.fixture
def people(tree):
    return {
        "village": MemberFactory(organization=tree.village_a, name="王卫国"),
        "sub": MemberFactory(organization=tree.sub_a, name="王建军"),
        "other_township": MemberFactory(organization=tree.community_b, name="王乙方"),
        "organ": MemberFactory(organization=tree.organ_branch, name="县直王某"),
    }


def _branch_page(web, persona, branch, **query):
    url = reverse("organizations:organization_detail", args=[branch.pk])
    return web(persona).get(url, params=query)


def _offered(form, field="member"):
    """The labels a select offers, or a picker offers for no text typed."""
    if form[field].attrs.get("data-autocomplete"):
        return set(form.offered(field).values())
    return {label for _value, _selected, label in form[field].options if _value}


class TestAddingFromThePage:
    def test_the_picker_offers_members_of_the_users_scope_only(self, web, checkpoint, people):
        form = form_with(_branch_page(web, "township_a", checkpoint), "duty")
        assert _offered(form) == {"王卫国（甲村党支部）", "王建军（甲村第一党支部）"}
        form = form_with(_branch_page(web, "county_staff", checkpoint), "duty")
        assert "王乙方（乙社区党支部）" in _offered(form)

    def test_add_from_the_page(self, web, tree, checkpoint, people, personas):
        form = form_with(_branch_page(web, "township_a", checkpoint), "duty")
        assert form["starts_on"].value == timezone.localdate().isoformat()
        form["member"].select(text="王建军（甲村第一党支部）")
        form["duty"] = "测温登记"
        page = form.submit().follow()
        assert "王建军 已加入本临时党支部名册" in page.text
        entry = RosterEntry.objects.get()
        assert (entry.organization, entry.member, entry.duty) == (
            checkpoint,
            people["sub"],
            "测温登记",
        )
        assert (entry.starts_on, entry.ends_on) == (timezone.localdate(), None)
        assert entry.township == checkpoint.township
        assert entry.history.get().history_user == personas.township_a
        # The member keeps the home branch; the roster shows it.
        people["sub"].refresh_from_db()
        assert people["sub"].organization == tree.sub_a
        assert "甲村第一党支部" in page.text
        # Once on the roster, the person is no longer offered.
        assert "王建军（甲村第一党支部）" not in _offered(form_with(page, "duty"))

    def test_search_by_name_narrows_the_picker(self, web, checkpoint, people):
        page = _branch_page(web, "township_a", checkpoint)
        search = form_with(page, "roster_q")
        search["roster_q"] = "建军"
        page = search.submit()
        assert _offered(form_with(page, "duty")) == {"王建军（甲村第一党支部）"}

    def test_a_large_township_gets_a_limited_picker_and_a_search(self, web, tree, checkpoint):
        for number in range(35):
            MemberFactory(organization=tree.village_a, name=f"甲村党员{number:02d}")
        page = _branch_page(web, "township_a", checkpoint)
        assert len(_offered(form_with(page, "duty"))) == 30
        assert "只列出前 30 名，请输入姓名查找" in page.text
        page = _branch_page(web, "township_a", checkpoint, roster_q="党员34")
        form = form_with(page, "duty")
        assert _offered(form) == {"甲村党员34（甲村党支部）"}
        form["member"].select(text="甲村党员34（甲村党支部）")
        form.submit().follow()
        assert RosterEntry.objects.get().member.name == "甲村党员34"

    def test_a_date_before_the_branch_is_refused_and_nothing_saved(self, web, checkpoint, people):
        form = form_with(_branch_page(web, "township_a", checkpoint), "duty")
        form["member"].select(text="王卫国（甲村党支部）")
        form["starts_on"] = "2026-01-01"
        page = form.submit().follow()
        assert "加入日期不能早于临时党支部成立日期（2026-01-20）" in page.text
        assert not RosterEntry.objects.exists()

    def test_remove_from_the_page_and_add_again(self, web, checkpoint, people, personas):
        entry = roster_add(branch=checkpoint, member=people["village"], user=personas.township_a)
        page = _branch_page(web, "township_a", checkpoint)
        remove = next(
            form
            for form in page.forms.values()
            if form.action == reverse("members:roster_remove", args=[entry.pk])
        )
        page = remove.submit().follow()
        assert "王卫国 已离开本临时党支部" in page.text
        entry.refresh_from_db()
        assert entry.ends_on == timezone.localdate()
        assert entry.history.latest().history_user == personas.township_a
        # Leaving is not final: the person can serve again (a new entry, the old kept).
        form = form_with(page, "duty")
        form["member"].select(text="王卫国（甲村党支部）")
        form.submit().follow()
        assert RosterEntry.objects.filter(member=people["village"]).count() == 2
        assert RosterEntry.objects.active().get().pk != entry.pk

    def test_a_leader_sees_the_roster_without_forms(self, web, checkpoint, people, personas):
        roster_add(branch=checkpoint, member=people["village"], user=personas.township_a)
        page = _branch_page(web, "leader", checkpoint)
        assert "王卫国" in page.text
        assert not [form for form in page.forms.values() if "duty" in form.fields]
        assert "移出名册" not in page.text

    def test_an_ordinary_branch_has_no_roster(self, web, tree, people):
        page = _branch_page(web, "township_a", tree.village_a)
        assert "临时党支部名册" not in page.text


class TestRules:
    def test_out_of_scope_member_is_refused(self, checkpoint, people, personas):
        with pytest.raises(ValidationError, match="只能加入您管辖范围内的在册党员"):
            roster_add(branch=checkpoint, member=people["other_township"], user=personas.township_a)
        assert not RosterEntry.objects.exists()

    def test_out_of_scope_branch_is_refused(self, checkpoint, people, personas):
        with pytest.raises(PermissionDenied):
            roster_add(branch=checkpoint, member=people["other_township"], user=personas.township_b)
        assert not RosterEntry.objects.exists()

    def test_no_duplicate_while_active(self, checkpoint, people, personas):
        roster_add(branch=checkpoint, member=people["village"], user=personas.township_a)
        with pytest.raises(ValidationError, match="已在本临时党支部名册中"):
            roster_add(branch=checkpoint, member=people["village"], user=personas.county_staff)
        assert RosterEntry.objects.count() == 1

    def test_the_database_refuses_a_duplicate_too(self, checkpoint, people):
        RosterEntry.objects.create(
            organization=checkpoint, member=people["village"], starts_on=D(2026, 2, 1)
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            RosterEntry.objects.create(
                organization=checkpoint, member=people["village"], starts_on=D(2026, 2, 2)
            )
        assert RosterEntry.objects.count() == 1

    def test_only_a_working_temporary_branch_has_a_roster(self, tree, checkpoint, people, personas):
        with pytest.raises(ValidationError, match="只有临时党支部设名册"):
            roster_add(branch=tree.village_a, member=people["sub"], user=personas.township_a)
        temporary_branch_close(branch=checkpoint, user=personas.township_a)
        with pytest.raises(ValidationError, match="已撤销或停用"):
            roster_add(branch=checkpoint, member=people["sub"], user=personas.township_a)
        assert not RosterEntry.objects.exists()

    def test_a_leader_may_not_add(self, checkpoint, people, personas):
        with pytest.raises(PermissionDenied):
            roster_add(branch=checkpoint, member=people["village"], user=personas.leader)
        assert not RosterEntry.objects.exists()

    def test_removing_twice_is_refused(self, checkpoint, people, personas):
        entry = roster_add(branch=checkpoint, member=people["village"], user=personas.township_a)
        roster_remove(entry=entry, user=personas.township_a)
        with pytest.raises(ValidationError, match="已离开"):
            roster_remove(entry=entry, user=personas.township_a)
        assert entry.history.count() == 2


@pytest.fixture
def checkpoint_post(checkpoint, personas):
    return post_create(
        user=personas.township_a,
        organization=checkpoint,
        kind=PostKind.VANGUARD,
        name="卡口先锋岗",
        place="高速出口",
        duty="测温登记",
        starts_on=D(2026, 1, 25),
    )


class TestPostsOfTheBranch:
    def test_without_a_roster_the_post_has_no_one_to_choose(self, web, checkpoint_post, people):
        """The branch has no members of its own (the defect: that was all there ever was)."""
        page = web("township_a").get(reverse("members:post_detail", args=[checkpoint_post.pk]))
        assert _offered(form_with(page, "member")) == set()

    def test_the_post_offers_the_roster(self, web, checkpoint, checkpoint_post, people, personas):
        roster_add(branch=checkpoint, member=people["village"], user=personas.township_a)
        roster_add(branch=checkpoint, member=people["organ"], user=personas.county_staff)
        page = web("township_a").get(reverse("members:post_detail", args=[checkpoint_post.pk]))
        form = form_with(page, "member")
        assert _offered(form) == {"王卫国（甲村党支部）", "县直王某（县卫健委机关党支部）"}
        form.pick("member", people["organ"], text="县直")
        page = form.submit().follow()
        assert "县直王某 已上岗" in page.text
        assignment = PostAssignment.objects.get()
        assert (assignment.post, assignment.member) == (checkpoint_post, people["organ"])
        assert people["organ"].organization.name == "县卫健委机关党支部"  # home branch kept

    def test_someone_who_left_the_roster_is_not_offered(
        self, web, checkpoint, checkpoint_post, people, personas
    ):
        entry = roster_add(branch=checkpoint, member=people["village"], user=personas.township_a)
        roster_remove(entry=entry, user=personas.township_a)
        page = web("township_a").get(reverse("members:post_detail", args=[checkpoint_post.pk]))
        assert _offered(form_with(page, "member")) == set()

    def test_leaving_the_roster_ends_the_posts_there(
        self, checkpoint, checkpoint_post, people, personas
    ):
        entry = roster_add(branch=checkpoint, member=people["village"], user=personas.township_a)
        assignment = post_assign(
            post=checkpoint_post, member=people["village"], user=personas.township_a
        )
        roster_remove(entry=entry, user=personas.township_a)
        assignment.refresh_from_db()
        assert assignment.ends_on == timezone.localdate()

    def test_a_post_can_be_set_up_from_the_branch_page(self, web, checkpoint, personas):
        page = _branch_page(web, "township_a", checkpoint).click("在本临时党支部设岗")
        form = form_with(page, "place")
        assert form["organization"].value == str(checkpoint.pk)
        assert form["starts_on"].value == timezone.localdate().isoformat()
        form["kind"] = PostKind.VANGUARD
        form["name"] = "服务区先锋岗"
        form["place"] = "服务区"
        form["duty"] = "车辆登记"
        form.submit().follow()
        post = Post.objects.get()
        assert (post.organization, post.starts_on) == (checkpoint, timezone.localdate())


@pytest.mark.parametrize("size", [1, 20])
def test_the_branch_page_costs_the_same_whatever_the_roster(
    web, tree, checkpoint, personas, django_assert_max_num_queries, size
):
    for number in range(size):
        member = MemberFactory(organization=tree.village_a, name=f"名册党员{number}")
        roster_add(branch=checkpoint, member=member, user=personas.township_a)
    browser = web("township_a")
    url = reverse("organizations:organization_detail", args=[checkpoint.pk])
    with django_assert_max_num_queries(13):
        assert browser.get(url).status_code == 200
