"""Celery tasks: the jobs users ask for (`run_job`, by the `Job` row's id) and the scheduled
housekeeping that Celery beat runs (`CELERY_BEAT_SCHEDULE` in the settings)."""

import io

from celery import shared_task
from django.core.management import call_command

from .imports.files import purge_expired
from .jobs import purge_jobs, run_job


@shared_task(name="organizations.run_job", ignore_result=True)
def run_job_task(job_id: int) -> None:
    run_job(job_id)


@shared_task(name="organizations.purge_imports", ignore_result=True)
def purge_imports_task() -> int:
    """Uploaded import files and kept results past IMPORT_KEEP_MINUTES."""
    return purge_expired()


@shared_task(name="organizations.purge_jobs", ignore_result=True)
def purge_jobs_task() -> int:
    """Jobs and their files past JOB_KEEP_HOURS."""
    return purge_jobs()


@shared_task(name="organizations.backup", ignore_result=True)
def backup_task() -> str:
    """The nightly backup (`manage.py backup`), keeping the newest BACKUP_KEEP; returns its
    file. A failure raises, so the worker's log says why."""
    out = io.StringIO()
    call_command("backup", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()
