"""Excel imports: a dry run writes nothing, errors by row and column, all or nothing.

Pages are used as a person uses them (WebTest): the file is chosen in the import page's
upload form and 试导入 pressed; 确认导入 is the form the result page offers.
"""

import datetime
import io
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse
from webtest import Upload

import members.imports
import members.services
from cadres.models import Cadre
from members.imports import MemberImporter
from members.models import Member
from members.services import member_create, member_update, members_import
from organizations.imports import drain
from organizations.importviews import ImportView
from organizations.jobs import run_job
from organizations.models import Job, Organization, PersonalDataReveal
from tests.factories import MemberFactory, id_number
from tests.web import form_with

HEADERS = [
    "姓名",
    "身份证号码",
    "手机号码",
    "民族",
    "学历",
    "所在党支部编码",
    "党员类别",
    "入党日期",
    "转正日期",
]


# Said of an ID number a member outside the user's scope holds (issue #15, item 5).
ANOTHER_MEMBER_HAS_IT = "该身份证号码不能在此登记或导入，请与县委组织部联系。"
DRY_RUN_QUERIES = 13  # session, user, organizations, two per 1,000 rows, session save
CONFIRM_QUERIES = 17  # the same, and two INSERTs and two UPDATEs per batch


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dry_run(browser, url, content, name="党员.xlsx", headers=None):
    """Choose the file in the page's upload form (multipart, as it declares) and press 试导入."""
    form = form_with(browser.get(url), "file")
    assert form.enctype == "multipart/form-data"
    form["file"] = Upload(name, content, XLSX)
    return form.submit("action", headers=headers or {})


def confirm(page, headers=None):
    """Press 确认导入 on a result page that offers it."""
    return form_with(page, "token").submit("action", headers=headers or {})


def post_from(browser, page, url, data, **kwargs):
    """A POST the page does not offer (its CSRF token included), as a crafted request."""
    token = page.forms[0]["csrfmiddlewaretoken"].value
    return browser.post(url, {"csrfmiddlewaretoken": token, **data}, **kwargs)


def good_row(code="FY001001", name="王一"):
    return [
        name,
        id_number(),
        "13712345678",
        "汉族",
        "大学本科",
        code,
        "在职",
        "2010-07-01",
        "2011-07-01",
    ]


def test_template_has_chinese_headers_and_notes(web, tree):
    page = web("township_a").get(reverse("members:member_import"))
    response = page.click(description="下载模板")
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert "校验位" in sheet["B1"].comment.text


def test_dry_run_writes_nothing_then_confirm_writes_all(web, tree):
    url = reverse("members:member_import")
    page = dry_run(web("township_a"), url, workbook([good_row(), good_row(name="王二")]))
    assert page.status_code == 200
    assert page.context["created"] == 2 and page.context["failed"] == 0
    assert not Member.objects.exists()
    response = confirm(page)
    assert response.status_code == 302
    assert "已导入 2 行" in response.follow().text
    assert set(Member.objects.values_list("name", flat=True)) == {"王一", "王二"}
    assert Member.objects.get(name="王一").history.get().history_user.username == "town_a"


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({1: "410702198001010011"}, "身份证号码", "校验位不正确"),
        ({7: "2010/13/45"}, "入党日期", "日期格式应为"),
        ({1: "990702198001010011"}, "身份证号码", "地区码"),
        ({5: "FY002001"}, "所在党支部编码", "不在您的工作范围内"),
        ({5: "NOPE"}, "所在党支部编码", "不存在"),
        ({4: "博士后"}, "学历", "应为以下之一"),
        ({8: "2009-01-01"}, "转正日期", "转正日期必须晚于入党日期"),
    ],
)
def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(
    web, tree, change, column, message
):
    bad = good_row(name="错行")
    for index, value in change.items():
        bad[index] = value
    browser = web("township_a")
    url = reverse("members:member_import")
    page = dry_run(browser, url, workbook([good_row(), bad]))
    rows = page.context["results"]
    assert rows[0].errors == []
    assert rows[1].number == 3
    assert any(col == column and message in text for col, text in rows[1].errors)
    assert page.context["failed"] == 1
    assert 'value="confirm"' not in page.text
    token = page.context["token"]
    response = post_from(browser, page, url, {"action": "confirm", "token": token})
    assert response.status_code == 200 and "未写入任何数据" in response.text
    assert not Member.objects.exists()

    errors = page.click(description="下载有错误的行")
    sheet = openpyxl.load_workbook(io.BytesIO(errors.body)).active
    lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert lines[0][0] == "原行号" and lines[0][-1] == "错误" and len(lines) == 2
    assert lines[1][:2] == [3, "错行"] and message in lines[1][-1]


