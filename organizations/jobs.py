"""Long work off the request: a `Job` row the user watches, run by a Celery worker or, where
no broker is configured (`make run` on a fresh machine), by a thread of the web process.

Why a thread and not Celery's eager mode for the embedded default: eager mode runs the task
inside the request, which is what jobs exist to avoid; a thread lets the request answer at
once with the job's page and its progress bar, as a worker would, and needs nothing
installed. It dies with the process, so production configures `CELERY_BROKER_URL` (Redis)
and runs `make worker`.

An export job reads its rows as its user, through the very list view the user exported
from (same scope, filters, sort and columns): there is one definition of what a list holds.
An import job runs the import page's own steps on the file the user uploaded there, as its
user, and keeps its result where the page reads it.
"""

import datetime
import logging
import tempfile
import threading
import uuid

from django.conf import settings
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections, transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from config.routers import replica_reads

from .exports import export_filename, write_xlsx
from .models import Job, JobState

logger = logging.getLogger(__name__)

EXPORT = "export"
IMPORT = "import"


def export_job_create(*, user, title: str, path: str, query: str, total: int) -> Job:
    """Queue an export of the list at `path` with the filters in `query`, as `user`."""
    purge_jobs()
    job = Job.objects.create(
        user=user,
        kind=EXPORT,
        title=_("导出%(title)s") % {"title": title},
        path=path,
        query=query,
        total=total,
    )
    enqueue(job)
    return job


def import_job_create(*, user, title: str, path: str, token: str, confirm: bool, total: int) -> Job:
    """Queue the import page at `path` on the upload `token` (its dry run, or `confirm`)."""
    purge_jobs()
    label = _("确认导入") if confirm else _("试导入")
    job = Job.objects.create(
        user=user,
        kind=IMPORT,
        title=_("%(action)s%(title)s") % {"action": label, "title": title},
        path=path,
        query=urlencode({"token": token, "action": "confirm" if confirm else "dry_run"}),
        total=total,
    )
    enqueue(job)
    return job


def enqueue(job: Job) -> None:
    if getattr(settings, "JOBS_RUN_INLINE", False):
        run_job(job.pk)  # the test suite: done before the response, deterministic
    elif settings.CELERY_BROKER_URL:
        from .tasks import run_job_task  # the task module imports this one

        transaction.on_commit(lambda: run_job_task.delay(job.pk))
    else:
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
        )


def _run_in_thread(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def run_job(job_id: int) -> None:
    """Do the job; a failure is recorded with its reason in Chinese and leaves no file."""
    # Taken by one run only, even if the broker delivers the task twice.
    if not Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(state=JobState.RUNNING):
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.kind == IMPORT:
        _run_import(job)
        return
    with tempfile.TemporaryFile() as handle:
        try:
            if job.kind != EXPORT:
                raise ValueError(job.kind)
            name = _export(job, handle)
        except Exception:
            _fail(job, _("任务未能完成，未生成文件；请重试，或缩小筛选范围后再导出。"))
            return
        job.refresh_from_db()
        handle.seek(0)
        job.result.save(f"{uuid.uuid4().hex}.xlsx", File(handle), save=False)
    job.result_name = name
    job.state = JobState.DONE
    job.finished_at = timezone.now()
    job.save()


def _fail(job: Job, error: str) -> None:
    logger.exception("job %s failed", job.pk)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error=error, finished_at=timezone.now()
    )


def _view(job: Job, request):
    """The view at the job's path, set up for `request` as `as_view()` would."""
    match = resolve(job.path)
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    return view


def _request(job: Job, query: str):
    request = RequestFactory().get(job.path)
    request.GET = QueryDict(query)
    request.user = job.user
    return request


