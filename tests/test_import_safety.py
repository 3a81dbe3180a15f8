"""An imported text that starts as a formula does is refused (issue #15, item 8, the import
half): a name, post or secretary typed as `=HYPERLINK(...)` would run as a formula when the
list is exported and opened. Refused, not changed, so what is stored is what was typed;
phones written "+86 …" and numbers are not text and still work."""

import io

import openpyxl
import pytest
from django.urls import reverse

from cadres.models import Cadre
from members.models import Member
from organizations.models import Organization

from .test_import_spreadsheets import (
    HEADERS,
    MEMBERS,
    ORG_HEADERS,
    ORGANIZATIONS,
    columns,
    dry_run,
    member_row,
)

PAYLOADS = ['=HYPERLINK("http://x","点我")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1", "-2+3"]
PAYLOADS += ["＝1+1"]  # full-width, which the importer reads as ASCII
REFUSED = "文字不能以 = + - @ 开头"


def xlsx(rows, headers=HEADERS) -> bytes:
    """A workbook whose texts are text cells, as Excel saves "'=1+1" (openpyxl alone would
    save a text starting with "=" as a formula, which the importer reads as empty)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for values in [headers, *rows]:
        sheet.append(values)
    for cell in (cell for row in sheet.iter_rows() for cell in row):
        if isinstance(cell.value, str):
            cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_member_named_as_a_formula_is_refused_and_the_error_file_keeps_it_as_text(
    web, tree, payload
):
    browser = web("township_a")
    rows = [member_row("王一", 手机号码="+86 137 1234 5678"), member_row(payload)]
    page = dry_run(browser, MEMBERS, xlsx(columns(rows)))
    good, bad = page.context["results"]
    assert good.errors == []  # "+86 …" is a phone, not a formula
    assert [column for column, _ in bad.errors] == ["姓名"]
    assert REFUSED in bad.errors[0][1]
    errors = browser.get(reverse("members:member_import_errors", args=[page.context["token"]]))
    sheet = openpyxl.load_workbook(io.BytesIO(errors.body)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert sheet.cell(row=2, column=2).value == payload
    assert not Member.objects.exists()


def test_a_member_with_a_formula_for_ethnicity_is_refused(web, tree):
    page = dry_run(web("township_a"), MEMBERS, xlsx(columns([member_row(民族="=1+1")])))
    (row,) = page.context["results"]
    assert [column for column, _ in row.errors] == ["民族"]
    assert not Member.objects.exists()


def test_a_cadre_whose_post_is_a_formula_is_refused(web, tree):
    headers = ["姓名", "所在单位编码", "职务", "类别", "出生年份"]
    content = xlsx([["张三", tree.township_a.code, "=1+1", "党政主要负责同志", 1978]], headers)
    page = dry_run(web("county_staff"), reverse("cadres:cadre_import"), content)
    (row,) = page.context["results"]
    assert ("职务", REFUSED) in [(column, text[: len(REFUSED)]) for column, text in row.errors]
    assert not Cadre.objects.filter(name="张三").exists()


def test_an_organization_named_as_a_formula_is_refused(web, tree):
    before = Organization.objects.count()
    row = ['=HYPERLINK("http://x","点我")', "FY009001", "党支部", "农村"]
    row += [tree.township_a.code, "-李四", "0371-12345678", 100]
    page = dry_run(web("county_staff"), ORGANIZATIONS, xlsx([row], ORG_HEADERS))
    (result,) = page.context["results"]
    assert sorted(column for column, _ in result.errors) == ["书记", "名称"]
    assert Organization.objects.count() == before