def test_a_duplicate_row_in_the_file_is_refused(web, tree):
    row = good_row()
    page = dry_run(web("township_a"), reverse("members:member_import"), workbook([row, row]))
    assert page.context["results"][1].errors == [("身份证号码", "与本文件前面的行重复。")]
    assert not Member.objects.exists()


def test_a_wrong_template_or_missing_column(web, tree):
    browser = web("township_a")
    url = reverse("members:member_import")
    page = dry_run(browser, url, workbook([["x"]], headers=["姓名", "电话"]))
    assert "第 1 行是表头，缺少列：身份证号码" in page.text
    assert "手机号码" not in page.context["error"]  # optional: may be left out
    page = dry_run(browser, url, b"not a workbook", name="a.xlsx")
    assert "无法读取该文件" in page.text
    page = dry_run(browser, url, b"a,b", name="a.csv")
    assert "请选择系统模板格式" in page.text
    assert not Member.objects.exists()


def test_leaders_cannot_import(client_as, tree):
    assert client_as("leader").get(reverse("members:member_import")).status_code == 403


def test_organizations_and_cadres_import(web, tree):
    browser = web("county_staff")
    orgs = workbook(
        [["新村党支部", "FY001009", "党支部", "农村", "FY001", "李强", "13900001111", 320]],
        headers=[
            "名称",
            "组织编码",
            "组织类别",
            "所属领域",
            "上级组织编码",
            "书记",
            "联系电话",
            "覆盖户数",
        ],
    )
    page = dry_run(browser, reverse("organizations:organization_import"), orgs)
    confirm(page).follow()
    village = Organization.objects.get(code="FY001009")
    assert village.township == tree.township_a and village.households_covered == 320
    cadres = workbook(
        [["张强", "FY001", "党委书记", "党政主要负责同志", "13600002222", 1975]],
        headers=["姓名", "所在单位编码", "职务", "类别", "手机号码", "出生年份"],
    )
    page = dry_run(browser, reverse("cadres:cadre_import"), cadres)
    assert page.context["failed"] == 0
    confirm(page).follow()
    cadre = Cadre.objects.get(name="张强")
    assert (cadre.township, cadre.management) == (tree.township_a, "county")  # not given: 县管


def test_the_cadre_import_reads_management_as_a_clerk_writes_it(web, tree):
    """管理权限 (issue #16 §3): 县管, 乡管, 市管 or the full name; anything else is refused by
    cell with the values it may take, and nothing is imported."""
    browser = web("county_staff")
    headers = ["姓名", "所在单位编码", "职务", "类别", "出生年份", "管理权限"]
    rows = [
        ["王一", "FY001", "团委书记", "优秀年轻干部", 1996, "乡管"],
        ["王二", "FY001", "镇长", "党政主要负责同志", 1975, "县管干部（县委管理）"],
        ["王三", "FY001", "副镇长", "分管领导", 1980, "省管"],
    ]
    page = dry_run(browser, reverse("cadres:cadre_import"), workbook(rows, headers=headers))
    assert page.context["failed"] == 1
    assert ("管理权限", "应为县管、乡管或市管。") in page.context["results"][2].errors
    assert not Cadre.objects.exists()
    page = dry_run(browser, reverse("cadres:cadre_import"), workbook(rows[:2], headers=headers))
    confirm(page).follow()
    assert dict(Cadre.objects.values_list("name", "management")) == {
        "王一": "township",
        "王二": "county",
    }


