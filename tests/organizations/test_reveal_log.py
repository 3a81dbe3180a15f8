"""The reveal log has a page: who saw whose personal data, when and why (issue #15, item 7).

A reveal names its reason on the member page; the pages that reveal by themselves give
their own. County staff and the administrator read the log, filter it and export it; no
other role opens it.
"""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.services import personal_data_reveal
from organizations.choices import RevealReason
from organizations.models import PersonalDataReveal
from tests.factories import MemberFactory
from tests.web import form_with

LOG = reverse("organizations:reveal_list")


@pytest.fixture
def member(tree):
    return MemberFactory(organization=tree.village_a, name="甲党员一", phone="13800001111")


def _reveal_form(web, persona, member):
    page = web(persona).get(reverse("members:member_detail", args=[member.pk]))
    return form_with(page, "reason")


def _rows(page) -> list[str]:
    return [row.get_text(" ", strip=True) for row in page.html.select("tbody tr")]


def test_a_reason_given_on_the_member_page_is_read_by_county_staff(web, member, personas):
    form = _reveal_form(web, "township_a", member)
    form["reason"] = RevealReason.CONTACT
    form["note"] = "通知参加核酸检测"
    page = form.submit(status=200)
    assert member.id_number in page.text and "13800001111" in page.text
    record = PersonalDataReveal.objects.get()
    assert (record.user, record.subject) == (personas.township_a, member)
    assert (record.reason, record.note) == (RevealReason.CONTACT, "通知参加核酸检测")

    log = web("county_staff").get(LOG)
    [row] = _rows(log)
    when = timezone.localtime(record.revealed_at).strftime("%Y-%m-%d %H:%M:%S")
    for shown in (
        when,
        personas.township_a.display_name,
        "中共甲镇委员会",
        "乡镇（街道）党（工）委书记",
        "甲党员一",
        "身份证号码、手机号码",
        "联系本人",
        "通知参加核酸检测",
    ):
        assert shown in row, shown
    link = log.html.select_one("tbody tr a")
    assert link["href"] == member.get_absolute_url()
    assert member.id_number not in log.text  # the log says who was seen, not the number


@pytest.mark.parametrize(
    ("reason", "note", "message"),
    [
        ("", "", "请选择查看事由。"),
        (RevealReason.OTHER, "  ", "查看事由选择“其他”时，请写明具体事由。"),
        (RevealReason.EXPORT, "", "请从列表中选择查看事由。"),  # a system reason, forged
    ],
)
def test_a_reveal_without_a_valid_reason_shows_nothing_and_records_nothing(
    web, member, reason, note, message
):
    form = _reveal_form(web, "township_a", member)
    form["reason"].force_value(reason)
    form["note"] = note
    page = form.submit(status=200)
    assert message in page.text
    assert member.id_number not in page.text and "13800001111" not in page.text
    assert "本次查看已记录" not in page.text
    assert not PersonalDataReveal.objects.exists()
    assert form_with(page, "reason")  # offered again, to give a reason


def test_a_note_longer_than_200_characters_is_refused(web, member):
    form = _reveal_form(web, "township_a", member)
    form["reason"] = RevealReason.CHECK_FILE
    form["note"] = "核" * 201
    page = form.submit(status=200)
    assert "200" in page.html.select_one("form .invalid-feedback").get_text()
    assert member.id_number not in page.text
    assert not PersonalDataReveal.objects.exists()


def test_reveals_made_by_pages_carry_their_own_reason(web, client_as, member, personas):
    web("township_a").get(reverse("members:member_update", args=[member.pk]))
    search = form_with(web("county_staff").get(reverse("members:member_list")), "q")
    search["q"] = member.id_number
    search.submit()
    client_as("township_b").get(reverse("members:member_list"), {"format": "xlsx", "full": "1"})
    reasons = list(PersonalDataReveal.objects.order_by("pk").values_list("reason", flat=True))
    assert reasons == [RevealReason.EDIT, RevealReason.ID_SEARCH, RevealReason.EXPORT]

    rows = _rows(web("county_staff").get(LOG))
    assert len(rows) == 3
    export, search_row, edit = rows  # newest first
    assert "导出名册" in export and "全部名册导出" in export
    assert personas.township_b.display_name in export
    assert "按身份证号码查找" in search_row and "甲党员一" in search_row
    assert "修改党员信息" in edit and "甲党员一" in edit


def test_records_from_before_reasons_say_so(web, member, personas):
    PersonalDataReveal.objects.create(user=personas.branch, subject=member, fields="身份证号码")
    [row] = _rows(web("county_staff").get(LOG))
    assert "未填写（早期记录）" in row


@pytest.fixture
def log(tree, personas, member):
    """Three reveals: two by township A (two reasons), one by county staff of another."""
    other = MemberFactory(organization=tree.community_b, name="乙党员一")
    for user, subject, reason in (
        (personas.township_a, member, RevealReason.CONTACT),
        (personas.township_a, member, RevealReason.SUPPORT),
        (personas.county_staff, other, RevealReason.CHECK_FILE),
    ):
        personal_data_reveal(
            subject=subject, user=user, fields="身份证号码、手机号码", reason=reason
        )
    return other


def _filter(web, **fields):
    page = web("county_staff").get(LOG)
    form = form_with(page, "reason")
    for name, value in fields.items():
        form[name] = value
    return form.submit()