def _run_import(job: Job) -> None:
    """The import page's steps, as its user, on the uploaded file; the summary and the page
    of the result are kept on the job. A failure writes nothing: the confirm is one
    transaction, rolled back by the exception."""
    asked = QueryDict(job.query)
    view = _view(job, _request(job, ""))
    try:
        steps = view.steps(
            job.user, view.upload_path(asked["token"]), confirm=asked["action"] == "confirm"
        )
        with ProgressWriter(job) as progress:
            outcome = progress.follow(steps)
        summary, next_url = view.summary(outcome, asked["token"])
    except Exception:
        _fail(job, _("导入未能完成，未写入任何数据；请重新上传。"))
        return
    rows = len(outcome["results"])
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        stage="write" if asked["action"] == "confirm" else "check",
        summary=summary,
        next_url=next_url,
        done=rows,
        total=rows,
        finished_at=timezone.now(),
    )


class ProgressWriter:
    """Saves an import's progress where its page can read it while the import's own
    transaction is still open (rows are checked and written inside one): on a database
    connection of its own, in autocommit. On the same connection where that cannot be: in
    SQLite, whose one writer at a time would wait for the import to finish (the bar then
    moves at the end), and in the test suite, where jobs run inline inside the test's
    transaction."""

    def __init__(self, job: Job):
        self.job = job
        self.connection = None

    def __enter__(self):
        inline = getattr(settings, "JOBS_RUN_INLINE", False)
        if not inline and connections[DEFAULT_DB_ALIAS].vendor != "sqlite":
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        return self

    def __exit__(self, *exc):
        if self.connection is not None:
            self.connection.close()

    def save(self, stage: str, done: int, total: int) -> None:
        total = total or self.job.total
        done = min(done, total)
        if self.connection is None:
            Job.objects.filter(pk=self.job.pk).update(stage=stage, done=done, total=total)
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET stage = %s, done = %s, total = %s WHERE id = %s",
                [stage, done, total, self.job.pk],
            )

    def follow(self, steps) -> dict:
        """Drive the import's `steps` to their end, saving each step; return the outcome.
        On any failure the steps are closed first, which rolls their transaction back."""
        try:
            while True:
                self.save(*next(steps))
        except StopIteration as stop:
            return stop.value
        except BaseException:
            steps.close()
            raise


def _export(job: Job, handle) -> str:
    """The list view at the job's path, set up for the job's user and query, writes the
    workbook to `handle`; progress is saved every few hundred rows. Returns the file name."""
    request = _request(job, job.query)
    view = _view(job, request)
    rows = view.get_queryset()
    total = rows.count()
    Job.objects.filter(pk=job.pk).update(total=total)

    def progress(done: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=min(done, total))

    title = str(view.export_title)
    columns = view.export_columns_for(request)
    with replica_reads():  # an export may read a moment behind (config/routers.py)
        written = write_xlsx(handle, rows.iterator(chunk_size=2000), columns, title, progress)
    Job.objects.filter(pk=job.pk).update(done=written, total=max(written, total))
    return export_filename(title)


def purge_jobs(now: datetime.datetime | None = None) -> int:
    """Delete jobs older than JOB_KEEP_HOURS with their files; return how many. A job still
    queued or running after JOB_STALE_MINUTES was cut off (its worker or web process stopped)
    and is marked failed, so its page stops waiting; an import cut off wrote nothing, its
    transaction having died with it."""
    now = now or timezone.now()
    Job.objects.filter(
        state__in=(JobState.QUEUED, JobState.RUNNING),
        created_at__lt=now - datetime.timedelta(minutes=settings.JOB_STALE_MINUTES),
    ).update(
        state=JobState.FAILED,
        error=_("任务被中断（服务重启或停止），没有完成；请重新提交。"),
        finished_at=now,
    )
    old = Job.objects.filter(created_at__lt=now - datetime.timedelta(hours=settings.JOB_KEEP_HOURS))
    count = 0
    for job in old:
        if job.result:
            job.result.delete(save=False)  # through the storage, wherever it keeps files
        job.delete()
        count += 1
    return count
