"""A large import as its user makes it: a job with a progress page, then the result page."""

import datetime

import openpyxl

from members.models import Member
from organizations.choices import OrganizationKind
from organizations.models import Job, Organization, User
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


def test_a_township_secretary_imports_members_on_a_phone_as_a_job(open_page, tmp_path, settings):
    """A file past IMPORT_INLINE_ROWS runs as a job in a thread of the server (no broker):
    the page moves to the job's progress page, then by itself to the result page."""
    settings.IMPORT_INLINE_ROWS = 100
    settings.JOBS_RUN_INLINE = False
    settings.CELERY_BROKER_URL = ""
    user = User.objects.get(username="town01")
    codes = list(
        Organization.objects.filter(
            township=user.organization, kind=OrganizationKind.BRANCH
        ).values_list("code", flat=True)
    )
    members_file(tmp_path / "党员.xlsx", codes)
    before = Member.objects.count()
    page = open_page("town01", width=390, height=844)
    problems, visited = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("framenavigated", lambda frame: visited.append(frame.url))

    page.goto(f"{page.base}/members/import/")
    page.click("button:has-text('试导入')")  # no file: the page says why
    page.wait_for_selector("text=请选择系统模板格式的 Excel 文件")
    page.set_input_files("input[name=file]", str(tmp_path / "党员.xlsx"))
    page.click("button:has-text('试导入')")
    page.wait_for_url("**/members/import/?result=*")
    job = Job.objects.get(user=user)
    assert any(url.endswith(job.get_absolute_url()) for url in visited), visited
    assert (job.state, job.stage, job.done, job.total) == ("done", "check", ROWS, ROWS)
    assert f"共 {ROWS} 行：新增 {ROWS}，更新 0，有错误 0。" in page.inner_text(".alert-success")
    assert Member.objects.count() == before
    page.screenshot(path=str(tmp_path / "result.png"), full_page=True)

    page.click("button:has-text('确认导入')")
    page.wait_for_url("**/members/")
    job = Job.objects.filter(user=user).latest("pk")
    assert (job.state, job.stage, job.done, job.summary) == (
        "done",
        "write",
        ROWS,
        f"已导入 {ROWS} 行。",
    )
    assert Member.objects.count() == before + ROWS
    imported = Member.history.filter(name__startswith="导入", history_user=user)
    assert imported.count() == ROWS
    page.goto(f"{page.base}/organizations/jobs/")
    assert f"已导入 {ROWS} 行。" in page.inner_text("#jobs")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not problems, problems