def test_the_log_filters_by_reason_viewer_subject_and_date(web, log, personas):
    by_reason = _rows(_filter(web, reason=RevealReason.SUPPORT))
    assert len(by_reason) == 1 and "发放补助或慰问" in by_reason[0]

    by_viewer = _rows(_filter(web, user=str(personas.county_staff.pk)))
    assert len(by_viewer) == 1 and "乙党员一" in by_viewer[0]

    by_subject = _rows(_filter(web, subject_name="甲党员"))
    assert len(by_subject) == 2 and all("甲党员一" in row for row in by_subject)

    today = timezone.localdate()
    assert len(_rows(_filter(web, revealed_after=str(today), revealed_before=str(today)))) == 3
    before = _rows(_filter(web, revealed_before=str(today.replace(year=today.year - 1))))
    assert before == ["没有符合条件的查看记录。"]


def test_the_export_holds_the_filtered_rows_as_text_and_is_no_reveal(web, log, personas):
    PersonalDataReveal.objects.filter(reason=RevealReason.CONTACT).update(note="=HYPERLINK(1)")
    page = _filter(web, user=str(personas.township_a.pk))
    before = PersonalDataReveal.objects.count()
    export = page.click(description="导出 Excel")
    assert PersonalDataReveal.objects.count() == before
    sheet = openpyxl.load_workbook(io.BytesIO(export.body)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    assert header == [
        "查看时间",
        "查看人",
        "查看人所在组织",
        "查看人角色",
        "被查看人",
        "查看的信息",
        "查看事由",
        "事由说明",
    ]
    assert len(rows) == 3  # the header and township A's two reveals
    values = [[cell.value for cell in row] for row in rows[1:]]
    assert {row[6] for row in values} == {"联系本人", "发放补助或慰问"}
    for row in values:
        assert row[1:5] == [
            personas.township_a.display_name,
            "中共甲镇委员会",
            "乡镇（街道）党（工）委书记",
            "甲党员一",
        ]
    texts = [cell for row in rows[1:] for cell in row[1:] if cell.value is not None]
    assert all(cell.data_type == "s" for cell in texts)
    assert "=HYPERLINK(1)" in [cell.value for cell in texts]
    cells = " ".join(str(cell.value) for row in rows for cell in row)
    assert log.id_number not in cells


@pytest.mark.parametrize("persona", ["leader", "township_a", "township_b", "branch"])
def test_no_one_but_county_staff_and_the_administrator_opens_the_log(web, log, persona):
    browser = web(persona)
    browser.get(LOG, status=403)
    browser.get(LOG, {"format": "xlsx"}, status=403)
    home = browser.get(reverse("home"))
    assert not home.html.find("a", href=LOG)


@pytest.mark.parametrize("persona", ["county_staff", "admin"])
def test_county_staff_and_the_administrator_find_the_log_in_the_menu(web, log, persona):
    browser = web(persona)
    home = browser.get(reverse("home"))
    link = home.html.find("a", href=LOG)
    assert link.get_text(strip=True) == "个人信息查看记录"
    assert len(_rows(browser.get(LOG))) == 3


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(LOG)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_admin_site_lists_the_log_read_only(web, log, personas):
    browser = web("admin")
    changelist = browser.get(reverse("admin:organizations_personaldatareveal_changelist"))
    rows = [
        row.get_text(" ", strip=True) for row in changelist.html.select("#result_list tbody tr")
    ]
    assert len(rows) == 3
    assert any("乙党员一" in row and "核对档案信息" in row for row in rows)
    filtered = browser.get(
        reverse("admin:organizations_personaldatareveal_changelist"),
        {"reason__exact": RevealReason.CONTACT},
    )
    assert len(filtered.html.select("#result_list tbody tr")) == 1
    browser.get(reverse("admin:organizations_personaldatareveal_add"), status=403)
    record = PersonalDataReveal.objects.first()
    delete = reverse("admin:organizations_personaldatareveal_delete", args=[record.pk])
    browser.get(delete, status=403)
    assert PersonalDataReveal.objects.count() == 3


def _reveals(count, tree, personas):
    """`count` reveals: of members (one each) and of whole-register exports."""
    for n in range(count):
        if n % 3 == 2:
            personal_data_reveal(
                subject=personas.township_a,
                user=personas.township_a,
                fields="导出党员名册（含完整身份证号码、手机号码）",
                reason=RevealReason.EXPORT,
            )
            continue
        subject = MemberFactory(organization=tree.village_a, name=f"甲党员{n}")
        personal_data_reveal(
            subject=subject, user=personas.branch, fields="身份证号码", reason=RevealReason.CONTACT
        )


def test_the_page_and_the_export_take_as_many_queries_for_30_rows_as_for_3(
    client_as, tree, personas, django_assert_max_num_queries
):
    client = client_as("county_staff")
    _reveals(3, tree, personas)
    with CaptureQueriesContext(connection) as three:
        assert client.get(LOG).status_code == 200
    with CaptureQueriesContext(connection) as three_exported:
        b"".join(client.get(LOG, {"format": "xlsx"}).streaming_content)
    _reveals(27, tree, personas)
    with django_assert_max_num_queries(len(three)):
        page = client.get(LOG)
    assert len(page.context["object_list"]) == 30
    with django_assert_max_num_queries(len(three_exported)):
        b"".join(client.get(LOG, {"format": "xlsx"}).streaming_content)