def test_round_trip_full_export_then_import_gives_the_same_records(client_as, web, tree):
    for name in ("甲一", "甲二"):
        MemberFactory(organization=tree.village_a, name=name)
    before = list(Member.objects.order_by("pk").values())
    client = client_as("township_a")
    export = client.get(reverse("members:member_list"), {"format": "xlsx", "full": "1"})
    assert PersonalDataReveal.objects.filter(user__username="town_a").count() == 1
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    # The export names the branch; the import wants its code: the one column that differs.
    codes = {org.name: org.code for org in Organization.objects.all()}
    keep = [header.index(h) for h in ("姓名", "身份证号码", "手机号码", "民族", "学历")]
    upload = [
        [
            *[row[i] for i in keep],
            codes[row[header.index("所在党支部")]],
            row[header.index("党员类别")],
            row[header.index("入党日期")],
            row[header.index("转正日期")],
        ]
        for row in rows
    ]
    page = dry_run(web("township_a"), reverse("members:member_import"), workbook(upload))
    assert page.context["failed"] == 0 and page.context["updated"] == 2
    confirm(page).follow()
    after = list(Member.objects.order_by("pk").values())
    for row in before + after:
        row.pop("updated_at")
    assert after == before


def test_leaders_never_get_the_full_export(client_as, tree):
    member = MemberFactory(organization=tree.village_a)
    export = client_as("leader").get(
        reverse("members:member_list"), {"format": "xlsx", "full": "1"}
    )
    assert member.id_number not in b"".join(export.streaming_content).decode("latin-1")


WRITERS = {"county_staff": 200, "leader": 403, "township_a": 200, "township_b": 200, "branch": 200}
COUNTY = {"county_staff": 200, "leader": 403, "township_a": 403, "township_b": 403, "branch": 403}
IMPORT_PAGES = [
    (
        "members:member_import",
        "members:member_import_template",
        "members:member_import_errors",
        WRITERS,
    ),
    ("cadres:cadre_import", "cadres:cadre_import_template", "cadres:cadre_import_errors", COUNTY),
    (
        "organizations:organization_import",
        "organizations:organization_import_template",
        "organizations:organization_import_errors",
        WRITERS,
    ),
]


@pytest.mark.parametrize(("page", "template", "errors", "statuses"), IMPORT_PAGES)
@pytest.mark.parametrize(
    "persona", ["county_staff", "leader", "township_a", "township_b", "branch"]
)
def test_import_pages_for_every_persona(client_as, tree, page, template, errors, statuses, persona):
    """Cadres are the county's: townships and branches may not even fetch that template."""
    status = statuses[persona]
    client = client_as(persona)
    assert client.get(reverse(page)).status_code == status
    assert client.get(reverse(template)).status_code == status
    unknown = client.get(reverse(errors, args=["0" * 32]))
    assert unknown.status_code == (404 if status == 200 else status)


# Large imports: one place for the rules, a bounded number of queries, progress -----------


def rows_for(count, code="FY001001"):
    return [good_row(code=code, name=f"党员{n}") for n in range(count)]


def old_way(user, fields):
    """What one row did before imports were batched: member_create or member_update."""
    try:
        with transaction.atomic():
            existing = Member.objects.visible_to(user).filter(id_number=fields["id_number"]).first()
            if existing:
                member_update(member=existing, user=user, **fields)
                outcome = "updated"
            else:
                member_create(user=user, **fields)
                outcome = "created"
            transaction.set_rollback(True)
    except ValidationError as error:
        return error.message_dict
    return outcome


