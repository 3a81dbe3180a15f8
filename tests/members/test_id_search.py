"""A search by ID number is a reveal: only for roles that may see ID numbers, and recorded.

Issue #15 item 1: a leader sees the masked number and the birth year-month; had the search
matched full numbers, two or three guesses at the check digit would recover the number.
"""

from django.urls import reverse

from organizations.models import PersonalDataReveal
from tests.web import form_with


def _search(web, persona, value):
    page = web(persona).get(reverse("members:member_list"))
    form = form_with(page, "q")
    form["q"] = value
    return form.submit()


def test_a_leader_searching_an_exact_id_number_finds_nothing_and_nothing_is_recorded(web, front):
    page = _search(web, "leader", front.a1.id_number)
    assert front.a1.name not in page.text
    assert list(page.context["object_list"]) == []
    assert not PersonalDataReveal.objects.exists()


def _search_label(web, persona, url_name="members:member_list"):
    page = web(persona).get(reverse(url_name))
    return page.html.find("label", {"for": "id_q"}).get_text(strip=True)


def test_the_search_box_says_what_it_searches_for_each_role(web):
    assert _search_label(web, "leader") == "姓名"
    assert _search_label(web, "county_staff") == "姓名或完整身份证号码"
    assert _search_label(web, "leader", "members:activist_list") == "姓名"


def test_county_staff_find_by_id_number_and_each_search_is_recorded(web, front, personas):
    page = _search(web, "county_staff", front.a1.id_number)
    assert list(page.context["object_list"]) == [front.a1]
    page = _search(web, "county_staff", front.a1.id_number.lower())
    assert list(page.context["object_list"]) == [front.a1]
    records = list(PersonalDataReveal.objects.order_by("pk"))
    assert len(records) == 2
    for record in records:
        assert (record.user, record.subject) == (personas.county_staff, front.a1)
        assert record.fields == "按身份证号码查找党员"
        assert front.a1.id_number not in record.fields


def test_an_id_number_search_that_finds_nobody_is_recorded_without_the_number(web, front, personas):
    unknown = front.a1.id_number[:-4] + "0000"
    page = _search(web, "county_staff", unknown)
    assert list(page.context["object_list"]) == []
    record = PersonalDataReveal.objects.get()
    assert (record.user, record.subject) == (personas.county_staff, personas.county_staff)
    assert unknown not in record.fields and "未找到" in record.fields


def test_a_name_search_is_not_a_reveal(web, front):
    page = _search(web, "leader", "甲党员")
    assert set(page.context["object_list"]) == {front.a1, front.a2}
    assert not PersonalDataReveal.objects.exists()


def test_a_leader_cannot_find_an_activist_by_id_number_either(web, front):
    page = web("leader").get(reverse("members:activist_list"))
    form = form_with(page, "q")
    form["q"] = front.activist_a.id_number
    page = form.submit()
    assert list(page.context["object_list"]) == []
    assert not PersonalDataReveal.objects.exists()
    page = web("county_staff").get(reverse("members:activist_list"))
    form = form_with(page, "q")
    form["q"] = front.activist_a.id_number
    assert list(form.submit().context["object_list"]) == [front.activist_a]
    assert PersonalDataReveal.objects.get().fields == "按身份证号码查找入党积极分子"


def test_the_admin_site_search_by_id_number_is_recorded_and_a_name_search_is_not(web, front):
    admin = web("admin")
    page = admin.get(reverse("admin:members_member_changelist"))
    form = page.forms["changelist-search"]
    form["q"] = front.a1.id_number
    page = form.submit()
    assert list(page.context["cl"].result_list) == [front.a1]
    record = PersonalDataReveal.objects.get()
    assert (record.user.username, record.subject, record.reason) == ("admin", front.a1, "id_search")
    assert front.a1.id_number not in record.fields
    form = page.forms["changelist-search"]
    form["q"] = "甲党员"
    page = form.submit()
    assert set(page.context["cl"].result_list) == {front.a1, front.a2}
    assert PersonalDataReveal.objects.count() == 1
