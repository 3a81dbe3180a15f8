"""Excel imports: a dry run writes nothing, errors by row and column, all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.models import Cadre
from members.models import Member
from organizations.models import Organization
from tests.factories import id_number

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


def workbook(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("党员.xlsx", buffer.getvalue())


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


def test_template_has_chinese_headers_and_notes(client_as, tree):
    response = client_as("township_a").get(reverse("members:member_import_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert "校验位" in sheet["B1"].comment.text


def test_dry_run_writes_nothing_then_confirm_writes_all(client_as, tree):
    client = client_as("township_a")
    url = reverse("members:member_import")
    page = client.post(
        url, {"action": "dry_run", "file": workbook([good_row(), good_row(name="王二")])}
    )
    assert page.status_code == 200
    assert page.context["created"] == 2 and page.context["failed"] == 0
    assert not Member.objects.exists()
    response = client.post(url, {"action": "confirm", "token": page.context["token"]})
    assert response.status_code == 302
    assert set(Member.objects.values_list("name", flat=True)) == {"王一", "王二"}
    assert Member.objects.get(name="王一").history.get().history_user.username == "town_a"


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({1: "410702198001010011"}, "身份证号码", "校验位不正确"),
        ({7: "2010/13/45"}, "入党日期", "日期格式应为"),
        ({5: "FY002001"}, "所在党支部编码", "不在您的工作范围内"),
        ({5: "NOPE"}, "所在党支部编码", "不存在"),
        ({4: "博士后"}, "学历", "应为以下之一"),
        ({8: "2009-01-01"}, "转正日期", "转正日期必须晚于入党日期"),
    ],
)
def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(
    client_as, tree, change, column, message
):
    bad = good_row(name="错行")
    for index, value in change.items():
        bad[index] = value
    client = client_as("township_a")
    url = reverse("members:member_import")
    page = client.post(url, {"action": "dry_run", "file": workbook([good_row(), bad])})
    rows = page.context["results"]
    assert rows[0].errors == []
    assert rows[1].number == 3
    assert any(col == column and message in text for col, text in rows[1].errors)
    assert page.context["failed"] == 1
    assert 'value="confirm"' not in page.content.decode()
    response = client.post(url, {"action": "confirm", "token": page.context["token"]})
    assert response.status_code == 200 and "未写入任何数据" in response.content.decode()
    assert not Member.objects.exists()

    errors = client.get(reverse("members:member_import_errors", args=[page.context["token"]]))
    sheet = openpyxl.load_workbook(io.BytesIO(errors.content)).active
    lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert lines[0][-1] == "错误" and len(lines) == 2
    assert lines[1][0] == "错行" and message in lines[1][-1]


def test_a_duplicate_row_in_the_file_is_refused(client_as, tree):
    row = good_row()
    page = client_as("township_a").post(
        reverse("members:member_import"),
        {"action": "dry_run", "file": workbook([row, [*row[:1], *row[1:]]])},
    )
    assert page.context["results"][1].errors == [("身份证号码", "与本文件前面的行重复。")]


def test_a_wrong_template_or_missing_column(client_as, tree):
    client = client_as("township_a")
    url = reverse("members:member_import")
    page = client.post(
        url, {"action": "dry_run", "file": workbook([["x"]], headers=["姓名", "电话"])}
    )
    assert "缺少列：身份证号码" in page.content.decode()
    page = client.post(
        url, {"action": "dry_run", "file": SimpleUploadedFile("a.xlsx", b"not a workbook")}
    )
    assert "无法读取该文件" in page.content.decode()
    assert not Member.objects.exists()


def test_leaders_cannot_import(client_as, tree):
    assert client_as("leader").get(reverse("members:member_import")).status_code == 403


def test_organizations_and_cadres_import(client_as, tree):
    client = client_as("county_staff")
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
    page = client.post(
        reverse("organizations:organization_import"), {"action": "dry_run", "file": orgs}
    )
    client.post(
        reverse("organizations:organization_import"),
        {"action": "confirm", "token": page.context["token"]},
    )
    village = Organization.objects.get(code="FY001009")
    assert village.township == tree.township_a and village.households_covered == 320
    cadres = workbook(
        [["张强", "FY001", "党委书记", "党政主要负责同志", "13600002222", 1975]],
        headers=["姓名", "所在单位编码", "职务", "类别", "手机号码", "出生年份"],
    )
    page = client.post(reverse("cadres:cadre_import"), {"action": "dry_run", "file": cadres})
    assert page.context["failed"] == 0
    client.post(
        reverse("cadres:cadre_import"), {"action": "confirm", "token": page.context["token"]}
    )
    assert Cadre.objects.get(name="张强").township == tree.township_a


def test_round_trip_full_export_then_import_gives_the_same_records(client_as, tree):
    from organizations.models import PersonalDataReveal
    from tests.factories import MemberFactory

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
    page = client.post(
        reverse("members:member_import"), {"action": "dry_run", "file": workbook(upload)}
    )
    assert page.context["failed"] == 0 and page.context["updated"] == 2
    client.post(
        reverse("members:member_import"), {"action": "confirm", "token": page.context["token"]}
    )
    after = list(Member.objects.order_by("pk").values())
    for row in before + after:
        row.pop("updated_at")
    assert after == before


def test_leaders_never_get_the_full_export(client_as, tree):
    from tests.factories import MemberFactory

    member = MemberFactory(organization=tree.village_a)
    export = client_as("leader").get(
        reverse("members:member_list"), {"format": "xlsx", "full": "1"}
    )
    assert member.id_number not in b"".join(export.streaming_content).decode("latin-1")


IMPORT_PAGES = [
    ("members:member_import", "members:member_import_template", "members:member_import_errors"),
    ("cadres:cadre_import", "cadres:cadre_import_template", "cadres:cadre_import_errors"),
    (
        "organizations:organization_import",
        "organizations:organization_import_template",
        "organizations:organization_import_errors",
    ),
]


@pytest.mark.parametrize(("page", "template", "errors"), IMPORT_PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county_staff", 200),
        ("leader", 403),
        ("township_a", 200),
        ("township_b", 200),
        ("branch", 200),
    ],
)
def test_import_pages_for_every_persona(client_as, tree, page, template, errors, persona, status):
    client = client_as(persona)
    assert client.get(reverse(page)).status_code == status
    assert client.get(reverse(template)).status_code == status
    unknown = client.get(reverse(errors, args=["0" * 32]))
    assert unknown.status_code == (404 if status == 200 else status)
