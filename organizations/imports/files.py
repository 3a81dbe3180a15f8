"""Where an import keeps its uploaded file and its result between the dry run and the
confirm, and for how long.

The upload holds full personal data and the result masked ID numbers; neither is kept
longer than the import needs. The upload is deleted after the confirm, and both are deleted
`IMPORT_KEEP_MINUTES` after they were last written, whatever happened in between (a dry
run never confirmed, a worker killed half-way): by `manage.py purge_imports`, which the
scheduler runs, and at every new upload.
"""

import time
from pathlib import Path

from django.conf import settings


def folder() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def result_path(upload_path: str | Path) -> Path:
    return Path(upload_path).with_suffix(".json")


def purge_expired(*, now: float | None = None) -> int:
    """Delete the kept files older than `IMPORT_KEEP_MINUTES`; return how many."""
    cutoff = (time.time() if now is None else now) - settings.IMPORT_KEEP_MINUTES * 60
    deleted = 0
    for path in folder().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except FileNotFoundError:  # another worker deleted it first
            continue
    return deleted
