"""The members forms as their pages render them (WebTest): each form filled as a person fills
it, submitted, and the database read afterwards; bad input answered in Chinese."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from members.choices import MemberStatus, Stage
from members.models import (
    Activist,
    ActivistEvent,
    CareRecord,
    Member,
    Post,
    PostAssignment,
    Registration,
)
from tests.conftest import sign_in
from tests.factories import id_number
from tests.web import form_with, web_app

D = datetime.date


def _deactivate(organization):
    organization.is_active = False
    organization.save()


def _options(field) -> set[str]:
    """The values a select offers, or a picker offers for no text typed."""
    if field.attrs.get("data-autocomplete"):
        return set(field.form.offered(field.name))
    return {value for value, _selected, _label in field.options if value}


# ---- The register ------------------------------------------------------------------------


def _fill_member(form, tree, **overrides):
    values = {
        "name": "新党员",
        "id_number": id_number(birth=D(1990, 1, 1)),
        "phone": "13712345678",
        "ethnicity": "汉族",
        "education": "bachelor",
        "organization": str(tree.village_a.pk),
        "category": "employed",
        "joined_on": "2015-07-01",
        "full_member_on": "2016-07-01",
        **overrides,
    }
    for name, value in values.items():
        form[name] = value
    return form


def test_registering_a_member_derives_what_it_can(web, tree, personas):
    page = web("township_a").get(reverse("members:member_create"))
    page = _fill_member(form_with(page, "id_number"), tree).submit().follow()
    member = Member.objects.get(name="新党员")
    assert page.request.path == member.get_absolute_url()
    assert "已登记党员“新党员”" in page.text
    assert (member.birth_date, member.gender, member.status, member.organization) == (
        D(1990, 1, 1),
        "male",
        MemberStatus.FULL,
        tree.village_a,
    )
    assert member.history.get().history_user == personas.township_a


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "410702199001010011"}, "身份证号码校验位不正确"),
        ({"phone": "138123"}, "请填写 11 位大陆手机号码"),
        ({"joined_on": "2099-07-01", "full_member_on": ""}, "入党日期不能晚于今天"),
        ({"full_member_on": "2015-01-01"}, "转正日期必须晚于入党日期"),
    ],
)
def test_bad_member_input_is_explained_and_nothing_saved(web, tree, overrides, message):
    page = web("township_a").get(reverse("members:member_create"))
    page = _fill_member(form_with(page, "id_number"), tree, **overrides).submit(status=200)
    assert message in page.text
    assert not Member.objects.exists()


def test_the_county_organ_category_is_offered_only_where_county_organs_are(web, front, tree):
    def categories(browser):
        form = form_with(browser.get(reverse("members:member_create")), "id_number")
        return _options(form["category"])

    assert "county_organ" not in categories(web("township_a"))
    assert "county_organ" not in categories(web("branch"))
    assert "county_organ" in categories(web_app(front.organ_secretary, sign_in=sign_in))
    county = web("county_staff")
    assert "county_organ" in categories(county)
    page = county.get(reverse("members:member_create"))
    form = _fill_member(form_with(page, "id_number"), tree, category="county_organ")
    assert "必须属于县直单位" in form.submit(status=200).text
    assert not Member.objects.filter(name="新党员").exists()
    # A county-organ member's own edit page keeps the member's category.
    edit = web_app(front.organ_secretary, sign_in=sign_in).get(
        reverse("members:member_update", args=[front.organ.pk])
    )
    assert form_with(edit, "name")["category"].value == "county_organ"


def test_a_member_is_placed_only_in_a_working_branch_of_the_scope(web, tree):
    _deactivate(tree.sub_a)
    form = form_with(web("township_a").get(reverse("members:member_create")), "id_number")
    assert _options(form["organization"]) == {str(tree.village_a.pk)}
    with pytest.raises(ValueError):
        form["organization"] = str(tree.sub_a.pk)


def test_editing_a_member_keeps_history_and_masks_the_phone(web, front, personas):
    browser = web("township_a")
    page = browser.get(reverse("members:member_update", args=[front.a2.pk]))
    form = form_with(page, "phone")
    assert form["version"].value  # the version the page was opened at
    form["phone"] = "13955556666"
    page = form.submit().follow()
    member = Member.objects.get(pk=front.a2.pk)
    assert member.phone == "13955556666" and member.is_active
    assert member.history.count() == 2
    assert member.history.first().history_user == personas.township_a
    assert "138****1111 → 139****6666" in page.text
    assert "13955556666" not in page.text


def test_unticking_on_the_register_takes_the_member_off_it(web, front):
    page = web("township_a").get(reverse("members:member_update", args=[front.a2.pk]))
    form = form_with(page, "is_active")
    form["is_active"] = False
    form.submit().follow()
    assert not Member.objects.get(pk=front.a2.pk).is_active


def test_a_stale_copy_of_the_edit_page_is_refused(web, front):
    url = reverse("members:member_update", args=[front.a1.pk])
    first = form_with(web("township_a").get(url), "name")
    second = form_with(web("branch").get(url), "name")
    first["name"] = "先保存的"
    first.submit().follow()
    second["name"] = "后保存的"
    refused = second.submit(status=200)
    assert "您的修改未保存" in refused.text and "请重新打开页面" in refused.text
    member = Member.objects.get(pk=front.a1.pk)
    assert member.name == "先保存的"
    assert member.history.count() == 2
    # Submitting the refused page again is refused again: it still carries the old version.
    assert "您的修改未保存" in form_with(refused, "name").submit(status=200).text
    reopened = form_with(web("branch").get(url), "name")
    reopened["name"] = "后保存的"
    reopened.submit().follow()
    assert Member.objects.get(pk=front.a1.pk).name == "后保存的"


def test_a_member_of_a_deactivated_branch_can_still_be_edited(web, front, tree):
    _deactivate(tree.village_a)
    browser = web("township_a")
    create = form_with(browser.get(reverse("members:member_create")), "id_number")
    assert str(tree.village_a.pk) not in _options(create["organization"])
    form = form_with(browser.get(reverse("members:member_update", args=[front.a1.pk])), "name")
    assert form["organization"].value == str(tree.village_a.pk)
    form["ethnicity"] = "回族"
    form.submit().follow()
    member = Member.objects.get(pk=front.a1.pk)
    assert (member.ethnicity, member.organization) == ("回族", tree.village_a)


# ---- 到属地报到 -----------------------------------------------------------------------------


def _fill_registration(form, front, tree, **overrides):
    values = {
        "id_number": front.organ.id_number,
        "name": "县直党员",
        "organization": str(tree.village_a.pk),
        "role": "publicity",
        "starts_on": "2026-03-01",
        **overrides,
    }
    for name, value in values.items():
        form[name] = value
    return form


def test_register_then_the_village_confirms_from_the_registrations_page(web, front, tree, personas):
    page = web("township_a").get(reverse("members:registration_create"))
    _fill_registration(form_with(page, "id_number"), front, tree).submit().follow()
    registration = Registration.objects.get(member=front.organ, role="publicity")
    assert (registration.organization, registration.starts_on) == (tree.village_a, D(2026, 3, 1))
    assert not registration.is_confirmed
    assert registration.history.get().history_user == personas.township_a

    village = web("branch")
    listing = village.get(reverse("members:registration_list"))
    confirm_url = reverse("members:registration_confirm", args=[registration.pk])
    assert not [form for form in listing.forms.values() if form.action == confirm_url]
    detail = listing.click(
        "确认报到", href=reverse("members:registration_detail", args=[registration.pk])
    )
    assert (
        "确认 县直党员（县卫健委机关党支部）已到甲村党支部报到，担任疫情防控宣传员" in detail.text
    )
    assert "确认后不能撤销" in detail.text
    assert Registration.objects.get(pk=registration.pk).confirmed_at is None
    confirm = next(form for form in detail.forms.values() if form.action == confirm_url)
    page = confirm.submit().follow()
    assert "已确认 县直党员 报到" in page.text
    registration.refresh_from_db()
    assert registration.confirmed_by == personas.branch and registration.is_confirmed
    assert registration.history.first().history_user == personas.branch
    detail = village.get(reverse("members:registration_detail", args=[registration.pk]))
    assert "确认后不能撤销" not in detail.text and "已确认" in detail.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "别人"}, "没有找到身份证号码与姓名都相符的在册县直机关党员"),
        ({"role": "screener", "starts_on": "2026-02-10"}, "时间重叠，不能重复登记"),
        ({"ends_on": "2026-01-01"}, "结束日期不能早于开始日期"),
    ],
)
def test_bad_registrations_are_explained_and_nothing_saved(web, front, tree, overrides, message):
    page = web("township_a").get(reverse("members:registration_create"))
    page = _fill_registration(form_with(page, "id_number"), front, tree, **overrides)
    assert message in page.submit(status=200).text
    assert Registration.objects.count() == 1


def test_a_deactivated_village_is_not_offered_for_registration(web, front, tree):
    _deactivate(tree.sub_a)
    form = form_with(web("township_a").get(reverse("members:registration_create")), "id_number")
    offered = _options(form["organization"])
    assert str(tree.village_a.pk) in offered
    assert str(tree.sub_a.pk) not in offered
    with pytest.raises(ValueError):
        form["organization"] = str(tree.sub_a.pk)


def test_the_sending_side_sees_but_cannot_confirm(front, client):
    browser = web_app(front.organ_secretary, sign_in=sign_in)
    listing = browser.get(reverse("members:registration_list"))
    assert "县直党员" in listing.text and "确认报到" not in listing.text
    detail = browser.get(reverse("members:registration_detail", args=[front.registration.pk]))
    assert "确认后不能撤销" not in detail.text
    client.force_login(front.organ_secretary)
    url = reverse("members:registration_confirm", args=[front.registration.pk])
    assert client.post(url).status_code == 403
    front.registration.refresh_from_db()
    assert not front.registration.is_confirmed


# ---- 火线发展 -------------------------------------------------------------------------------


def test_an_applicant_is_registered_with_the_first_event(web, tree, personas):
    page = web("township_a").get(reverse("members:activist_create"))
    form = form_with(page, "applied_on")
    for name, value in {
        "name": "刘洋",
        "id_number": id_number(birth=D(1996, 8, 1)),
        "phone": "13611112222",
        "education": "college",
        "organization": str(tree.village_a.pk),
        "applied_on": "2024-01-30",
        "performance": "主动请缨值守卡口",
    }.items():
        form[name] = value
    page = form.submit().follow()
    activist = Activist.objects.get(name="刘洋")
    assert page.request.path == activist.get_absolute_url()
    assert (activist.stage, activist.organization, activist.birth_date) == (
        Stage.APPLICANT,
        tree.village_a,
        D(1996, 8, 1),
    )
    event = activist.events.get()
    assert (event.happened_on, event.performance, event.recorded_by) == (
        D(2024, 1, 30),
        "主动请缨值守卡口",
        personas.township_a,
    )
    assert activist.history.get().history_user == personas.township_a


def _step(browser, activist, day, performance="一线表现突出"):
    """Fill the next-step form on the activist's page; returns the page that answers."""
    form = form_with(browser.get(activist.get_absolute_url()), "performance")
    form["happened_on"] = day
    form["performance"] = performance
    return form.submit(status=200)


