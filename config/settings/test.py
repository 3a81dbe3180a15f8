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
# A second alias standing for a read replica: in tests the same database (a mirror), used
# only where a test turns READ_REPLICA on (tests/test_read_replica.py).
DATABASES["replica"] = {  # noqa: F405
    **DATABASES["default"],  # noqa: F405
    "ATOMIC_REQUESTS": False,  # a replica is only read
    "TEST": {"MIRROR": "default"},
}
