"""Settings for a developer's or demo machine: `make run` and `manage.py` use these.

DEBUG stays off unless the environment asks for it; static files are served by WhiteNoise
straight from the source folders, so no collectstatic is needed.
"""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production-0123456789"  # noqa: F405
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
