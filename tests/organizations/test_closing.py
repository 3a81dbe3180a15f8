"""Stopping an organization says first what it will end and what money it still holds.

`organizations` imports no other app: members and funds answer `organization_closing`
(what would happen) and `organization_closed` (end what hangs on a dissolved branch).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from funds.services import allocation_from_appropriation, appropriation_create
from members.choices import PostKind
from members.models import Post, PostAssignment, RosterEntry
from members.services import post_assign, post_create, roster_add
from organizations.models import Organization
from organizations.services import temporary_branch_close, temporary_branch_open
from tests.factories import MemberFactory
from tests.web import form_with

D = datetime.date


@pytest.fixture
def branch(tree, personas):
    return temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=personas.township_a,
        name="甲镇方舱临时党支部",
        sector="medical",
        established_on=D(2026, 1, 20),
    )


@pytest.fixture
def on_duty(tree, personas, branch):
    """Two posts of the branch with three people of its roster on them, one post over."""
    user = personas.township_a
    people = [MemberFactory(organization=tree.village_a, name=f"方舱党员{n}") for n in range(3)]
    for person in people:
        roster_add(branch=branch, member=person, user=user, starts_on=D(2026, 1, 21))

    def post(name, ends_on=None):
        return post_create(
            user=user,
            organization=branch,
            kind=PostKind.VANGUARD,
            name=name,
            place="方舱",
            duty="值守",
            starts_on=D(2026, 1, 21),
            ends_on=ends_on,
        )

    ward, gate, over = post("病区先锋岗"), post("入口先锋岗"), post("已结束岗", D(2026, 1, 31))
    post_assign(post=ward, member=people[0], user=user, starts_on=D(2026, 1, 21))
    post_assign(post=ward, member=people[1], user=user, starts_on=D(2026, 1, 21))
    post_assign(post=gate, member=people[1], user=user, starts_on=D(2026, 1, 21))
    post_assign(post=over, member=people[2], user=user, starts_on=D(2026, 1, 21))
    return {"people": people, "open": [ward, gate], "over": over}


@pytest.fixture
def money(personas, branch):
    batch = appropriation_create(
        user=personas.county_staff,
        source="county",
        document_number="丰组〔2026〕7号",
        issued_on=D(2026, 1, 20),
        amount=Decimal("20000.00"),
        allowed_uses=["supplies"],
    )
    return allocation_from_appropriation(
        user=personas.county_staff,
        appropriation=batch,
        organization=branch,
        amount=Decimal("8000.00"),
        allocated_on=D(2026, 1, 22),
    )


def _confirmation(web, branch):
    page = web("township_a").get(reverse("organizations:organization_detail", args=[branch.pk]))
    return form_with(page, "closed_on").submit()


def test_the_confirmation_says_what_ends_and_what_money_is_left(web, branch, on_duty, money):
    page = _confirmation(web, branch)
    today = timezone.localdate().isoformat()
    assert f"2 个岗区将于 {today} 结束，其中 2 名党员随之离岗" in page.text
    assert f"名册上的 3 名人员将于 {today} 离开本临时党支部" in page.text
    assert "专项党费“丰组〔2026〕7号”仍有余额 ¥8,000.00 未用完" in page.text
    # Asking wrote nothing.
    assert Organization.objects.get(pk=branch.pk).closed_on is None
    assert RosterEntry.objects.active().count() == 3
    assert (
        PostAssignment.objects.filter(post__in=on_duty["open"], ends_on__isnull=True).count() == 3
    )


def test_a_branch_with_nothing_on_it_says_so(web, branch):
    page = _confirmation(web, branch)
    assert "没有进行中的岗区，名册上也没有人员" in page.text
    assert "仍有余额" not in page.text


def test_confirming_ends_the_posts_and_the_roster(web, personas, branch, on_duty, money):
    closed_on = D(2026, 2, 10)
    page = web("township_a").get(reverse("organizations:organization_detail", args=[branch.pk]))
    form = form_with(page, "closed_on")
    form["closed_on"] = closed_on.isoformat()
    confirmation = form.submit()
    assert "2 个岗区将于 2026-02-10 结束" in confirmation.text
    form_with(confirmation, "closed_on").submit().follow()
    branch.refresh_from_db()
    assert (branch.closed_on, branch.is_active) == (closed_on, False)
    for post in on_duty["open"]:
        post = Post.objects.get(pk=post.pk)
        assert post.ends_on == closed_on
        assert post.history.latest().history_user == personas.township_a
    assert Post.objects.get(pk=on_duty["over"].pk).ends_on == D(2026, 1, 31)  # untouched
    assert set(
        PostAssignment.objects.filter(post__in=on_duty["open"]).values_list("ends_on", flat=True)
    ) == {closed_on}
    assert set(RosterEntry.objects.values_list("ends_on", flat=True)) == {closed_on}
    # The money is not touched: it is the county's decision where it goes next.
    money.refresh_from_db()
    assert money.balance == Decimal("8000.00")


def test_the_confirmation_of_a_closed_branch_sends_back(web, client_as, personas, branch):
    temporary_branch_close(branch=branch, user=personas.township_a)
    url = reverse("organizations:temporary_branch_close_confirm", args=[branch.pk])
    page = web("township_a").get(url).follow()
    assert "只有运行中的临时党支部可以撤销" in page.text


def _admin_change_form(web, organization):
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    return form_with(web("admin").get(url), "is_active")


def test_admin_deactivation_warns_of_money_still_held(web, tree, personas):
    batch = appropriation_create(
        user=personas.county_staff,
        source="county",
        document_number="丰组〔2026〕8号",
        issued_on=D(2026, 1, 20),
        amount=Decimal("20000.00"),
        allowed_uses=["supplies"],
    )
    allocation_from_appropriation(
        user=personas.county_staff,
        appropriation=batch,
        organization=tree.village_a,
        amount=Decimal("1200.50"),
        allocated_on=D(2026, 1, 22),
    )
    form = _admin_change_form(web, tree.village_a)
    form["is_active"] = False
    page = form.submit().follow()
    assert "“甲村党支部”已停用：专项党费“丰组〔2026〕8号”仍有余额 ¥1,200.50 未用完" in page.text
    village = Organization.objects.get(pk=tree.village_a.pk)
    assert village.is_active is False
    assert village.history.latest().history_user == personas.admin


def test_admin_saving_without_deactivating_says_nothing_of_money(web, tree, personas, money):
    form = _admin_change_form(web, tree.village_a)
    form["secretary_name"] = "新书记"
    page = form.submit().follow()
    assert "仍有余额" not in page.text
    assert Organization.objects.get(pk=tree.village_a.pk).secretary_name == "新书记"


def test_a_deactivated_organization_is_not_offered_for_posts(web, tree, personas):
    form = form_with(web("township_a").get(reverse("members:post_create")), "place")
    offered = set(form.offered("organization"))
    assert str(tree.village_a.pk) in offered
    admin_form = _admin_change_form(web, tree.village_a)
    admin_form["is_active"] = False
    admin_form.submit().follow()
    form = form_with(web("township_a").get(reverse("members:post_create")), "place")
    offered = set(form.offered("organization"))
    assert str(tree.village_a.pk) not in offered
    assert str(tree.sub_a.pk) in offered
    # The service refuses it too, whoever calls it.
    with pytest.raises(ValidationError, match="该组织已停用，不能设岗"):
        post_create(
            user=personas.township_a,
            organization=Organization.objects.get(pk=tree.village_a.pk),
            kind=PostKind.VANGUARD,
            name="停用组织的岗",
            place="村口",
            duty="值守",
            starts_on=D(2026, 2, 1),
        )
    assert not Post.objects.exists()


def test_a_garbage_date_on_the_confirmation_is_explained(web, branch):
    url = reverse("organizations:temporary_branch_close_confirm", args=[branch.pk])
    page = web("township_a").get(url, params={"closed_on": "not-a-date"}).follow()
    assert "请填写正确的撤销日期" in page.text
    assert Organization.objects.get(pk=branch.pk).closed_on is None


def test_a_post_with_nobody_on_it_is_named_without_members(web, personas, branch):
    post_create(
        user=personas.township_a,
        organization=branch,
        kind=PostKind.VANGUARD,
        name="空岗",
        place="方舱",
        duty="值守",
        starts_on=D(2026, 1, 21),
    )
    page = _confirmation(web, branch)
    assert f"1 个岗区将于 {timezone.localdate().isoformat()} 结束。" in page.text
    assert "名党员随之离岗" not in page.text
