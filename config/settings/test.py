"""Settings for the test suite: the dev settings with a fast password hasher, and uploads
kept in a temporary folder instead of the project's media/."""

import tempfile
from pathlib import Path

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="zhandou-test-media-"))
# Jobs run before the response, so a test sees them done (tests/test_jobs.py also runs a
# real Celery worker on Redis).
JOBS_RUN_INLINE = True
