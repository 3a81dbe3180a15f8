"""Celery tasks: each runs a `Job` row by its id (organizations/jobs.py)."""

from celery import shared_task

from .jobs import run_job


@shared_task(name="organizations.run_job", ignore_result=True)
def run_job_task(job_id: int) -> None:
    run_job(job_id)
