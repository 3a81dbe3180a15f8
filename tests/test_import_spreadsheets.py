"""Imports of spreadsheets made the way a township clerk makes them (issue #14 §3).

Each workbook is built as a clerk's would be: a merged title above the header, headers with
spaces and notes in brackets, columns left out, dates and phones typed every which way, ID
numbers Excel turned into numbers. Each is uploaded through the import page's own form.
"""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from webtest import Upload

from cadres.models import Cadre
from members.demo import REGION
from members.models import Member
from organizations.models import Job, Organization
from organizations.personal import PROVINCE_CODES, build_id_number, parse_id_number
from tests.factories import MemberFactory, id_number
from tests.web import form_with

MEMBERS = reverse("members:member_import")
ORGANIZATIONS = reverse("organizations:organization_import")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["姓名", "身份证号码", "手机号码", "民族", "学历", "所在党支部编码", "党员类别"]
HEADERS += ["入党日期", "转正日期"]
ORG_HEADERS = ["名称", "组织编码", "组织类别", "所属领域", "上级组织编码", "书记", "联系电话"]
ORG_HEADERS += ["覆盖户数"]


def xlsx(rows, headers=HEADERS, title=None, blank_rows_above=0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for _ in range(blank_rows_above):
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def member_row(name="王一", number=None, **cells):
    values = [name, number or id_number(), "13712345678", "汉族", "大学本科", "FY001001"]
    row = dict(
        zip(
            HEADERS,
            [*values, "在职", "2010-07-01", "2011-07-01"],
            strict=True,
        )
    )
    row.update(cells)
    return row


def dry_run(browser, url, content, **headers):
    """Choose the file in the page's upload form and press 试导入."""
    form = form_with(browser.get(url), "file")
    form["file"] = Upload("名册.xlsx", content, XLSX)
    return form.submit("action", headers=headers)


def confirm(page, **headers):
    return form_with(page, "token").submit("action", headers=headers)


def columns(rows, headers=HEADERS):
    return [[row.get(header) for header in headers] for row in rows]


# The header row ----------------------------------------------------------------------------


def test_a_merged_title_row_above_the_header_is_skipped(web, tree):
    browser = web("township_a")
    content = xlsx(
        columns([member_row("王一"), member_row("王二")]),
        title="甲镇甲村党支部党员名册（2026年12月）",
        blank_rows_above=1,
    )
    page = dry_run(browser, MEMBERS, content)
    assert page.context["created"] == 2 and page.context["failed"] == 0
    assert [r.number for r in page.context["results"]] == [4, 5]
    assert not Member.objects.exists()
    confirm(page).follow()
    assert set(Member.objects.values_list("name", flat=True)) == {"王一", "王二"}


def test_without_a_header_in_the_first_rows_the_page_says_where_it_must_be(web, tree):
    content = xlsx([["王一"]], headers=["甲村党员"], blank_rows_above=12)
    page = dry_run(web("township_a"), MEMBERS, content)
    assert "前 10 行中没有找到表头" in page.text
    assert not Member.objects.exists()


def test_header_variants_are_recognised(web, tree):
    headers = ["姓 名", "身份证号码（18位）", "手机号码(选填)", " 民族", "学历", "所在党支部编码"]
    headers += ["党员类别", "入党日期【必填】", "转正日期（预备党员空着）"]
    rows = [list(member_row().values())]
    page = dry_run(web("township_a"), MEMBERS, xlsx(rows, headers=headers))
    assert page.context["created"] == 1 and page.context["failed"] == 0
    confirm(page).follow()
    assert Member.objects.get().phone == "13712345678"


def test_missing_optional_columns_are_simply_empty(web, tree):
    headers = ["姓名", "身份证号码", "学历", "所在党支部编码", "党员类别", "入党日期"]
    page = dry_run(web("township_a"), MEMBERS, xlsx(columns([member_row()], headers), headers))
    assert page.context["created"] == 1 and page.context["failed"] == 0
    confirm(page).follow()
    member = Member.objects.get()
    assert (member.phone, member.ethnicity, member.full_member_on) == ("", "汉族", None)
    assert member.status == "probationary"


# Every error of every row -------------------------------------------------------------------


def test_a_dry_run_reports_every_bad_cell_of_a_row_and_the_error_file_keeps_the_row(web, tree):
    bad = member_row(
        "错行",
        number="410702198001010011",
        手机号码="12345",
        学历="博士后",
        所在党支部编码="NOPE",
        党员类别="外星",
        入党日期="2010/13/45",
    )
    browser = web("township_a")
    page = dry_run(browser, MEMBERS, xlsx(columns([member_row(), bad]), title="党员名册"))
    row = page.context["results"][1]
    assert row.number == 4
    assert sorted(column for column, _ in row.errors) == sorted(
        ["身份证号码", "手机号码", "学历", "所在党支部编码", "党员类别", "入党日期"]
    )
    assert page.context["failed"] == 1 and page.context["total"] == 2
    errors = browser.get(reverse("members:member_import_errors", args=[page.context["token"]]))
    lines = list(openpyxl.load_workbook(io.BytesIO(errors.body)).active.iter_rows(values_only=True))
    assert lines[0][0] == "原行号" and lines[0][-1] == "错误"
    assert lines[1][0] == 4 and lines[1][1] == "错行" and len(lines) == 2
    assert lines[1][-1].count("；") == 5
    assert not Member.objects.exists()


# What is unambiguous is accepted ------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def test_dates_phones_and_full_width_digits_typed_as_clerks_type_them(web, tree):
    numbers = [id_number() for _ in range(6)]
    rows = [
        member_row("甲", numbers[0], 入党日期="2010.7.1", 转正日期="2011年7月1日"),
        member_row("乙", numbers[1], 入党日期="2010/7/1", 手机号码="137 1234 5678"),
        member_row("丙", numbers[2], 入党日期=datetime.datetime(2010, 7, 1), 转正日期=40725),
        member_row("丁", numbers[3], 手机号码="+86 137-1234-5678"),
        member_row("戊", numbers[4].translate(FULL_WIDTH), 手机号码="１３７１２３４５６７８"),
        member_row("己", numbers[5].lower(), 手机号码=13712345678, 转正日期=None),
    ]
    page = dry_run(web("township_a"), MEMBERS, xlsx(columns(rows)))
    assert page.context["failed"] == 0, [r.errors for r in page.context["results"]]
    confirm(page).follow()
    members = {m.name: m for m in Member.objects.all()}
    assert {m.phone for m in members.values()} == {"13712345678"}
    assert members["甲"].joined_on == members["乙"].joined_on == datetime.date(2010, 7, 1)
    assert members["甲"].full_member_on == datetime.date(2011, 7, 1)
    assert members["丙"].joined_on == datetime.date(2010, 7, 1)
    assert members["丙"].full_member_on == datetime.date(2011, 7, 1)  # Excel serial 40725
    assert members["戊"].id_number == numbers[4]
    assert members["己"].id_number == numbers[5] and members["己"].full_member_on is None


@pytest.mark.parametrize("stored", [float, int])
def test_an_id_number_stored_as_a_number_says_the_column_must_be_text(web, tree, stored):
    row = member_row(number=stored(int(id_number()[:17] + "1")))
    page = dry_run(web("township_a"), MEMBERS, xlsx(columns([row])))
    [(column, message)] = page.context["results"][0].errors
    assert column == "身份证号码" and "文本" in message and "18 位" not in message
    assert not Member.objects.exists()


def test_a_row_of_only_spaces_is_a_blank_row(web, tree):
    rows = columns([member_row("王一"), member_row("王二")])
    rows.insert(1, ["  ", " ", "\u3000", "", None, " ", "  ", " ", " "])
    page = dry_run(web("township_a"), MEMBERS, xlsx(rows))
    assert page.context["total"] == 2 and page.context["failed"] == 0
    assert [r.number for r in page.context["results"]] == [2, 4]


# ID numbers ---------------------------------------------------------------------------------


def test_the_region_code_must_start_with_a_province_code():
    birth = datetime.date(1980, 1, 1)
    for region in ("000000", "100101", "160101", "240101", "390101", "550101", "720101"):
        with pytest.raises(ValidationError, match="地区码"):
            parse_id_number(build_id_number(region, birth, 11))
    for province in ("11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "65", "71"):
        assert parse_id_number(build_id_number(province + "0101", birth, 11))[0] == birth
    assert parse_id_number(build_id_number("820101", birth, 11))[0] == birth
    assert len(PROVINCE_CODES) == 34
    with pytest.raises(ValidationError, match="出生日期不合理"):
        parse_id_number(build_id_number("410702", datetime.date(2099, 1, 1), 11))
    # What tests and demo data make stays valid.
    assert parse_id_number(id_number())
    assert parse_id_number(build_id_number(REGION, birth, 11))


def test_a_member_with_an_unknown_province_is_refused_at_import(web, tree):
    row = member_row(number=build_id_number("990702", datetime.date(1980, 1, 1), 11))
    page = dry_run(web("township_a"), MEMBERS, xlsx(columns([row])))
    [(column, message)] = page.context["results"][0].errors
    assert column == "身份证号码" and "地区码" in message
    assert not Member.objects.exists()


# Organizations ------------------------------------------------------------------------------


def org_row(name, code, kind="党支部", sector="农村", parent="FY001", **cells):
    row = dict(zip(ORG_HEADERS, [name, code, kind, sector, parent, "", "", 0], strict=True))
    row.update(cells)
    return [row[header] for header in ORG_HEADERS]


def test_a_parent_further_down_the_file_is_created_first(web, tree):
    rows = [
        org_row("新村第一党支部", "FY00109901", parent="FY001099"),
        org_row("新村第二党支部", "FY00109902", parent="FY001099"),
        org_row("新村党总支", "FY001099", kind="党总支"),
    ]
    page = dry_run(web("county_staff"), ORGANIZATIONS, xlsx(rows, ORG_HEADERS))
    assert page.context["failed"] == 0 and page.context["created"] == 3
    assert [r.number for r in page.context["results"]] == [2, 3, 4]
    assert not Organization.objects.filter(code__startswith="FY0010990").exists()
    confirm(page).follow()
    general = Organization.objects.get(code="FY001099")
    children = Organization.objects.children_of(general).values_list("code", flat=True)
    assert sorted(children) == ["FY00109901", "FY00109902"]
    assert general.township == tree.township_a


def test_errors_about_the_parent_are_under_its_column(web, tree):
    rows = [
        org_row("无上级", "FY001098", parent="NOPE"),
        org_row("错层级", "FY001097", kind="乡镇党委", parent="FY001"),
        org_row("甲", "FY001096", parent="FY001095"),
        org_row("乙", "FY001095", parent="FY001096"),
    ]
    page = dry_run(web("county_staff"), ORGANIZATIONS, xlsx(rows, ORG_HEADERS))
    results = page.context["results"]
    assert [column for r in results for column, _ in r.errors] == ["上级组织编码"] * 4
    assert "不存在" in results[0].errors[0][1]
    assert "不能设在" in results[1].errors[0][1]
    assert "互为上级" in results[2].errors[0][1]
    assert not Organization.objects.filter(code__in=["FY001095", "FY001096"]).exists()


def test_changed_name_kind_sector_or_parent_of_a_known_code_is_reported_as_not_applied(web, tree):
    rows = [
        org_row("甲村新名党支部", "FY001001", sector="城市社区", parent="FY002", 书记="李强"),
        org_row("甲村党总支", "FY001002", kind="党总支", 书记="赵六", 覆盖户数=120),
    ]
    browser = web("county_staff")
    page = dry_run(browser, ORGANIZATIONS, xlsx(rows, ORG_HEADERS))
    first, second = page.context["results"]
    assert first.action == second.action == "更新" and not first.errors
    assert {column for column, _ in first.notes} == {"名称", "所属领域", "上级组织编码"}
    assert second.notes == []
    assert "不会修改" in page.text and "甲村新名党支部" in page.text
    confirm(page).follow()
    village = Organization.objects.get(code="FY001001")
    assert (village.name, village.sector, village.secretary_name) == ("甲村党支部", "rural", "李强")
    assert Organization.objects.get_parent(village) == tree.township_a
    general = Organization.objects.get(code="FY001002")
    assert (general.secretary_name, general.households_covered) == ("赵六", 120)


# One count ------------------------------------------------------------------------------------


def test_the_jobs_progress_and_the_result_page_count_the_same_rows(web, tree, settings):
    settings.IMPORT_INLINE_ROWS = 0
    rows = columns([member_row(f"党员{n}") for n in range(5)] + [member_row("错", 学历="博士后")])
    browser = web("township_a")
    job_page = dry_run(browser, MEMBERS, xlsx(rows)).follow()
    job = Job.objects.get()
    page = job_page.click(description="查看结果")
    assert job.done == job.total == page.context["total"] == 6
    assert "共 6 行：新增 5，更新 0，有错误 1。" in job_page.text
    assert page.context["failed"] == 1
    assert not Member.objects.exists()


def test_an_existing_member_is_updated_from_a_clerks_sheet(web, tree):
    member = MemberFactory(organization=tree.village_a, name="原名")
    row = member_row("新名", number=member.id_number, 入党日期="2010年7月1日")
    page = dry_run(web("township_a"), MEMBERS, xlsx(columns([row]), title="名册"))
    assert page.context["updated"] == 1
    confirm(page).follow()
    member.refresh_from_db()
    assert member.name == "新名" and member.joined_on == datetime.date(2010, 7, 1)


def test_a_new_organization_row_reports_every_bad_cell(web, tree):
    bad = org_row("", "坏 编码", kind="小组", sector="外星", 联系电话="12345", 覆盖户数="许多")
    page = dry_run(web("county_staff"), ORGANIZATIONS, xlsx([bad], ORG_HEADERS))
    [row] = page.context["results"]
    assert [column for column, _ in row.errors] == [
        "名称",
        "组织编码",
        "组织类别",
        "所属领域",
        "联系电话",
        "覆盖户数",
    ]
    assert not Organization.objects.filter(name="").exists()


def test_a_column_left_out_keeps_what_a_known_member_has(web, tree):
    member = MemberFactory(organization=tree.village_a, phone="13900001111", name="原名")
    headers = ["姓名", "身份证号码", "学历", "所在党支部编码", "党员类别", "入党日期"]
    row = member_row("新名", number=member.id_number)
    page = dry_run(web("township_a"), MEMBERS, xlsx(columns([row], headers), headers))
    assert page.context["updated"] == 1
    confirm(page).follow()
    member.refresh_from_db()
    assert (member.name, member.phone) == ("新名", "13900001111")


def test_a_child_of_a_refused_row_names_that_row(web, tree):
    rows = [
        org_row("子支部", "FY00109401", parent="FY001094"),
        org_row("坏总支", "FY001094", kind="小组"),
    ]
    page = dry_run(web("county_staff"), ORGANIZATIONS, xlsx(rows, ORG_HEADERS))
    child, parent = page.context["results"]
    assert parent.errors == [("组织类别", parent.errors[0][1])]
    assert child.errors == [("上级组织编码", "上级组织（本文件第 3 行）有错误，未能新建。")]
    assert not Organization.objects.filter(code__startswith="FY00109").exists()


def test_a_cadre_row_reports_every_bad_cell(web, tree):
    headers = ["姓名", "所在单位编码", "职务", "类别", "手机号码", "出生年份"]
    rows = [["张强", "NOPE", "党委书记", "外星类别", "12345", "一九七五"]]
    page = dry_run(web("county_staff"), reverse("cadres:cadre_import"), xlsx(rows, headers))
    [row] = page.context["results"]
    assert [column for column, _ in row.errors] == ["所在单位编码", "类别", "手机号码", "出生年份"]
    assert not Cadre.objects.exists()
