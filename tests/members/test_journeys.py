"""The issue's journeys through the browser's forms, and bad input answered in Chinese."""

import datetime

import pytest
from django.urls import reverse

from members.choices import MemberStatus, Stage
from members.models import Activist, CareRecord, Member, Post, PostAssignment, Registration
from tests.factories import MemberFactory, id_number

D = datetime.date


def test_township_secretary_runs_the_front_line_and_the_county_sees_it(
    client_as, front, tree, personas
):
    town = client_as("township_a")
    # A responsibility zone with its members.
    response = town.post(
        reverse("members:post_create"),
        {
            "kind": "zone",
            "name": "甲村二组党员责任区",
            "organization": tree.village_a.pk,
            "place": "甲村二组",
            "duty": "包片入户排查",
            "households_covered": 64,
            "starts_on": "2026-02-01",
            "ends_on": "",
        },
    )
    zone = Post.objects.get(name="甲村二组党员责任区")
    assert response.status_code == 302 and response["Location"] == zone.get_absolute_url()
    for member in (front.a1, front.a2):
        response = town.post(
            reverse("members:post_assign", args=[zone.pk]),
            {"member": member.pk, "starts_on": "2026-02-01"},
        )
        assert response.status_code == 302
    assert set(zone.members.all()) == {front.a1, front.a2}
    assert zone.township == tree.township_a

    # Register a county-organ member as 入户排查员 ...
    organ = MemberFactory(
        organization=tree.organ_branch, name="县卫健委党员", category="county_organ"
    )
    response = town.post(
        reverse("members:registration_create"),
        {
            "id_number": organ.id_number,
            "name": "县卫健委党员",
            "organization": tree.village_a.pk,
            "role": "screener",
            "starts_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(member=organ)
    assert registration.role == "screener" and not registration.is_confirmed
    # ... and the village confirms it in one click.
    village = client_as("branch")
    assert (
        village.post(reverse("members:registration_confirm", args=[registration.pk])).status_code
        == 302
    )
    registration.refresh_from_db()
    assert registration.confirmed_by == personas.branch

    # Move an activist one stage on.
    response = town.post(
        reverse("members:activist_advance", args=[front.activist_a.pk]),
        {
            "stage": "activist",
            "happened_on": "2024-02-01",
            "performance": "卡口值守二十天",
        },
    )
    assert response.status_code == 302
    assert Activist.objects.get(pk=front.activist_a.pk).stage == Stage.ACTIVIST

    # Record a care item.
    response = town.post(
        reverse("members:care_create") + f"?member={front.a1.pk}",
        {
            "organization": tree.village_a.pk,
            "person_name": "",
            "difficulty": "爱人住院无人陪护",
            "reported_on": "2026-02-05",
        },
    )
    assert response.status_code == 302
    care = CareRecord.objects.get(difficulty="爱人住院无人陪护")
    assert care.member == front.a1 and care.person_name == "甲党员一"

    # The county sees all of it.
    county = client_as("county_staff")
    assert zone in county.get(reverse("members:post_list")).context["object_list"]
    assert registration in county.get(reverse("members:registration_list")).context["object_list"]
    assert care in county.get(reverse("members:care_list"), {"open": "yes"}).context["object_list"]
    activists = county.get(reverse("members:activist_list"), {"stage": "activist"})
    assert front.activist_a in activists.context["object_list"]


def _member_data(tree, **overrides):
    return {
        "name": "新党员",
        "id_number": id_number(birth=D(1990, 1, 1)),
        "phone": "13712345678",
        "ethnicity": "汉族",
        "education": "bachelor",
        "organization": tree.village_a.pk,
        "category": "employed",
        "joined_on": "2015-07-01",
        "full_member_on": "2016-07-01",
        **overrides,
    }


def test_registering_a_member_derives_what_it_can(client_as, tree):
    response = client_as("township_a").post(reverse("members:member_create"), _member_data(tree))
    member = Member.objects.get(name="新党员")
    assert response["Location"] == member.get_absolute_url()
    assert (member.birth_date, member.gender, member.status) == (
        D(1990, 1, 1),
        "male",
        MemberStatus.FULL,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "410702199001010011"}, "身份证号码校验位不正确"),
        ({"phone": "138123"}, "请填写 11 位大陆手机号码"),
        ({"joined_on": "2099-07-01", "full_member_on": ""}, "入党日期不能晚于今天"),
        ({"full_member_on": "2015-01-01"}, "转正日期必须晚于入党日期"),
        ({"organization": "999999"}, "选择一个有效的选项"),
    ],
)
def test_bad_member_input_is_explained_and_nothing_saved(client_as, tree, overrides, message):
    response = client_as("township_a").post(
        reverse("members:member_create"), _member_data(tree, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Member.objects.exists()


def test_a_member_outside_the_posts_period_is_refused(client_as, front):
    response = client_as("township_a").post(
        reverse("members:post_assign", args=[front.post_a.pk]),
        {"member": front.a2.pk, "starts_on": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "上岗日期必须在岗区期限（2026-01-25 至 长期）之内" in response.content.decode()
    assert not PostAssignment.objects.filter(member=front.a2).exists()


def test_a_member_of_another_township_cannot_be_put_on_a_post(client_as, front):
    response = client_as("county_staff").post(
        reverse("members:post_assign", args=[front.post_a.pk]), {"member": front.b1.pk}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not PostAssignment.objects.filter(member=front.b1).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"role": "cook"}, "选择一个有效的选项"),
        ({"name": "别人"}, "没有找到身份证号码与姓名都相符的在册县直机关党员"),
        ({"starts_on": "2026-02-10"}, "时间重叠，不能重复登记"),
        ({"ends_on": "2026-01-01"}, "结束日期不能早于开始日期"),
    ],
)
def test_bad_registrations_are_explained_and_nothing_saved(
    client_as, front, tree, overrides, message
):
    data = {
        "id_number": front.organ.id_number,
        "name": "县直党员",
        "organization": tree.village_a.pk,
        "role": "screener",
        "starts_on": "2026-03-01",
        **overrides,
    }
    response = client_as("township_a").post(reverse("members:registration_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_sending_side_sees_but_cannot_confirm(client_as, front, client):
    client.force_login(front.organ_secretary)
    page = client.get(reverse("members:registration_list"))
    assert list(page.context["object_list"]) == [front.registration]
    url = reverse("members:registration_confirm", args=[front.registration.pk])
    assert client.post(url).status_code == 403
    front.registration.refresh_from_db()
    assert not front.registration.is_confirmed


def test_an_activist_step_needing_an_exception_shows_why(client_as, front):
    client = client_as("township_a")
    url = reverse("members:activist_advance", args=[front.activist_a.pk])
    client.post(url, {"stage": "activist", "happened_on": "2024-02-01", "performance": "x"})
    response = client.post(
        url, {"stage": "candidate", "happened_on": "2024-05-01", "performance": "突击排查"}
    )
    assert response.status_code == 200
    assert "不满一年" in response.content.decode()
    assert Activist.objects.get(pk=front.activist_a.pk).stage == Stage.ACTIVIST


def test_placard_shows_post_members_and_a_way_to_reach_them(client_as, front, tree):
    page = (
        client_as("township_a")
        .get(reverse("members:post_placard", args=[front.post_a.pk]), {"size": "a5"})
        .content.decode()
    )
    assert "党员责任区" in page and "甲村责任区" in page and "甲党员一" in page
    assert tree.village_a.contact_phone in page
    assert front.a1.phone not in page
    assert 'class="a5"' in page
