"""What Celery beat runs on its own (issue #17 §1): every scheduled entry names a task the
worker knows, and each task does its housekeeping: expired import files go, old jobs go, and
the nightly backup is made while only the newest BACKUP_KEEP are kept."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app
from organizations import tasks
from organizations.imports import files


def test_every_scheduled_entry_is_a_task_the_worker_knows():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names == {
        "organizations.purge_imports",
        "organizations.purge_jobs",
        "organizations.backup",
    }
    assert names <= set(app.tasks)


def test_expired_import_files_are_purged_and_fresh_ones_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old, fresh = files.folder() / "old.xlsx", files.folder() / "fresh.xlsx"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    hour_ago = time.time() - (settings.IMPORT_KEEP_MINUTES + 1) * 60
    os.utime(old, (hour_ago, hour_ago))
    assert tasks.purge_imports_task() == 1
    assert not old.exists() and fresh.exists()


@pytest.mark.django_db
def test_the_nightly_backup_is_made_and_only_the_newest_are_kept(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEEP = 2
    suffix = (
        ".dump" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else ".sqlite3"
    )
    older = [tmp_path / f"zhandou-2026010{day}-023000{suffix}" for day in (1, 2, 3)]
    for path in older:
        path.write_bytes(b"old")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("kept")
    made = Path(tasks.backup_task())
    assert made.parent == tmp_path and made.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [made.name, older[2].name, unrelated.name]
    )