def test_the_batched_service_refuses_exactly_what_member_create_refuses(personas, tree):
    known = MemberFactory(organization=tree.village_a)
    elsewhere = MemberFactory(organization=tree.community_b)
    base = {
        "name": "王一",
        "phone": "13712345678",
        "ethnicity": "汉族",
        "education": "bachelor",
        "organization": tree.village_a,
        "category": "employed",
        "joined_on": datetime.date(2010, 7, 1),
        "full_member_on": datetime.date(2011, 7, 1),
    }
    young = id_number(birth=datetime.date(2000, 1, 1))
    cases = [
        {},
        {"id_number": known.id_number, "name": "改名"},
        {"id_number": elsewhere.id_number},
        {"id_number": "410702198001010011"},
        {"id_number": "41070219800101001"},
        {"joined_on": datetime.date(2999, 1, 1), "full_member_on": None},
        {"id_number": young, "joined_on": datetime.date(2010, 1, 1)},
        {"full_member_on": datetime.date(2009, 1, 1)},
        {"organization": tree.general_a},
        {"category": "county_organ"},
        {"organization": tree.organ_branch, "category": "county_organ"},
        {"phone": "12345"},
        {"ethnicity": "火星族"},
        {"name": ""},
        {"name": "长" * 51},
        {"joined_on": None, "full_member_on": None},
    ]
    results = {}
    for user in (personas.township_a, personas.county_staff):
        rows = [{**base, "id_number": id_number(), **case} for case in cases]
        expected = results[user.username] = [old_way(user, row) for row in rows]
        outcomes = drain(members_import(user=user, rows=rows, dry_run=True))
        got = [getattr(outcome, "message_dict", outcome) for outcome in outcomes]
        assert got == expected
    town, county = results["town_a"], results["county"]
    assert town[:3] == ["created", "updated", {"id_number": [ANOTHER_MEMBER_HAS_IT]}]
    assert county[:3] == ["created", "updated", "updated"]
    assert county[10] == town[10] == "created"  # a county-organ member in a county-organ branch
    assert sum(1 for outcome in town if isinstance(outcome, dict)) == len(cases) - 3


def test_created_and_updated_counts_and_history_with_the_importing_user(web, tree):
    old = [MemberFactory(organization=tree.village_a, name=f"老{n}") for n in range(2)]
    rows = rows_for(3)
    for member in old:
        row = good_row(name=f"{member.name}改")
        row[1] = member.id_number
        rows.append(row)
    page = dry_run(web("township_a"), reverse("members:member_import"), workbook(rows))
    assert (page.context["created"], page.context["updated"], page.context["failed"]) == (3, 2, 0)
    response = confirm(page)
    assert response.status_code == 302
    assert Member.objects.count() == 5
    for member in Member.objects.all():
        latest = member.history.latest()
        assert latest.history_user.username == "town_a"
        assert latest.history_type == ("~" if member in old else "+")
        assert latest.name == member.name and latest.township_id == tree.township_a.pk
    renamed = Member.objects.filter(pk__in=[m.pk for m in old]).values_list("name", flat=True)
    assert sorted(renamed) == ["老0改", "老1改"]


def test_a_dry_run_writes_nothing_not_even_history(web, tree):
    member = MemberFactory(organization=tree.village_a, name="原名")
    row = good_row(name="新名")
    row[1] = member.id_number
    before = Member.history.count()
    page = dry_run(
        web("township_a"), reverse("members:member_import"), workbook([row, *rows_for(3)])
    )
    assert page.context["created"] == 3 and page.context["updated"] == 1
    assert Member.objects.count() == 1 and Member.history.count() == before
    member.refresh_from_db()
    assert member.name == "原名"


