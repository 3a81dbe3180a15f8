"""Long work off the request: a `Job` row the user watches, run by a Celery worker or, where
no broker is configured (`make run` on a fresh machine), by a thread of the web process.

Why a thread and not Celery's eager mode for the embedded default: eager mode runs the task
inside the request, which is what jobs exist to avoid; a thread lets the request answer at
once with the job's page and its progress bar, as a worker would, and needs nothing
installed. It dies with the process, so production configures `CELERY_BROKER_URL` (Redis)
and runs `make worker`.

An export job reads its rows as its user, through the very list view the user exported
from (same scope, filters, sort and columns): there is one definition of what a list holds.
"""

import datetime
import logging
import tempfile
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import close_old_connections, transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from .exports import export_filename, write_xlsx
from .models import Job, JobState

logger = logging.getLogger(__name__)

EXPORT = "export"


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
    with tempfile.TemporaryFile() as handle:
        try:
            if job.kind != EXPORT:
                raise ValueError(job.kind)
            name = _export(job, handle)
        except Exception:
            logger.exception("job %s failed", job.pk)
            Job.objects.filter(pk=job.pk).update(
                state=JobState.FAILED,
                error=_("任务未能完成，未生成文件；请重试，或缩小筛选范围后再导出。"),
                finished_at=timezone.now(),
            )
            return
        job.refresh_from_db()
        handle.seek(0)
        job.result.save(f"{uuid.uuid4().hex}.xlsx", File(handle), save=False)
    job.result_name = name
    job.state = JobState.DONE
    job.finished_at = timezone.now()
    job.save()


def _export(job: Job, handle) -> str:
    """The list view at the job's path, set up for the job's user and query, writes the
    workbook to `handle`; progress is saved every few hundred rows. Returns the file name."""
    match = resolve(job.path)
    request = RequestFactory().get(job.path)
    request.GET = QueryDict(job.query)
    request.user = job.user
    view = match.func.view_class()
    view.setup(request, *match.args, **match.kwargs)
    rows = view.get_queryset()
    total = rows.count()
    Job.objects.filter(pk=job.pk).update(total=total)

    def progress(done: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=min(done, total))

    title = str(view.export_title)
    columns = view.export_columns_for(request)
    written = write_xlsx(handle, rows.iterator(chunk_size=2000), columns, title, progress)
    Job.objects.filter(pk=job.pk).update(done=written, total=max(written, total))
    return export_filename(title)


def purge_jobs(now: datetime.datetime | None = None) -> int:
    """Delete jobs older than JOB_KEEP_HOURS with their files; return how many."""
    now = now or timezone.now()
    old = Job.objects.filter(created_at__lt=now - datetime.timedelta(hours=settings.JOB_KEEP_HOURS))
    count = 0
    for job in old:
        if job.result:
            Path(job.result.path).unlink(missing_ok=True)
        job.delete()
        count += 1
    return count
