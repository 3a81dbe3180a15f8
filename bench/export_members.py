"""Export the whole member register as county staff, as the job a user's request queues.

Run by bench/run.py against each scale's database (or alone, with DATABASE_URL set); prints
one JSON line: rows, seconds, rows per second, and the peak memory of the process. The job
and its file are deleted at the end.

    DATABASE_URL=… python bench/export_members.py
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.urls import reverse  # noqa: E402

from organizations.jobs import run_job  # noqa: E402
from organizations.models import Job, User  # noqa: E402


def main() -> None:
    user = User.objects.get(username="county")
    job = Job.objects.create(
        user=user, kind="export", title="导出党员名册", path=reverse("members:member_list")
    )
    started = time.perf_counter()
    run_job(job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "page": "member register export (job)",
                "state": job.state,
                "rows": job.done,
                "seconds": round(seconds, 1),
                "rows_per_s": round(job.done / seconds),
                "peak_mb": round(peak_mb),
            }
        )
    )
    if job.result:
        job.result.delete(save=False)
    job.delete()


if __name__ == "__main__":
    main()
