"""Two people editing the same record: the second save is refused, not laid over the first.

Each edit page is opened by two signed-in users; the first saves, then the second saves
from the copy they opened earlier and is told to reload, and the database keeps the first
change only.
"""

import datetime

import pytest
from django.urls import reverse

from members.choices import PostKind
from members.models import Member
from members.services import post_create
from tests.conftest import sign_in
from tests.factories import CadreFactory, MemberFactory, UserFactory
from tests.web import form_with, web_app


@pytest.fixture
def second_county_staff(personas):
    """A second county staff member's browser, beside `web("county_staff")`."""
    user = UserFactory(
        username="county2",
        role=personas.county_staff.role,
        organization=personas.county_staff.organization,
    )
    return web_app(user, sign_in=sign_in)


def _member(tree, personas):
    member = MemberFactory(organization=tree.village_a, name="原名")
    return reverse("members:member_update", args=[member.pk]), member, "name"


def _post(tree, personas):
    post = post_create(
        user=personas.township_a,
        organization=tree.village_a,
        kind=PostKind.ZONE,
        name="原名",
        place="一组",
        duty="入户排查",
        households_covered=10,
        starts_on=datetime.date(2026, 1, 25),
    )
    return reverse("members:post_update", args=[post.pk]), post, "name"


def _cadre(tree, personas):
    cadre = CadreFactory(organization=tree.township_a, name="原名")
    return reverse("cadres:cadre_update", args=[cadre.pk]), cadre, "name"


def _organization(tree, personas):
    organization = tree.village_a
    return (
        reverse("organizations:organization_update", args=[organization.pk]),
        organization,
        "secretary_name",
    )


@pytest.mark.parametrize(
    "make",
    [_member, _post, _cadre, _organization],
    ids=["member", "post", "cadre", "organization"],
)
def test_the_second_of_two_concurrent_edits_is_refused(
    make, tree, personas, web, second_county_staff
):
    url, record, field = make(tree, personas)
    first = form_with(web("county_staff").get(url), field)
    second = form_with(second_county_staff.get(url), field)
    history_before = record.history.count()

    first[field] = "先保存的"
    assert first.submit().status_code == 302

    second[field] = "后保存的"
    refused = second.submit(status=200)
    assert "您的修改未保存" in refused.text
    assert "请重新打开页面" in refused.text

    record.refresh_from_db()
    assert getattr(record, field) == "先保存的"
    assert record.history.count() == history_before + 1

    reopened = form_with(second_county_staff.get(url), field)
    reopened[field] = "后保存的"
    assert reopened.submit().status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "后保存的"


def test_saving_twice_from_one_page_is_refused_the_second_time(tree, personas, web):
    url, member, _ = _member(tree, personas)
    form = form_with(web("county_staff").get(url), "name")
    form["name"] = "第一次"
    assert form.submit().status_code == 302
    form["name"] = "第二次"
    assert form.submit(status=200).status_code == 200
    assert Member.objects.get(pk=member.pk).name == "第一次"
