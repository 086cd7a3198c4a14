"""Settings of the rukun service, read from environment variables.

Safe defaults run out of the box on SQLite; see ``docs/configuration.md``.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from rukun.web.env import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent

DATA_DIR: Path = env_path("RUKUN_DATA_DIR", Path.cwd() / "var") or Path.cwd() / "var"

_default_reference = REPO_DIR.parent / "shared" / "data" / "my"
REFERENCE_DIR: Path | None = env_path(
    "RUKUN_REFERENCE_DIR", _default_reference if _default_reference.is_dir() else None
)

DEBUG = env_bool("RUKUN_DEBUG", False)


def _secret_key() -> str:
    key = env_str("RUKUN_SECRET_KEY", "")
    if key:
        return key
    # Without a configured key, keep one per data directory so sessions survive
    # restarts of a single-machine install; production sets RUKUN_SECRET_KEY.
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("RUKUN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("RUKUN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rukun.web.registry",
    "rukun.web.accounts",
    "rukun.web.audit",
    "rukun.web.reports",
    "rukun.web.alerts",
    "rukun.web.interventions",
    "rukun.web.dashboard",
    "rukun.web.front",
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
    "rukun.web.audit.middleware.RequestContextMiddleware",
    "rukun.web.api.ApiErrorShape",
]

ROOT_URLCONF = "rukun.web.urls"
WSGI_APPLICATION = "rukun.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'rukun.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a writer commits; IMMEDIATE takes the write
        # lock at BEGIN so concurrent writers wait (busy timeout) instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("RUKUN_SQLITE_TIMEOUT", 20, minimum=1),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("RUKUN_DB_CONN_MAX_AGE", 60, minimum=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ms"
LANGUAGES = [("ms", "Bahasa Melayu"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "web" / "locale"]
TIME_ZONE = "Asia/Kuala_Lumpur"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("RUKUN_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

EMAIL_BACKEND = env_str("RUKUN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("RUKUN_FROM_EMAIL", "rukun@localhost")

#: Largest accepted request body (the API's 2 MB limit on a batch).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
#: Public form submissions allowed per client address per hour.
PUBLIC_REPORTS_PER_HOUR = env_int("RUKUN_PUBLIC_REPORTS_PER_HOUR", 10, minimum=1)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rukun",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RUKUN_LOG_LEVEL", "INFO")},
}
TRUST_X_FORWARDED_FOR = env_bool("RUKUN_TRUST_X_FORWARDED_FOR", False)
