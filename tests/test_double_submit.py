"""Double submits (issue #15, item 11): ten identical posts at the same moment get what
one post after another gets — the same page, the same Chinese message, one row — and
never a 500.

Each race has a sequential twin that runs on every database and shows the answer the race
must give. The races need PostgreSQL: there the second writer really waits for the first
(a row lock, or the unique index), as it does behind gunicorn in production.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from funds.models import Appropriation
from members.models import Activist, Member
from organizations.choices import OrganizationKind
from organizations.models import Organization
from reports.models import Acknowledgement, StatusReport
from reports.services import notice_directive_ensure
from tests.factories import id_number
from tests.web import form_with

RACERS = 10

D = datetime.date

race = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a race needs PostgreSQL (CI): SQLite never lets two writers in at once",
)


def submitted_at_once(forms: list) -> list:
    """Submit each filled form from its own thread (its own database connection), all
    released at the same instant; the responses, or what a thread raised."""
    start = threading.Barrier(len(forms))
    responses = [None] * len(forms)

    def submit(index):
        try:
            start.wait()
            responses[index] = forms[index].submit(expect_errors=True)
        except Exception as error:  # kept for the assertion below
            responses[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def answer(response) -> tuple:
    """What the user is told: the status, the page they land on, and its messages (alerts
    and field errors, with their colour)."""
    page = response.follow() if response.status_int == 302 else response
    notes = tuple(
        (" ".join(node["class"]), node.get_text(" ", strip=True))
        for node in page.html.select("main .alert, .invalid-feedback")
    )
    return response.status_int, page.request.path, notes


def answers_to_race(forms: list) -> list[tuple]:
    responses = submitted_at_once(forms)
    raised = [r for r in responses if not hasattr(r, "status_int")]
    assert not raised, raised
    assert [r.status_int for r in responses if r.status_int >= 500] == []
    return [answer(response) for response in responses]


def said(answer_: tuple) -> str:
    return " ".join(text for _, text in answer_[2])


# ---- 情况报送: filing again updates the one report ------------------------------------------


def _report_form(web, tree):
    form = form_with(web("township_a").get(reverse("reports:report_file")), "highlights")
    form["highlights"] = "卡口 24 小时值守"
    form["risk"] = "watch"
    return form


def _filed(tree):
    return StatusReport.objects.filter(organization=tree.township_a)


@pytest.mark.django_db
def test_a_report_filed_twice_is_one_report(web, tree):
    first = answer(_report_form(web, tree).submit())
    again = answer(_report_form(web, tree).submit())
    assert first == again and first[0] == 302 and "已报送" in said(again)
    report = _filed(tree).get()
    assert (report.highlights, report.history.count()) == ("卡口 24 小时值守", 2)


@race
@on_postgresql
def test_a_report_filed_ten_times_at_once_is_one_report(web, tree):
    answers = answers_to_race([_report_form(web, tree) for _ in range(RACERS)])
    again = answer(_report_form(web, tree).submit())
    assert answers == [again] * RACERS and "已报送" in said(again)
    report = _filed(tree).get()
    assert report.history.count() == RACERS + 1  # each filing updated the one report


# ---- 签收: a second click changes nothing ------------------------------------------------


def _acknowledge_form(web, directive):
    page = web("township_a").get(reverse("reports:directive_detail", args=[directive.pk]))
    url = reverse("reports:directive_acknowledge", args=[directive.pk])
    return next(form for form in page.forms.values() if form.action == url)


@pytest.mark.django_db
def test_a_directive_acknowledged_twice_is_acknowledged_once(web, tree):
    directive = notice_directive_ensure()
    form, late = _acknowledge_form(web, directive), _acknowledge_form(web, directive)
    first = answer(form.submit())
    again = answer(late.submit())  # opened before the first click landed
    assert first[2] == (("alert alert-success", "已签收。"),)
    assert again[2] == (("alert alert-danger", "已签收。"),)
    assert Acknowledgement.objects.filter(directive=directive).count() == 1


@race
@on_postgresql
def test_a_directive_acknowledged_ten_times_at_once_is_acknowledged_once(web, tree):
    directive = notice_directive_ensure()
    forms = [_acknowledge_form(web, directive) for _ in range(RACERS + 1)]
    answers = answers_to_race(forms[:RACERS])
    again = answer(forms[RACERS].submit())
    assert again[2] == (("alert alert-danger", "已签收。"),)
    assert answers.count(again) == RACERS - 1
    [first] = [a for a in answers if a != again]
    assert first[2] == (("alert alert-success", "已签收。"),)
    assert Acknowledgement.objects.filter(directive=directive).count() == 1


# ---- 登记党员: one ID number, one member ----------------------------------------------------


def _member_form(web, tree, number):
    form = form_with(web("township_a").get(reverse("members:member_create")), "id_number")
    for name, value in {
        "name": "新党员",
        "id_number": number,
        "phone": "13712345678",
        "ethnicity": "汉族",
        "education": "bachelor",
        "organization": str(tree.village_a.pk),
        "category": "employed",
        "joined_on": "2015-07-01",
        "full_member_on": "2016-07-01",
    }.items():
        form[name] = value
    return form


@pytest.mark.django_db
def test_a_member_registered_twice_is_refused_the_second_time(web, tree):
    number = id_number(birth=D(1990, 1, 1))
    first = answer(_member_form(web, tree, number).submit())
    again = answer(_member_form(web, tree, number).submit())
    assert first[0] == 302 and "已登记党员“新党员”" in said(first)
    assert again[0] == 200 and "身份证号码" in said(again)
    assert Member.objects.filter(id_number=number).count() == 1


@race
@on_postgresql
def test_a_member_registered_ten_times_at_once_is_one_member(web, tree):
    number = id_number(birth=D(1990, 1, 1))
    answers = answers_to_race([_member_form(web, tree, number) for _ in range(RACERS)])
    again = answer(_member_form(web, tree, number).submit())
    assert again[0] == 200 and "身份证号码" in said(again)
    assert answers.count(again) == RACERS - 1
    [first] = [a for a in answers if a != again]
    assert first[0] == 302 and "已登记党员“新党员”" in said(first)
    member = Member.objects.get(id_number=number)
    assert member.history.count() == 1


# ---- 火线发展对象: one ID number, one applicant ---------------------------------------------


def _activist_form(web, tree, number):
    form = form_with(web("township_a").get(reverse("members:activist_create")), "applied_on")
    for name, value in {
        "name": "刘洋",
        "id_number": number,
        "phone": "13611112222",
        "education": "college",
        "organization": str(tree.village_a.pk),
        "applied_on": "2024-01-30",
        "performance": "主动请缨值守卡口",
    }.items():
        form[name] = value
    return form


@pytest.mark.django_db
def test_an_applicant_registered_twice_is_refused_the_second_time(web, tree):
    number = id_number(birth=D(1996, 8, 1))
    first = answer(_activist_form(web, tree, number).submit())
    again = answer(_activist_form(web, tree, number).submit())
    assert first[0] == 302 and again[0] == 200 and "身份证号码" in said(again)
    assert Activist.objects.filter(id_number=number).count() == 1


@race
@on_postgresql
def test_an_applicant_registered_ten_times_at_once_is_one_applicant(web, tree):
    number = id_number(birth=D(1996, 8, 1))
    answers = answers_to_race([_activist_form(web, tree, number) for _ in range(RACERS)])
    again = answer(_activist_form(web, tree, number).submit())
    assert again[0] == 200 and "身份证号码" in said(again)
    assert answers.count(again) == RACERS - 1
    [first] = [a for a in answers if a != again]
    assert first[0] == 302
    activist = Activist.objects.get(id_number=number)
    assert activist.events.count() == 1


# ---- 专项党费批次: one document number, one batch -------------------------------------------


def _appropriation_form(web):
    form = form_with(web("county_staff").get(reverse("funds:appropriation_create")), "amount")
    form["source"] = "county"
    form["document_number"] = "丰组〔2026〕12号"
    form["issued_on"] = "2026-02-01"
    form["amount"] = "80,000.00"
    return form


@pytest.mark.django_db
def test_a_batch_registered_twice_is_refused_the_second_time(web, tree):
    first = answer(_appropriation_form(web).submit())
    again = answer(_appropriation_form(web).submit())
    assert first[0] == 302 and "已登记：丰组〔2026〕12号" in said(first)
    assert again[0] == 200 and "文号" in said(again)
    assert Appropriation.objects.filter(document_number="丰组〔2026〕12号").count() == 1


@race
@on_postgresql
def test_a_batch_registered_ten_times_at_once_is_one_batch(web, tree):
    answers = answers_to_race([_appropriation_form(web) for _ in range(RACERS)])
    again = answer(_appropriation_form(web).submit())
    assert again[0] == 200 and "文号" in said(again)
    assert answers.count(again) == RACERS - 1
    [first] = [a for a in answers if a != again]
    assert first[0] == 302 and "已登记：丰组〔2026〕12号" in said(first)
    assert Appropriation.objects.filter(document_number="丰组〔2026〕12号").count() == 1


# ---- 临时党支部: each tap opens one, numbered in turn ----------------------------------------


def _temporary_branch_form(web, tree):
    url = reverse("organizations:temporary_branch_create", args=[tree.township_a.pk])
    form = form_with(web("township_a").get(url), "households_covered")
    form["name"] = "高速路口疫情防控临时党支部"
    form["secretary_name"] = "赵刚"
    return form


def _temporary_codes(tree):
    branches = Organization.objects.filter(kind=OrganizationKind.TEMPORARY_BRANCH)
    return sorted(branches.values_list("code", flat=True))


@pytest.mark.django_db
def test_two_taps_on_opening_a_temporary_branch_open_two_numbered_in_turn(web, tree):
    first = answer(_temporary_branch_form(web, tree).submit())
    again = answer(_temporary_branch_form(web, tree).submit())
    assert first[0] == again[0] == 302 and "已成立" in said(again)
    code = tree.township_a.code
    assert _temporary_codes(tree) == [f"{code}-T01", f"{code}-T02"]


@race
@on_postgresql
def test_ten_taps_at_once_on_opening_a_temporary_branch_are_ten_taps_in_turn(web, tree):
    answers = answers_to_race([_temporary_branch_form(web, tree) for _ in range(RACERS)])
    assert [status for status, _, _ in answers] == [302] * RACERS
    assert all("已成立" in said(a) for a in answers)
    code = tree.township_a.code
    assert _temporary_codes(tree) == [f"{code}-T{n:02d}" for n in range(1, RACERS + 1)]