def test_only_the_next_stage_is_offered(web, front):
    form = form_with(web("township_a").get(front.activist_a.get_absolute_url()), "performance")
    assert [value for value, _selected, _label in form["stage"].options] == [Stage.ACTIVIST]


def test_going_back_from_the_confirmation_keeps_what_was_typed(web, front):
    asked = _step(web("township_a"), front.activist_a, "2024-02-01", performance="卡口值守二十天")
    back = form_with(asked, "confirmed").submit("back", status=200)
    form = form_with(back, "performance")
    assert (form["performance"].value, form["happened_on"].value) == (
        "卡口值守二十天",
        "2024-02-01",
    )
    assert Activist.objects.get(pk=front.activist_a.pk).stage == Stage.APPLICANT
    assert ActivistEvent.objects.filter(activist=front.activist_a).count() == 1


# ---- 关心关爱 -------------------------------------------------------------------------------


def test_a_care_item_from_the_members_page_is_followed_to_the_end(web, front, tree, personas):
    browser = web("township_a")
    detail = browser.get(front.a1.get_absolute_url())
    page = detail.click(href=re.escape(reverse("members:care_create") + f"?member={front.a1.pk}"))
    form = form_with(page, "difficulty")
    assert form["organization"].value == str(tree.village_a.pk)
    form["difficulty"] = "爱人住院无人陪护"
    form["reported_on"] = "2026-02-05"
    page = form.submit().follow()
    care = CareRecord.objects.get(difficulty="爱人住院无人陪护")
    assert (care.member, care.person_name, care.recorded_by) == (
        front.a1,
        "甲党员一",
        personas.township_a,
    )
    assert page.request.path == reverse("members:care_detail", args=[care.pk])

    form = form_with(page, "action")
    form["action"] = "安排志愿者陪护"
    form["resolved_on"] = "2026-02-07"
    asked = form.submit(status=200)
    assert "将把 甲党员一 的困难“爱人住院无人陪护”标记为已解决，解决日期 2026-02-07" in asked.text
    assert CareRecord.objects.get(pk=care.pk).is_open
    page = form_with(asked, "confirmed").submit().follow()
    assert "已标记为解决" in page.text
    care.refresh_from_db()
    assert (care.action, care.resolved_on) == ("安排志愿者陪护", D(2026, 2, 7))
    assert care.history.count() == 2
    assert "action" not in {name for form in page.forms.values() for name in form.fields}


