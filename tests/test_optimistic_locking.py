"""Two people editing the same record: the second save is refused, not laid over the first.

Each edit page is opened by two signed-in users; the first saves, then the second saves
from the copy they opened earlier and is told to reload, and the database keeps the first
change only.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from members.choices import PostKind
from members.models import Member
from members.services import post_create
from tests.conftest import sign_in
from tests.factories import CadreFactory, MemberFactory, UserFactory


def form_data(response, **changes):
    """What the browser would send back: every field as the page filled it, plus changes."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    return {**data, **changes}


@pytest.fixture
def second_county_staff(personas):
    user = UserFactory(
        username="county2",
        role=personas.county_staff.role,
        organization=personas.county_staff.organization,
    )
    return sign_in(Client(), user)


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
    make, tree, personas, client_as, second_county_staff
):
    url, record, field = make(tree, personas)
    first = client_as("county_staff")
    second = second_county_staff
    first_page = first.get(url)
    second_page = second.get(url)
    history_before = record.history.count()

    saved = first.post(url, form_data(first_page, **{field: "先保存的"}))
    assert saved.status_code == 302, saved.context and saved.context["form"].errors

    refused = second.post(url, form_data(second_page, **{field: "后保存的"}))
    assert refused.status_code == 200
    assert "您的修改未保存" in refused.content.decode()
    assert "请重新打开页面" in refused.content.decode()

    record.refresh_from_db()
    assert getattr(record, field) == "先保存的"
    assert record.history.count() == history_before + 1

    reopened = second.get(url)
    assert second.post(url, form_data(reopened, **{field: "后保存的"})).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "后保存的"


def test_saving_twice_from_one_page_is_refused_the_second_time(tree, personas, client_as):
    url, member, _ = _member(tree, personas)
    client = client_as("county_staff")
    data = form_data(client.get(url), name="第一次")
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "name": "第二次"}).status_code == 200
    assert Member.objects.get(pk=member.pk).name == "第一次"