def test_confirm_is_all_or_nothing_when_the_data_changed_since_the_dry_run(web, tree):
    rows = rows_for(4)
    page = dry_run(web("township_a"), reverse("members:member_import"), workbook(rows))
    assert page.context["failed"] == 0
    # Meanwhile the third person is registered in township B, outside this user's scope.
    MemberFactory(organization=tree.community_b, id_number=rows[2][1])
    response = confirm(page)
    assert response.status_code == 200 and "未写入任何数据" in response.text
    assert response.context["failed"] == 1
    assert response.context["results"][2].errors[0][0] == "身份证号码"
    assert Member.objects.count() == 1


def test_the_duplicate_check_spans_chunks(personas, tree, monkeypatch):
    monkeypatch.setattr(members.services, "IMPORT_CHUNK", 50)
    rows = rows_for(120)
    rows[110][1] = rows[3][1]
    book = workbook(rows)
    results = MemberImporter(personas.township_a).run(io.BytesIO(book), dry_run=False)
    assert [r.number for r in results if r.errors] == [112]
    assert results[110].errors == [("身份证号码", "与本文件前面的行重复。")]
    assert not Member.objects.exists()
    rows[110][1] = id_number()
    results = MemberImporter(personas.township_a).run(io.BytesIO(workbook(rows)), dry_run=False)
    assert not any(r.errors for r in results)
    assert Member.objects.count() == 120 and Member.history.count() == 120


@pytest.mark.parametrize(
    ("persona", "code", "allowed"),
    [
        ("township_a", "FY00100201", True),
        ("township_a", "FY002001", False),
        ("township_b", "FY001001", False),
        ("branch", "FY001001", True),
        ("branch", "FY00100201", False),
        ("county_staff", "FY002001", True),
    ],
)
def test_imports_stay_inside_the_users_scope(web, tree, persona, code, allowed):
    page = dry_run(web(persona), reverse("members:member_import"), workbook(rows_for(2, code)))
    if allowed:
        confirm(page).follow()
        assert Member.objects.filter(organization__code=code).count() == 2
    else:
        errors = page.context["results"][0].errors
        assert errors == [("所在党支部编码", "组织编码不存在或不在您的工作范围内。")]
        assert not Member.objects.exists()


def test_an_id_number_outside_the_scope_is_not_updated_but_refused(web, tree):
    theirs = MemberFactory(organization=tree.community_b, name="乙方")
    row = good_row(name="甲方")
    row[1] = theirs.id_number
    page = dry_run(web("township_a"), reverse("members:member_import"), workbook([row]))
    [(column, message)] = page.context["results"][0].errors
    assert column == "身份证号码" and message == ANOTHER_MEMBER_HAS_IT
    theirs.refresh_from_db()
    assert theirs.name == "乙方"


def test_a_large_import_is_a_job_that_ends_on_its_result_page_then_writes_on_confirm(
    web, tree, settings
):
    settings.IMPORT_INLINE_ROWS = 20
    browser = web("township_a")
    url = reverse("members:member_import")
    assert "超过 20 行的文件在后台导入" in browser.get(url).text
    asked = dry_run(browser, url, workbook(rows_for(30)))
    job = Job.objects.get()
    assert asked.status_code == 302 and asked.location == job.get_absolute_url()
    assert (job.user.username, job.kind, job.state) == ("town_a", "import", "done")
    assert (job.stage, job.done, job.total) == ("check", 30, 30)
    assert not Member.objects.exists()
    page = asked.follow()
    assert "试导入党员名册" in page.text and "逐行检查" in page.text
    assert "共 30 行：新增 30，更新 0，有错误 0。" in page.text
    status = browser.get(job.get_absolute_url(), {"format": "json"}).json
    assert status["stage_label"] == "逐行检查" and status["next"] == job.next_url
    result = page.click(description="查看结果")
    assert result.context["created"] == 30 and result.context["failed"] == 0
    assert browser.get(job.next_url).context["total"] == 30  # the page can be reloaded

    asked = confirm(result)
    job = Job.objects.latest("pk")
    assert asked.location == job.get_absolute_url()
    assert (job.title, job.stage, job.done, job.total) == ("确认导入党员名册", "write", 30, 30)
    assert Member.objects.count() == 30
    assert Member.history.filter(history_user__username="town_a").count() == 30
    page = asked.follow()
    assert "已导入 30 行。" in page.text
    assert page.click(description="查看结果").request.path == reverse("members:member_list")
    assert "已导入 30 行。" in browser.get(reverse("organizations:job_list")).text
    assert "已不在" in browser.get(url, {"result": job.query.split("&")[0][6:]}).text