def test_care_for_someone_not_on_the_register_needs_a_name(web, tree):
    browser = web("township_a")
    form = form_with(browser.get(reverse("members:care_create")), "difficulty")
    form["organization"] = str(tree.township_a.pk)
    form["difficulty"] = "连续值守，家中老人生病"
    assert "这个字段是必填项" in form.submit(status=200).text
    assert not CareRecord.objects.exists()
    form = form_with(browser.get(reverse("members:care_create")), "difficulty")
    form["organization"] = str(tree.township_a.pk)
    form["person_name"] = "副镇长李强"
    form["difficulty"] = "连续值守，家中老人生病"
    form.submit().follow()
    care = CareRecord.objects.get()
    assert (care.person_name, care.member, care.organization) == (
        "副镇长李强",
        None,
        tree.township_a,
    )


def test_care_is_assigned_only_to_working_organizations(web, tree):
    _deactivate(tree.general_a)
    form = form_with(web("township_a").get(reverse("members:care_create")), "difficulty")
    assert str(tree.general_a.pk) not in _options(form["organization"])
    assert str(tree.village_a.pk) in _options(form["organization"])


def test_a_resolution_dated_before_the_report_is_refused_before_asking(web, front):
    form = form_with(
        web("branch").get(reverse("members:care_detail", args=[front.care_a.pk])), "action"
    )
    form["action"] = "送去口罩"
    form["resolved_on"] = "2026-01-01"
    page = form.submit(status=200)
    assert "解决日期不能早于登记日期" in page.text and "确认后不能撤销" not in page.text
    assert CareRecord.objects.get(pk=front.care_a.pk).is_open


