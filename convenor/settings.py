"""Settings, read from the environment with safe defaults for the embedded setup.

The defaults run Convenor on SQLite under ``CONVENOR_DATA_DIR`` (``./var``) with
no configuration. ``CONVENOR_PRODUCTION=1`` switches on the HTTPS-only settings
that ``manage.py check --deploy`` asks for, and then requires ``SECRET_KEY``.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from convenor.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("CONVENOR_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_bool("CONVENOR_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when CONVENOR_PRODUCTION=1")
    # The embedded setup keeps a random key beside its database, so sessions
    # survive restarts and no two installations share a key.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # the API docs from local static files: no CDN, no inline script (CSP)
    "django_tasks",
    "django_tasks_db",
    "convenor.front",
    "convenor.accounts",
    "convenor.workspaces",
    "convenor.audit",
    "convenor.jobs",
    "convenor.partnerships",
    "convenor.regions",
    "convenor.partners",
    "convenor.outreach",
    "convenor.meetings",
    "convenor.planning",
    "convenor.occupations",
    "convenor.intermediaries",
    "convenor.assessment",
    "convenor.comms",
]

MIDDLEWARE = [
    "convenor.lib.busy.DatabaseBusyMiddleware",
    "convenor.lib.middleware.ApiJsonErrors",
    "convenor.lib.middleware.ContentSecurityPolicy",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "convenor.workspaces.middleware.CurrentWorkspaceMiddleware",
    "convenor.lib.middleware.RequestMemo",
]

ROOT_URLCONF = "convenor.urls"
WSGI_APPLICATION = "convenor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "convenor.workspaces.context_processors.workspace",
            ],
        },
    },
]

# A web worker keeps its database connection between requests (DB_CONN_MAX_AGE seconds,
# checked before reuse): opened per request, SQLite also starts each page with an empty
# page cache and prepares every statement again. Under the load benchmark the p95 went
# from 153-183 ms to 130-158 ms (benchmarks/README.md, "Pages under load").
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'convenor.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a background worker writes; a writer waits up to
    # SQLITE_BUSY_TIMEOUT seconds for another (imports commit in batches, so the wait is
    # short) before the request is answered 503 (convenor.lib.busy), never 500.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:signin"
# Failed sign-ins allowed per e-mail address and per client address in the window.
# Sign-in limits (convenor.accounts.throttle): per account and client, then per client.
SIGNIN_MAX_FAILURES = env_int("SIGNIN_MAX_FAILURES", 5)
SIGNIN_FAILURE_WINDOW = env_int("SIGNIN_FAILURE_WINDOW", 15 * 60)
SIGNIN_CLIENT_MAX_FAILURES = env_int("SIGNIN_CLIENT_MAX_FAILURES", 20)
SIGNIN_MAX_DELAY = env_int("SIGNIN_MAX_DELAY", 60)
PASSWORD_RESET_MAX = env_int("PASSWORD_RESET_MAX", 3)
PASSWORD_RESET_WINDOW = env_int("PASSWORD_RESET_WINDOW", 3600)
# Proxies whose X-Forwarded-For names the client (addresses or networks, e.g. 127.0.0.1).
TRUSTED_PROXIES = env_list("CONVENOR_TRUSTED_PROXIES", [])
INVITATION_MAX_AGE = env_int("INVITATION_MAX_AGE", 7 * 24 * 3600)
# Signed links in e-mails that work without signing in (convenor.comms.links).
RSVP_LINK_MAX_AGE = env_int("RSVP_LINK_MAX_AGE", 180 * 24 * 3600)
INPUT_LINK_MAX_AGE = env_int("INPUT_LINK_MAX_AGE", 30 * 24 * 3600)
UNSUBSCRIBE_LINK_MAX_AGE = env_int("UNSUBSCRIBE_LINK_MAX_AGE", 2 * 365 * 24 * 3600)

# Per-process cache (nothing in Convenor needs a shared one; sign-in limits are in the database).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The embedded setup serves static files straight from the apps, no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"
# An upload larger than this streams to a temporary file under the data directory (on the
# media's file system, so storing it is a rename) before any database write.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = DATA_DIR / "tmp" / "uploads"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Convenor <convenor@localhost>")
# Where django.core.mail.backends.filebased.EmailBackend writes (the served-app tests read it).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "outbox"))

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Labour-market data (Parquet) and downloaded BLS files live under the data directory.
QCEW_DIR = Path(env_str("CONVENOR_QCEW_DIR", str(DATA_DIR / "qcew")))
QCEW_BASE_URL = env_str("CONVENOR_QCEW_BASE_URL", "https://data.bls.gov/cew/data/api")
# Engine of `convenor analyze`/`qcew lq`/`qcew history` (duckdb or spark; the pages use DuckDB).
ANALYSIS_ENGINE = env_str("CONVENOR_ANALYSIS_ENGINE", "duckdb")
SPARK_MASTER = env_str("CONVENOR_SPARK_MASTER", "local[*]")  # with the spark engine

# Background jobs (convenor.jobs): a job whose worker died is marked failed, to be run
# again or discarded. On this host a dead worker is seen at once; a worker on another
# host that has not been heard from for JOB_LEASE_SECONDS is taken for dead.
JOB_HEARTBEAT_SECONDS = env_int("CONVENOR_JOB_HEARTBEAT", 10)
JOB_LEASE_SECONDS = env_int("CONVENOR_JOB_LEASE", 300)
JOB_SWEEP_SECONDS = env_int("CONVENOR_JOB_SWEEP", 60)
# Memory one job may use beyond the idle worker's (0: no limit).
JOB_MEMORY_MB = env_int("CONVENOR_JOB_MEMORY_MB", 1024)
# Uploaded originals (QCEW files, contact files): 0 removes one as soon as it is ingested
# or imported; N keeps it N days after. An original whose job failed is kept for running
# it again until it is discarded or FAILED_UPLOADS_DAYS pass.
KEEP_UPLOADS_DAYS = env_int("CONVENOR_KEEP_UPLOADS_DAYS", 0)
FAILED_UPLOADS_DAYS = env_int("CONVENOR_FAILED_UPLOADS_DAYS", 14)
# Temporary uploads and files no row names, untouched this long, are removed (seconds).
TEMP_MAX_AGE = env_int("CONVENOR_TEMP_MAX_AGE", 3600)
# Each app's own clean-up of expired originals, run by the worker's sweep.
JOB_CLEANUPS = [
    "convenor.regions.tasks.expire_originals",
    "convenor.partners.tasks.expire_originals",
]
# A person picker renders at most this many people (plus those chosen) and a search.
PICKER_LIMIT = env_int("CONVENOR_PICKER_LIMIT", 200)
LABOUR_DIR = Path(env_str("CONVENOR_LABOUR_DIR", str(DATA_DIR / "labour")))  # OEWS, EP, CIP, ACS

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
