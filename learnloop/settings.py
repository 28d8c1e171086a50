"""Settings read from environment variables with safe defaults.

Every variable is listed in docs/configuration.md; a test fails when one is not.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envstr(name: str, default: str = "") -> str:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


DATA_DIR = Path(envstr("LEARNLOOP_DATA_DIR", str(PROJECT_DIR / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The key from the environment, or one generated once and kept in the data directory."""
    from_env = envstr("LEARNLOOP_SECRET_KEY")
    if from_env:
        return from_env
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("LEARNLOOP_DEBUG")
TESTING = envbool("LEARNLOOP_TESTING")
ALLOWED_HOSTS = envlist("LEARNLOOP_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("LEARNLOOP_CSRF_TRUSTED_ORIGINS")
BASE_URL = envstr("LEARNLOOP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "learnloop.core",
    "learnloop.accounts",
    "learnloop.organizations",
    "learnloop.frameworks",
    "learnloop.learning_sessions",
    "learnloop.survey",
    "learnloop.reports",
    "learnloop.themes",
    "learnloop.findings",
    "learnloop.sharing",
    "learnloop.discussions",
    "learnloop.plan",
    "learnloop.rounds",
    "learnloop.analysis",
    "learnloop.api",
    "learnloop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "learnloop.urls"
WSGI_APPLICATION = "learnloop.wsgi.application"

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
                "learnloop.core.context_processors.learnloop",
            ],
        },
    },
]

_sqlite_path = DATA_DIR / "learnloop.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{_sqlite_path}"), conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE transactions take the write
    # lock up front so concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts-login"
LOGIN_REDIRECT_URL = "core-home"
LOGOUT_REDIRECT_URL = "accounts-login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("LEARNLOOP_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the app's folders, so no collectstatic step is needed to run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security: production behind HTTPS sets LEARNLOOP_HTTPS=true.
HTTPS = envbool("LEARNLOOP_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Email: printed to the console unless an SMTP host is given.
DEFAULT_FROM_EMAIL = envstr("LEARNLOOP_EMAIL_FROM", "Learnloop <learnloop@localhost>")
EMAIL_HOST = envstr("LEARNLOOP_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("LEARNLOOP_EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("LEARNLOOP_EMAIL_USER")
    EMAIL_HOST_PASSWORD = envstr("LEARNLOOP_EMAIL_PASSWORD")
    EMAIL_USE_TLS = envbool("LEARNLOOP_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work: a database queue run by `learnloop worker`; run at once in tests.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or envbool("LEARNLOOP_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Improvement plan: owners are reminded this many days before an action's due date (0: only
# once it is overdue).
ACTION_REMINDER_DAYS = envint("LEARNLOOP_ACTION_REMINDER_DAYS", 3)

# Longest comment a participant may write on one proof point (characters).
MAX_COMMENT_LENGTH = envint("LEARNLOOP_MAX_COMMENT_LENGTH", 5000)
# Largest file accepted for uploads (frameworks, people, worksheets), in bytes.
MAX_UPLOAD_SIZE = envint("LEARNLOOP_MAX_UPLOAD_SIZE", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LEARNLOOP_LOG_LEVEL", "WARNING")},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CSRF_FAILURE_VIEW = "learnloop.core.views.csrf_failure"
