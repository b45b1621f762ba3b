"""Settings shared by every environment. The database is chosen by ``DATABASE_URL``."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from seonggwa.accounts.directory import GroupRole
from seonggwa.config.directory import directory_settings

BASE_DIR = Path(__file__).resolve().parents[2]  # src/seonggwa
PROJECT_DIR = BASE_DIR.parents[1]
VAR_DIR = Path(os.environ.get("SEONGGWA_VAR_DIR", PROJECT_DIR / "var"))

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'seonggwa.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
# Connections are closed after each request by default: `seonggwa serve` (Django's server)
# runs each request in a new thread, so kept connections would pile up until PostgreSQL
# refuses more. A server with a fixed pool of workers may keep them for
# SEONGGWA_DB_CONN_MAX_AGE seconds (health-checked before reuse).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("SEONGGWA_DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}

SECRET_KEY = os.environ.get("SEONGGWA_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = os.environ.get("SEONGGWA_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("SEONGGWA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "seonggwa.web.admin_config.LazyAdminConfig",  # django.contrib.admin, discovered with the URLs
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "seonggwa.organisations",
    "seonggwa.accounts",
    "seonggwa.plans",
    "seonggwa.results",
    "seonggwa.sources",
    "seonggwa.frameworks",
    "seonggwa.audit",
    "seonggwa.notifications",
    "seonggwa.planning",
    "seonggwa.evaluation",
    "seonggwa.consignment",
    "seonggwa.risks",
    "seonggwa.projects",
    "seonggwa.reviews",
    "seonggwa.council",
    "seonggwa.web",
    "seonggwa.jobs",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # first: /healthz answers before the HTTPS redirect, the host check, sessions and sign-in
    "seonggwa.web.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # posted text with control characters (NUL, ESC, …) is refused before any view reads it
    "seonggwa.web.clean_input.ControlCharacterGuard",
    "seonggwa.audit.middleware.AuditActorMiddleware",
    # a temporary password set by the office is changed before any other page
    "seonggwa.web.password_gate.PasswordChangeGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last, as django-axes asks: turns a locked-out sign-in into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "seonggwa.config.urls"
WSGI_APPLICATION = "seonggwa.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seonggwa.web.navigation.navigation",
                "seonggwa.web.notification_views.notification_badge",
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploaded evidence: size and type are checked by the upload services.
# Before `import --replace` deletes a plan, the organisation's backup is written here
# (seonggwa.backup.replace); `seonggwa restore FILE --replace` brings it back.
SEONGGWA_BACKUP_DIR = Path(os.environ.get("SEONGGWA_BACKUP_DIR", VAR_DIR / "backups"))
SEONGGWA_MAX_UPLOAD_BYTES = int(os.environ.get("SEONGGWA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = SEONGGWA_MAX_UPLOAD_BYTES
# An upload is never stored past SEONGGWA_MAX_UPLOAD_BYTES + 1 bytes (the rest is counted,
# so the views refuse it by its size; docs/limits.md).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "seonggwa.web.upload_handlers.BoundedTemporaryFileUploadHandler",
]
# Import limits (docs/limits.md, "Import limits"): every file an import or upload reads is
# bounded by these (seonggwa.core.limits) before a parser sees it — text size, archive and
# PDF size, inflated size, compression ratio, zip entries, PDF pages and page size. Each is
# a setting of the same name, read from the environment (defaults: core.limits.LIMITS).
_MiB = 1024 * 1024
SEONGGWA_MAX_TEXT_BYTES = int(os.environ.get("SEONGGWA_MAX_TEXT_BYTES") or 20 * _MiB)
SEONGGWA_MAX_ARCHIVE_BYTES = int(os.environ.get("SEONGGWA_MAX_ARCHIVE_BYTES") or 20 * _MiB)
SEONGGWA_MAX_PDF_BYTES = int(os.environ.get("SEONGGWA_MAX_PDF_BYTES") or 50 * _MiB)
SEONGGWA_MAX_INFLATED_BYTES = int(os.environ.get("SEONGGWA_MAX_INFLATED_BYTES") or 64 * _MiB)
SEONGGWA_MAX_COMPRESSION_RATIO = int(os.environ.get("SEONGGWA_MAX_COMPRESSION_RATIO") or 200)
SEONGGWA_MAX_ZIP_ENTRIES = int(os.environ.get("SEONGGWA_MAX_ZIP_ENTRIES") or 2000)
SEONGGWA_MAX_PDF_PAGES = int(os.environ.get("SEONGGWA_MAX_PDF_PAGES") or 2000)
SEONGGWA_MAX_PDF_PAGE_BYTES = int(os.environ.get("SEONGGWA_MAX_PDF_PAGE_BYTES") or 16 * _MiB)
SEONGGWA_MAX_BACKUP_BYTES = int(os.environ.get("SEONGGWA_MAX_BACKUP_BYTES") or 2048 * _MiB)
# The name of the inflated-size limit before 0.2 is still honoured.
if os.environ.get("SEONGGWA_MAX_XLSX_UNPACKED_BYTES") and not os.environ.get(
    "SEONGGWA_MAX_INFLATED_BYTES"
):
    SEONGGWA_MAX_INFLATED_BYTES = int(os.environ["SEONGGWA_MAX_XLSX_UNPACKED_BYTES"])

# Signing in: the site's own form for every role (the admin's login stays staff-only).
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:my-work"
LOGOUT_REDIRECT_URL = "web:home"
# A session lasts SEONGGWA_SESSION_HOURS (default 8, a working day) and ends when the browser
# closes, whichever comes first.
SESSION_COOKIE_AGE = int(float(os.environ.get("SEONGGWA_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes): after SEONGGWA_LOGIN_FAILURE_LIMIT failed sign-ins (default
# 5) from one IP address for one user name, that pair is locked for
# SEONGGWA_LOGIN_COOLOFF_MINUTES (default 15). An unknown user name is counted like a known
# one, so the lockout says nothing about which accounts exist. Every authenticate() call needs
# the request (Django's test client's login() has none: use force_login in tests).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SEONGGWA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SEONGGWA_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/accounts/locked.html"

# Directory sign-in (LDAP): off unless SEONGGWA_LDAP_URI is set; then the directory's people
# sign in with its password beside the local accounts, and SEONGGWA_LDAP_ROLE_MAP gives the
# members of its groups their roles at each sign-in (seonggwa.config.directory, README).
SEONGGWA_LDAP_ROLE_MAP: tuple[GroupRole, ...] = ()
globals().update(directory_settings(os.environ, AUTHENTICATION_BACKENDS))

# E-mail (notifications): the console by default; SMTP when SEONGGWA_EMAIL_HOST is set.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("SEONGGWA_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("SEONGGWA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SEONGGWA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SEONGGWA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SEONGGWA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("SEONGGWA_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("SEONGGWA_EMAIL_FROM", "seonggwa@localhost")
# The site's address, for links in e-mails.
SEONGGWA_SITE_URL = os.environ.get("SEONGGWA_SITE_URL", "http://127.0.0.1:8000")
# `seonggwa remind` warns this many days before an entry window closes.
SEONGGWA_REMIND_DAYS = int(os.environ.get("SEONGGWA_REMIND_DAYS", "3"))
# the job worker sends the reminders itself once a day after this local time ("HH:MM"; empty:
# never, e.g. where cron runs `seonggwa remind`)
SEONGGWA_REMIND_AT = os.environ.get("SEONGGWA_REMIND_AT", "09:00")

# Background jobs (docs/jobs.md): django-tasks with its ORM backend, so the queue lives in the
# same database (SQLite or PostgreSQL); `seonggwa worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# a running job whose heartbeat is older than this is failed by the sweep (its worker died)
SEONGGWA_JOB_STALE_SECONDS = int(os.environ.get("SEONGGWA_JOB_STALE_SECONDS", "300"))
# the worker sweeps stale jobs at start and then at most this often
SEONGGWA_JOB_SWEEP_EVERY = int(os.environ.get("SEONGGWA_JOB_SWEEP_EVERY", "60"))
# finished jobs (their files too) are deleted this many days after they end, by the sweep
SEONGGWA_JOB_KEEP_DAYS = int(os.environ.get("SEONGGWA_JOB_KEEP_DAYS", "7"))

# a report download heavier than this (rows + 10 per chart, times the format's cost: PDF 1,
# HWPX 0.5, XLSX 0.2; seonggwa.reports.tasks) is made by a background job with a progress page
SEONGGWA_REPORT_BACKGROUND_OVER = int(os.environ.get("SEONGGWA_REPORT_BACKGROUND_OVER", "400"))
# an import confirmed in the browser runs as a background job when the file is a PDF or larger
# than this many bytes (seonggwa.web.import_tasks)
SEONGGWA_IMPORT_BACKGROUND_OVER = int(
    os.environ.get("SEONGGWA_IMPORT_BACKGROUND_OVER", str(1024 * 1024))
)
# an evaluation run started in the browser runs as a background job when the plan has more
# indicators than this (seonggwa.evaluation.tasks; about 1 s of run per 800 indicators)
SEONGGWA_EVALUATION_BACKGROUND_OVER = int(
    os.environ.get("SEONGGWA_EVALUATION_BACKGROUND_OVER", "1000")
)
# the PDF writer: "typst" (in process, fast) or "weasyprint" (the shared HTML; seonggwa.reports.pdf)
SEONGGWA_PDF_ENGINE = os.environ.get("SEONGGWA_PDF_ENGINE", "typst")

# Server errors (a 500's traceback) and refused requests go to standard error, whatever
# DEBUG says: the operator reads them in the service's log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# The REST API's rate limit (seonggwa.api, docs/api.md): requests per window per client (a
# token's owner, or the IP address of an anonymous caller), counted in the default cache;
# 0 turns a limit off.
SEONGGWA_API_RATE_WINDOW = int(os.environ.get("SEONGGWA_API_RATE_WINDOW", "60"))
SEONGGWA_API_RATE_ANONYMOUS = int(os.environ.get("SEONGGWA_API_RATE_ANONYMOUS", "120"))
SEONGGWA_API_RATE_TOKEN = int(os.environ.get("SEONGGWA_API_RATE_TOKEN", "600"))

# Published figures and precomputed pages (seonggwa.core.readcache, docs/deploy.md "Caching
# published figures"): every gunicorn worker reads the same store. SEONGGWA_FIGURES_CACHE is
# "file" (default: files under $SEONGGWA_VAR_DIR/cache/figures, shared by the workers of one
# machine), "db" (a table of the database, `seonggwa init` creates it: shared by every
# machine) or "memory" (one process: tests, the development server). Entries are keyed on the
# state of what they were computed from, so a publication, a withdrawal or a change makes new
# keys; the old ones are culled or expire after SEONGGWA_FIGURES_CACHE_SECONDS.
SEONGGWA_FIGURES_CACHE = os.environ.get("SEONGGWA_FIGURES_CACHE", "file")
SEONGGWA_FIGURES_CACHE_SECONDS = int(os.environ.get("SEONGGWA_FIGURES_CACHE_SECONDS", "86400"))
# each process keeps its last answers in memory in front of the store (0: none)
SEONGGWA_FIGURES_LOCAL_ENTRIES = int(os.environ.get("SEONGGWA_FIGURES_LOCAL_ENTRIES", "256"))
_FIGURES_OPTIONS = {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4}
if SEONGGWA_FIGURES_CACHE == "db":
    _figures: dict[str, object] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "seonggwa_figures_cache",
    }
elif SEONGGWA_FIGURES_CACHE == "memory":
    _figures = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures"}
elif SEONGGWA_FIGURES_CACHE == "file":
    _figures = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "figures"),
    }
else:
    raise ValueError(f"SEONGGWA_FIGURES_CACHE={SEONGGWA_FIGURES_CACHE!r}: use file, db or memory")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {**_figures, "TIMEOUT": SEONGGWA_FIGURES_CACHE_SECONDS, "OPTIONS": _FIGURES_OPTIONS},
}