# ---- The front line as a township runs it, and the county sees it ---------------------------


def test_township_secretary_runs_the_front_line_and_the_county_sees_it(web, front, tree):
    town = web("township_a")
    form = form_with(town.get(reverse("members:post_create")), "households_covered")
    for name, value in {
        "kind": "zone",
        "name": "甲村二组党员责任区",
        "organization": str(tree.village_a.pk),
        "place": "甲村二组",
        "duty": "包片入户排查",
        "households_covered": "64",
        "starts_on": "2026-02-01",
    }.items():
        form[name] = value
    page = form.submit().follow()
    zone = Post.objects.get(name="甲村二组党员责任区")
    assert page.request.path == zone.get_absolute_url()
    for member in (front.a1, front.a2):
        form = form_with(town.get(zone.get_absolute_url()), "member")
        form["member"] = str(member.pk)
        form["starts_on"] = "2026-02-01"
        form.submit().follow()
    assert set(zone.members.all()) == {front.a1, front.a2}
    assert zone.township == tree.township_a

    county = web("county_staff")
    assert "甲村二组党员责任区" in county.get(reverse("members:post_list")).text
    assert "县直党员" in county.get(reverse("members:registration_list")).text
    assert "甲积极分子" in county.get(reverse("members:activist_list"), {"stage": "applicant"}).text


