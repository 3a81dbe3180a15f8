"""Long work off the request (issue #17 §1): an export of more rows than EXPORT_INLINE_ROWS
becomes a job with a progress page; its workbook holds exactly what the list holds; a job is
its user's alone; a failure says why and leaves no file; old jobs are purged; and a real
Celery worker on Redis runs one (PostgreSQL, as in CI)."""

import datetime
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from organizations.jobs import purge_jobs, run_job
from organizations.models import Job, JobState
from tests.factories import MemberFactory

ROOT = Path(__file__).resolve().parents[1]
MEMBERS = reverse("members:member_list")


def _sheet(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def members(tree):
    for number in range(5):
        MemberFactory(organization=tree.village_a, name=f"甲党员{number}")
    MemberFactory(organization=tree.community_b, name="乙党员")


def test_a_large_export_is_a_job_whose_workbook_is_the_lists_export(
    web, settings, members, personas
):
    browser = web("township_a")
    inline = browser.get(MEMBERS, {"format": "xlsx", "sort": "name"})
    settings.EXPORT_INLINE_ROWS = 2
    asked = browser.get(MEMBERS, {"format": "xlsx", "sort": "name"})
    job = Job.objects.get()
    assert asked.status_code == 302 and asked.location == job.get_absolute_url()
    page = asked.follow()
    assert "共 5 条，正在后台导出" in page.text and "已完成" in page.text
    assert (job.user, job.state, job.done, job.total) == (personas.township_a, "done", 5, 5)
    download = page.click(description="下载")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert _sheet(download.body) == _sheet(inline.body)
    assert "乙党员" not in str(_sheet(download.body))
    listed = browser.get(reverse("organizations:job_list"))
    assert "导出党员名册" in listed.text
    status = browser.get(job.get_absolute_url(), {"format": "json"}).json
    assert status == {
        "state": "done",
        "state_label": "已完成",
        "stage_label": "",
        "done": 5,
        "total": 5,
        "percent": 100,
        "finished": True,
        "next": "",
    }


def test_a_job_is_its_users_alone(web, settings, members):
    settings.EXPORT_INLINE_ROWS = 2
    web("township_a").get(MEMBERS, {"format": "xlsx"})
    job = Job.objects.get()
    for persona in ("county_staff", "township_b", "branch"):
        browser = web(persona)
        browser.get(job.get_absolute_url(), status=404)
        browser.get(reverse("organizations:job_download", args=[job.pk]), status=404)
        assert "导出党员名册" not in browser.get(reverse("organizations:job_list")).text


def test_a_failed_job_says_why_and_leaves_no_file(web, personas):
    job = Job.objects.create(user=personas.township_a, kind="unknown", title="导出名册", path="/")
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.state, bool(job.result)) == (JobState.FAILED, False)
    page = web("township_a").get(job.get_absolute_url())
    assert "任务未能完成，未生成文件" in page.text
    web("township_a").get(reverse("organizations:job_download", args=[job.pk]), status=404)


def test_old_jobs_and_their_files_are_purged(web, settings, members, personas):
    settings.EXPORT_INLINE_ROWS = 2
    web("township_a").get(MEMBERS, {"format": "xlsx"})
    old = Job.objects.get()
    kept = Job.objects.create(user=personas.township_a, kind="export", title="新", path=MEMBERS)
    Job.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=settings.JOB_KEEP_HOURS + 1)
    )
    file = Path(old.result.path)
    assert file.exists()
    assert purge_jobs() == 1
    assert not file.exists()
    assert list(Job.objects.all()) == [kept]


def test_a_job_cut_off_by_a_restart_is_marked_failed_and_its_page_says_so(web, settings, personas):
    def job(minutes_ago, state):
        made = Job.objects.create(
            user=personas.township_a, kind="export", title="导出名册", path=MEMBERS, state=state
        )
        asked = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        Job.objects.filter(pk=made.pk).update(created_at=asked)
        return made

    stale = settings.JOB_STALE_MINUTES + 1
    cut_off, never_taken = job(stale, JobState.RUNNING), job(stale, JobState.QUEUED)
    running, done = job(1, JobState.RUNNING), job(stale, JobState.DONE)
    purge_jobs()
    states = dict(Job.objects.values_list("pk", "state"))
    assert states == {
        cut_off.pk: JobState.FAILED,
        never_taken.pk: JobState.FAILED,
        running.pk: JobState.RUNNING,
        done.pk: JobState.DONE,
    }
    page = web("township_a").get(cut_off.get_absolute_url())
    assert "任务被中断" in page.text and 'data-finished="1"' in page.text


def _redis_answers() -> bool:
    try:
        import redis

        return redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except Exception:
        return False


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not _redis_answers(),
    reason="a Celery worker in another process needs PostgreSQL and Redis (CI)",
)
def test_a_celery_worker_on_redis_runs_the_export(transactional_db, settings):
    """The production path: the request queues the job on Redis after commit, a worker in
    another process runs it against the same database, the page then offers the file."""
    from tests.county import build_personas, build_tree
    from tests.web import web_app

    tree = build_tree()
    personas = build_personas(tree)
    for number in range(4):
        MemberFactory(organization=tree.village_a, name=f"甲党员{number}")
    broker = "redis://127.0.0.1:6379/15"
    settings.JOBS_RUN_INLINE = False
    settings.CELERY_BROKER_URL = broker
    settings.EXPORT_INLINE_ROWS = 2
    from config.celery import app

    original_broker = app.conf.broker_url
    app.conf.broker_url = broker
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "ENV_FILE": "/nonexistent",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_BROKER_URL": broker,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-c", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        from tests.conftest import sign_in

        browser = web_app(personas.township_a, sign_in)
        asked = browser.get(MEMBERS, {"format": "xlsx"})
        job = Job.objects.get()
        assert asked.location == job.get_absolute_url()
        for _ in range(120):
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
        assert (job.state, job.done, job.total) == (JobState.DONE, 4, 4)
        download = browser.get(reverse("organizations:job_download", args=[job.pk]))
        names = {row[0] for row in _sheet(download.body)[1:]}
        assert names == {f"甲党员{number}" for number in range(4)}
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        app.conf.broker_url = original_broker