def test_an_import_job_reports_bad_rows_and_a_bad_file_on_the_result_page(web, tree, settings):
    settings.IMPORT_INLINE_ROWS = 0
    browser = web("township_a")
    url = reverse("members:member_import")
    bad = good_row(name="错行")
    bad[7] = "2010/13/45"
    page = dry_run(browser, url, workbook([good_row(), bad])).follow()
    assert "共 2 行：新增 1，更新 0，有错误 1。" in page.text
    result = page.click(description="查看结果")
    [(column, message)] = result.context["results"][1].errors
    assert column == "入党日期" and message.startswith("日期格式应为 2020-01-31")
    errors = result.click(description="下载有错误的行")
    assert len(list(openpyxl.load_workbook(io.BytesIO(errors.body)).active.iter_rows())) == 2

    page = dry_run(browser, url, workbook([["x"]], ["姓名"])).follow()
    assert "缺少列：身份证号码" in page.text
    assert "缺少列：身份证号码" in page.click(description="查看结果").text
    # Not a workbook at all: nothing to count, refused in the request as before.
    response = dry_run(browser, url, b"not a zip")
    assert response.status_code == 200 and "无法读取该文件" in response.text
    assert not Member.objects.exists()
    assert Job.objects.count() == 2


def test_an_import_job_that_breaks_writes_nothing_and_says_why(web, tree, settings, monkeypatch):
    settings.IMPORT_INLINE_ROWS = 0
    browser = web("township_a")
    url = reverse("members:member_import")
    result = dry_run(browser, url, workbook(rows_for(5))).follow().click(description="查看结果")
    written = []
    real_import = members.imports.members_import

    def import_then_break(**kwargs):
        """The real import, broken once it has written its first rows."""
        steps = real_import(**kwargs)
        for step in steps:
            yield step
            if step[0] == "write":
                written.append(Member.objects.count())
                steps.throw(RuntimeError("the worker lost its database half-way"))

    monkeypatch.setattr(members.imports, "members_import", import_then_break)
    page = confirm(result).follow()
    job = Job.objects.latest("pk")
    assert job.state == "failed" and not job.next_url
    assert "导入未能完成，未写入任何数据" in page.text
    assert written == [5] and not Member.objects.exists()


def test_someone_elses_result_is_not_found(web, tree):
    url = reverse("members:member_import")
    browser = web("township_a")
    page = dry_run(browser, url, workbook(rows_for(1)))
    token = page.context["token"]
    assert browser.get(url, {"result": token}).status_code == 200
    other = web("township_b")
    theirs = other.get(url)
    assert other.get(url, {"result": token}, status=404)
    assert other.get(reverse("members:member_import_errors", args=[token]), status=404)
    post_from(other, theirs, url, {"action": "confirm", "token": token}, status=404)
    assert not Member.objects.exists()


