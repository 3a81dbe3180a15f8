"""What an import and the member form give away, and what an import leaves on disk
(issue #15, items 5 and 6).

A township must not learn that a person is a party member elsewhere: an ID number held by a
member outside the user's scope is refused as "cannot be used here, ask the county", by the
import and by the member form alike, while a member inside the scope is still updated and
the county, which sees everyone, is still told the member exists. The uploaded file and its
kept result are deleted after the confirm and after `IMPORT_KEEP_MINUTES`, and the kept
result never holds a full ID number.
"""

import datetime
import io
import os
import time

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import Activist, Member
from members.services import activist_create
from organizations.personal import mask_id_number
from tests.factories import MemberFactory
from tests.members.test_journeys import _fill_member
from tests.test_imports import confirm, dry_run, good_row, post_from, workbook
from tests.web import form_with

MEMBERS = reverse("members:member_import")
NOT_HERE = "该身份证号码不能在此登记或导入，请与县委组织部联系。"
EXISTS = "已存在"


@pytest.fixture
def media(settings, tmp_path):
    """A media folder of the test's own, so the files one test leaves are its own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "imports"


def kept_files(media):
    return sorted(path.name for path in media.iterdir()) if media.exists() else []


# Item 5: an ID number outside the scope ----------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "elsewhere"), [("township_a", "community_b"), ("branch", "sub_a")]
)
def test_an_import_says_only_that_an_id_number_from_outside_the_scope_cannot_be_used_here(
    web, tree, persona, elsewhere
):
    theirs = MemberFactory(organization=getattr(tree, elsewhere), name="外单位党员")
    ours = MemberFactory(organization=tree.village_a, name="原名")
    outside, inside = good_row(name="甲方"), good_row(name="新名")
    outside[1], inside[1] = theirs.id_number, ours.id_number
    page = dry_run(web(persona), MEMBERS, workbook([outside, inside]))
    refused, updated = page.context["results"]
    assert refused.errors == [("身份证号码", NOT_HERE)]
    assert EXISTS not in page.text and "外单位党员" not in page.text
    assert updated.errors == [] and updated.action == "更新"
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert (theirs.name, ours.name) == ("外单位党员", "原名")


def test_the_member_form_tells_only_who_sees_the_member_that_it_exists(web, tree):
    theirs = MemberFactory(organization=tree.community_b, name="乙方党员")
    ours = MemberFactory(organization=tree.village_a, name="甲方党员")
    browser = web("township_a")
    form = form_with(browser.get(reverse("members:member_create")), "id_number")
    page = _fill_member(form, tree, id_number=theirs.id_number).submit(status=200)
    assert NOT_HERE in page.text and EXISTS not in page.text
    # Its own member it sees anyway: told plainly that the member is already registered.
    form = form_with(browser.get(reverse("members:member_create")), "id_number")
    page = _fill_member(form, tree, id_number=ours.id_number).submit(status=200)
    assert EXISTS in page.text and NOT_HERE not in page.text
    # Nor does changing a member's ID number to someone else's give it away.
    form = form_with(browser.get(reverse("members:member_update", args=[ours.pk])), "id_number")
    form["id_number"] = theirs.id_number
    page = form.submit(status=200)
    assert NOT_HERE in page.text and EXISTS not in page.text
    assert Member.objects.count() == 2
    ours.refresh_from_db()
    assert ours.id_number != theirs.id_number and ours.name == "甲方党员"
    # The county sees everyone, so it is told.
    form = form_with(web("county_staff").get(reverse("members:member_create")), "id_number")
    page = _fill_member(form, tree, id_number=theirs.id_number).submit(status=200)
    assert EXISTS in page.text and NOT_HERE not in page.text
    assert Member.objects.count() == 2


# Item 6: what an import keeps, and for how long --------------------------------------------


def test_the_kept_result_and_the_error_rows_hold_no_full_id_number(web, tree, media):
    good, bad = good_row(name="王一"), good_row(name="错行")
    bad[7] = "2010/13/45"
    browser = web("township_a")
    page = dry_run(browser, MEMBERS, workbook([good, bad]))
    assert page.context["failed"] == 1
    [result] = media.glob("*.json")
    kept = result.read_text()
    for number in (good[1], bad[1]):
        assert number not in kept and number not in page.text
        assert mask_id_number(number) in kept
    errors = page.click(description="下载有错误的行")
    sheet = openpyxl.load_workbook(io.BytesIO(errors.body)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert bad[1] not in cells and mask_id_number(bad[1]) in cells


def test_a_confirm_that_fails_deletes_the_uploaded_file(web, tree, media):
    rows = [good_row(), good_row()]
    page = dry_run(web("township_a"), MEMBERS, workbook(rows))
    assert len(list(media.glob("*.xlsx"))) == 1  # kept for the confirm
    MemberFactory(organization=tree.community_b, id_number=rows[1][1])  # meanwhile
    response = confirm(page)
    assert "未写入任何数据" in response.text
    assert list(media.glob("*.xlsx")) == []
    assert [row.errors for row in response.context["results"]][1] == [("身份证号码", NOT_HERE)]
    assert Member.objects.count() == 1


def _age(path, minutes):
    stamp = time.time() - minutes * 60
    os.utime(path, (stamp, stamp))


def test_purge_imports_deletes_what_is_older_than_the_expiry_and_keeps_the_rest(settings, media):
    settings.IMPORT_KEEP_MINUTES = 30
    media.mkdir(parents=True)
    for name, minutes in [("old.xlsx", 31), ("old.json", 45), ("new.xlsx", 29), ("new.json", 1)]:
        (media / name).write_text("x")
        _age(media / name, minutes)
    out = io.StringIO()
    call_command("purge_imports", stdout=out)
    assert kept_files(media) == ["new.json", "new.xlsx"]
    assert "已删除 2 个" in out.getvalue()


def test_a_new_upload_deletes_the_expired_files_of_earlier_imports(web, tree, media):
    browser = web("township_a")
    earlier = dry_run(browser, MEMBERS, workbook([good_row()]))
    token = earlier.context["token"]
    assert kept_files(media) == [f"{token}.json", f"{token}.xlsx"]
    for path in media.iterdir():
        _age(path, 61)
    later = dry_run(web("township_b"), MEMBERS, workbook([good_row(code="FY002001")]))
    assert kept_files(media) == sorted(
        f"{later.context['token']}.{ext}" for ext in ("json", "xlsx")
    )


def test_an_expired_import_is_said_to_be_gone_and_confirms_nothing(web, tree, media):
    browser = web("township_a")
    page = dry_run(browser, MEMBERS, workbook([good_row()]))
    token = page.context["token"]
    for path in media.iterdir():
        path.unlink()  # what purge_imports does an hour later
    response = confirm(page)
    assert response.status_code == 200 and "已不在" in response.text
    shown = browser.get(MEMBERS, {"result": token})
    assert shown.status_code == 200 and "已不在" in shown.text
    errors = browser.get(reverse("members:member_import_errors", args=[token]))
    assert errors.status_code == 302 and "已不在" in errors.follow().text
    other = web("township_b")
    post_from(other, other.get(MEMBERS), MEMBERS, {"action": "confirm", "token": token}, status=404)
    assert not Member.objects.exists()


def _register_applicant(browser, tree, number):
    page = browser.get(reverse("members:activist_create"))
    form = form_with(page, "applied_on")
    for name, value in {
        "name": "申请人",
        "id_number": number,
        "education": "college",
        "organization": str(tree.village_a.pk),
        "applied_on": "2024-01-30",
        "performance": "主动请缨值守卡口",
    }.items():
        form[name] = value
    return form.submit()


def test_the_applicant_form_tells_only_who_sees_them_that_a_person_is_a_member_or_applicant(
    web, tree, personas
):
    member_b = MemberFactory(organization=tree.community_b, name="乙社区党员")
    applicant_b = activist_create(
        user=personas.township_b,
        name="乙社区申请人",
        id_number=MemberFactory.build().id_number,
        education="college",
        organization=tree.community_b,
        applied_on=datetime.date(2024, 1, 1),
        performance="值守卡口",
    )
    for number in (member_b.id_number, applicant_b.id_number):
        page = _register_applicant(web("township_a"), tree, number)
        assert page.status_code == 200
        assert NOT_HERE in page.text
        assert "已是党员" not in page.text and "已登记" not in page.text and EXISTS not in page.text
    assert Activist.objects.count() == 1
    ours = MemberFactory(organization=tree.village_a)
    page = _register_applicant(web("township_a"), tree, ours.id_number)
    assert "此身份证号码已是党员" in page.text
    page = _register_applicant(web("county_staff"), tree, applicant_b.id_number)
    assert "此身份证号码已登记为发展对象" in page.text
    assert Activist.objects.count() == 1