def test_a_member_outside_the_posts_period_is_refused(web, front):
    form = form_with(web("township_a").get(front.post_a.get_absolute_url()), "member")
    form["member"] = str(front.a2.pk)
    form["starts_on"] = "2026-01-01"
    response = form.submit(status=200)
    assert "上岗日期必须在岗区期限（2026-01-25 至 长期）之内" in response.text
    assert not PostAssignment.objects.filter(member=front.a2).exists()


def test_a_member_of_another_township_cannot_be_put_on_a_post(client_as, front):
    response = client_as("county_staff").post(
        reverse("members:post_assign", args=[front.post_a.pk]), {"member": front.b1.pk}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not PostAssignment.objects.filter(member=front.b1).exists()


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


# ---- Pages opened before someone else acted ------------------------------------------------


def test_a_step_taken_meanwhile_by_someone_else_is_explained(web, front):
    activist = front.activist_a
    stale = form_with(web("branch").get(activist.get_absolute_url()), "performance")
    asked = _step(web("township_a"), activist, "2024-02-01")
    form_with(asked, "confirmed").submit().follow()
    stale["happened_on"] = "2024-02-02"
    stale["performance"] = "同一步，另一人"
    refused = stale.submit(status=200)
    assert "不能退回或重复：当前已是“入党积极分子”" in refused.text
    assert list(activist.events.values_list("stage", flat=True)) == ["applicant", "activist"]


def test_a_care_item_resolved_meanwhile_is_not_resolved_twice(web, front):
    url = reverse("members:care_detail", args=[front.care_a.pk])
    stale = form_with(web("branch").get(url), "action")
    form = form_with(web("township_a").get(url), "action")
    form["action"] = "送去口罩"
    form_with(form.submit(status=200), "confirmed").submit().follow()
    stale["action"] = "再送一次"
    refused = stale.submit(status=200)
    assert "该事项已于" in refused.text
    care = CareRecord.objects.get(pk=front.care_a.pk)
    assert care.action == "送去口罩" and care.history.count() == 2


# ---- Dates a form can know ------------------------------------------------------------------


def test_dates_default_to_today(web, front):
    today = timezone.localdate().isoformat()
    browser = web("township_a")
    registration = form_with(browser.get(reverse("members:registration_create")), "id_number")
    discipline = form_with(
        browser.get(reverse("members:discipline_create", args=[front.a1.pk]) + "?kind=handling"),
        "facts",
    )
    assert (registration["starts_on"].value, discipline["decided_on"].value) == (today, today)


def test_a_double_tap_on_save_registers_a_care_item_once(web, front, tree):
    page = web("township_a").get(reverse("members:care_create") + f"?member={front.a1.pk}")
    form = form_with(page, "difficulty")
    form["difficulty"] = "爱人住院无人陪护"
    form.submit().follow()
    again = form.submit(status=200)
    assert "这一事项已经登记，未重复登记" in again.text
    assert CareRecord.objects.filter(member=front.a1).count() == 1