def test_organizations_and_cadres_are_imported_as_jobs_too(web, tree, settings):
    settings.IMPORT_INLINE_ROWS = 0
    browser = web("county_staff")
    cadres = workbook(
        [["张强", "FY001", "党委书记", "党政主要负责同志", "13600002222", 1975]],
        headers=["姓名", "所在单位编码", "职务", "类别", "手机号码", "出生年份"],
    )
    url = reverse("cadres:cadre_import")
    page = dry_run(browser, url, cadres).follow()
    assert "试导入干部名册" in page.text and "共 1 行：新增 1" in page.text
    page = confirm(page.click(description="查看结果")).follow()
    assert "已导入 1 行。" in page.text
    assert Cadre.objects.get(name="张强").history.get().history_user.username == "county"
    rows = workbook(
        [["新村党支部", "FY001099", "党支部", "农村", "FY001"]],
        ["名称", "组织编码", "组织类别", "所属领域", "上级组织编码"],
    )
    page = dry_run(browser, reverse("organizations:organization_import"), rows).follow()
    assert Job.objects.latest("pk").title == "试导入组织体系"
    assert "查看结果" in page.text


@pytest.mark.parametrize("rows", [200, 400])
def test_a_dry_run_needs_the_same_few_queries_for_200_or_400_rows(
    web, tree, django_assert_max_num_queries, rows
):
    form = form_with(web("township_a").get(reverse("members:member_import")), "file")
    form["file"] = Upload("党员.xlsx", workbook(rows_for(rows)), XLSX)
    with django_assert_max_num_queries(DRY_RUN_QUERIES):
        page = form.submit("action")
    assert page.context["created"] == rows
    assert not Member.objects.exists()


@pytest.mark.parametrize("rows", [20, 40])
def test_a_confirm_needs_the_same_few_queries_for_20_or_40_rows(
    web, tree, django_assert_max_num_queries, rows
):
    """Compared inside one statement: SQLite takes at most 999 parameters in one, so there a
    few hundred rows need an INSERT per 45-58 rows (still not one per row); on PostgreSQL
    one INSERT takes a whole batch of 1,000, so 200 and 400 rows need the same queries."""
    old = [MemberFactory(organization=tree.village_a) for _ in range(rows // 2)]
    lines = rows_for(rows // 2)
    for member in old:
        row = good_row(name="改名")
        row[1] = member.id_number
        lines.append(row)
    page = dry_run(web("township_a"), reverse("members:member_import"), workbook(lines))
    form = form_with(page, "token")
    with django_assert_max_num_queries(CONFIRM_QUERIES):
        response = form.submit("action")
    assert response.status_code == 302
    assert Member.objects.filter(name="改名").count() == rows // 2
    assert Member.history.filter(history_user__username="town_a").count() == rows


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections at once: CI's PostgreSQL"
)
def test_an_import_jobs_progress_is_seen_while_its_rows_are_still_being_written(
    tree, personas, settings, monkeypatch
):
    """The rows are written in one transaction; the job's page polls from another
    connection, so the progress must be saved outside that transaction to move the bar."""
    settings.JOBS_RUN_INLINE = False  # as under a worker
    token = uuid.uuid4().hex
    Path(ImportView.upload_path(token)).write_bytes(workbook(rows_for(30)))
    job = Job.objects.create(
        user=personas.township_a,
        kind="import",
        title="确认导入党员名册",
        path=reverse("members:member_import"),
        query=f"token={token}&action=confirm",
        total=31,
    )
    seen = []
    real_import = members.imports.members_import

    def watched_from_the_page(**kwargs):
        steps = real_import(**kwargs)
        while True:
            try:
                step = next(steps)
            except StopIteration as stop:
                return stop.value
            yield step  # the job saves it before asking for the next
            if step[0] == "write":
                page = connections.create_connection("default")
                with page.cursor() as cursor:
                    cursor.execute(
                        "SELECT stage, done FROM organizations_job WHERE id=%s", [job.pk]
                    )
                    saved = cursor.fetchone()
                    cursor.execute("SELECT count(*) FROM members_member")
                    seen.append((*saved, cursor.fetchone()[0]))
                page.close()

    monkeypatch.setattr(members.imports, "members_import", watched_from_the_page)
    run_job(job.pk)
    assert seen == [("write", 30, 0)]  # saved, while the rows are not yet committed
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.summary) == ("done", 30, 30, "已导入 30 行。")
    assert Member.objects.count() == 30
