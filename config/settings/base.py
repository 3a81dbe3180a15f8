"""Settings shared by every environment.

Everything that differs between machines comes from the environment (or a `.env` file
beside manage.py) through django-environ; `.env.example` documents each variable.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
ENV_FILE = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "treebeard",
    "simple_history",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "organizations",
    "cadres",
    "members",
    "funds",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "organizations.middleware.SessionLimitsMiddleware",
    "organizations.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "organizations.middleware.RequestEncodingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Widgets render through the project's templates too, so templates/django/forms/ can
# override one (the select, written without an include per option).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A read replica for the dashboards and large exports (config/routers.py), e.g. a
# PostgreSQL streaming standby; none by default.
READ_REPLICA = bool(env.str("REPLICA_DATABASE_URL", default=""))
if READ_REPLICA:
    DATABASES["replica"] = env.db("REPLICA_DATABASE_URL")
DATABASE_ROUTERS = ["config.routers.ReadReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "organizations.backends.ScopedModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Every page is in Simplified Chinese whatever the browser asks for: the English catalogue
# (LANGUAGES' second entry) is not written yet, and a page half in each helps nobody.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions end after 30 idle minutes and, however busy, 12 hours after login
# (organizations.middleware.SessionLimitsMiddleware).
# Roles that must sign in with a second factor (administrators always must).
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["county_staff"])
OTP_TOTP_ISSUER = "战斗堡垒"
# The admin site may delete a lost device but never shows its secret key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Two lock rules, each for LOCKOUT_MINUTES after the last wrong password
# (organizations.lockout):
# - five wrong passwords for one user name from one address lock that pair; the same user
#   can still sign in from another address, and a success before the fifth clears the count;
# - LOGIN_FAILURES_PER_ADDRESS wrong passwords from one address, whatever the user names,
#   lock the address for everyone (password spraying: four guesses on each of many
#   accounts). A county office or a township's 党建办 signs in from behind one NAT address,
#   so the default is four times the per-user limit, room for several colleagues' typos in
#   a quarter hour, while a sprayer gets 20 guesses, not 5 per account; raise it where a
#   larger office shares an address.
AXES_HANDLER = "organizations.lockout.LoginAttemptHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
# The address both rules count: REMOTE_ADDR, unless this many reverse proxies stand in
# front and each appends to X-Forwarded-For (then the entry this many from the right).
# 0 ignores X-Forwarded-For, which a client can write itself.
AXES_CLIENT_IP_CALLABLE = "organizations.lockout.client_address"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# No inline script or style anywhere; charts and forms load their code from static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# How many rows a page of a list shows.
PAGE_SIZE = 50
# The largest evidence or voucher file accepted (bytes).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# An allocation is flagged idle when, this many days after it was made, more than this
# share of it is still unspent ("保证资金用在最紧迫、最需要的地方").
FUNDS_IDLE_DAYS = env.int("FUNDS_IDLE_DAYS", default=14)
FUNDS_IDLE_SHARE = env.float("FUNDS_IDLE_SHARE", default=0.5)
# An allocation or pass-down of more than this many yuan waits for a second person's approval.
FUNDS_APPROVAL_THRESHOLD = Decimal(env.str("FUNDS_APPROVAL_THRESHOLD", default="10000"))
# A commendation's public notice (公示) lasts at least this many working days (Mon–Fri).
COMMENDATION_NOTICE_WORKING_DAYS = env.int("COMMENDATION_NOTICE_WORKING_DAYS", default=5)
# A county-wide list with no filter over a table of more rows than this shows PostgreSQL's
# estimate of its rows (约) instead of counting them on every page (organizations/counting.py).
LIST_ESTIMATE_FROM = env.int("LIST_ESTIMATE_FROM", default=100_000)
# An organization's page and the tree list this many child organizations a page.
CHILDREN_PER_PAGE = env.int("CHILDREN_PER_PAGE", default=50)
# The dashboard's township table shows this many townships a page (all when printed).
DASHBOARD_TOWNSHIP_ROWS = env.int("DASHBOARD_TOWNSHIP_ROWS", default=30)
# A need open longer than this many days is raised as an alert on the dashboard.
NEEDS_STALE_DAYS = env.int("NEEDS_STALE_DAYS", default=3)
# Spreadsheet imports: an uploaded file and its kept result are deleted this many minutes
# after the upload (`manage.py purge_imports`, and at every new upload); a file is refused
# with more data rows than this, or when its sheets take more bytes than this unpacked.
IMPORT_KEEP_MINUTES = env.int("IMPORT_KEEP_MINUTES", default=60)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
# A file of more rows is imported as a job (about 1,000 rows a second are written).
IMPORT_INLINE_ROWS = env.int("IMPORT_INLINE_ROWS", default=1000)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=50 * 1024 * 1024)
# Long work runs as a job: on Celery with this broker (Redis in production, e.g.
# redis://127.0.0.1:6379/0, with `make worker`), or, left empty, in a thread of the web
# process so `make run` needs nothing installed (organizations/jobs.py says why).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# What Celery beat runs (`make serve`, or the beat service of the deployment); without a
# broker the purges run at every new upload and job, and backups from cron.
CELERY_BEAT_SCHEDULE = {
    "purge-imports": {"task": "organizations.purge_imports", "schedule": 600.0},
    "purge-jobs": {"task": "organizations.purge_jobs", "schedule": 3600.0},
    "backup": {
        "task": "organizations.backup",
        "schedule": crontab(hour=env.int("BACKUP_HOUR", default=2), minute=30),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule")
)
# Nightly backups go here; the newest BACKUP_KEEP are kept.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default="") or BASE_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# A list export with more rows than this becomes a job with a progress bar; a job's result
# is kept this many hours (`manage.py purge_jobs`, and at every new job).
EXPORT_INLINE_ROWS = env.int("EXPORT_INLINE_ROWS", default=2000)
JOB_KEEP_HOURS = env.int("JOB_KEEP_HOURS", default=24)
# A job neither done nor failed this many minutes after it was asked for was cut off.
JOB_STALE_MINUTES = env.int("JOB_STALE_MINUTES", default=60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
