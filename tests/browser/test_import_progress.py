"""The import page with its script: progress lines while rows are checked and written."""

import datetime
import json

import openpyxl

from members.models import Member
from organizations.choices import OrganizationKind
from organizations.models import Organization, User
from organizations.personal import build_id_number

ROWS = 500


def members_file(path, codes):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
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
    )
    for n in range(ROWS):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n)
        number = build_id_number("410799", birth, 1)
        code = codes[n % len(codes)]
        sheet.append([f"导入{n}", number, "", "汉族", "高中", code, "在职", "2010-07-01", None])
    book.save(path)


# Keeps every text the progress bar's label is given, across the navigation to the result.
RECORD_PROGRESS = """
const text = Object.getOwnPropertyDescriptor(Node.prototype, "textContent");
Object.defineProperty(Node.prototype, "textContent", {
  get() { return text.get.call(this); },
  set(value) {
    if (this.dataset && "progressText" in this.dataset) {
      const seen = JSON.parse(sessionStorage.getItem("progress") || "[]");
      sessionStorage.setItem("progress", JSON.stringify([...seen, value]));
    }
    text.set.call(this, value);
  },
});
"""


def shown_progress(page):
    seen = json.loads(page.evaluate("sessionStorage.getItem('progress') || '[]'"))
    page.evaluate("sessionStorage.removeItem('progress')")
    return seen


def test_a_township_secretary_imports_members_watching_the_progress(open_page, tmp_path):
    user = User.objects.get(username="town01")
    codes = list(
        Organization.objects.filter(
            township=user.organization, kind=OrganizationKind.BRANCH
        ).values_list("code", flat=True)
    )
    members_file(tmp_path / "党员.xlsx", codes)
    before = Member.objects.count()
    page = open_page("town01")
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))

    page.add_init_script(RECORD_PROGRESS)
    page.goto(f"{page.base}/members/import/")
    page.click("button:has-text('试导入')")  # no file: the plain post shows why
    page.wait_for_selector("text=请选择系统模板格式的 Excel 文件")
    page.set_input_files("input[name=file]", str(tmp_path / "党员.xlsx"))
    page.click("button:has-text('试导入')")
    page.wait_for_url("**/members/import/?result=*")
    seen = shown_progress(page)
    assert seen[-1] == f"逐行检查：{ROWS} / {ROWS} 行", seen
    assert f"共 {ROWS} 行：新增 {ROWS}，更新 0，有错误 0。" in page.inner_text(".alert-success")
    assert Member.objects.count() == before

    page.click("button:has-text('确认导入')")
    page.wait_for_url("**/members/")
    assert shown_progress(page)[-1] == f"写入：{ROWS} / {ROWS} 行"
    assert f"已导入 {ROWS} 行。" in page.content()
    assert Member.objects.count() == before + ROWS
    imported = Member.history.filter(name__startswith="导入", history_user=user)
    assert imported.count() == ROWS
    assert not problems, problems
