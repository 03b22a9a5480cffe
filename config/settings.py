"""Beacon settings: everything comes from environment variables.

The defaults are the embedded profile (SQLite, in-memory channel layer, database task backend, local
files), so `make run` works on a fresh machine. Setting DATABASE_URL and REDIS_URL switches to the
scale profile with the same code.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BEACON_VAR_DIR", BASE_DIR / "var"))

INSECURE_DEFAULT_KEY = "django-insecure-beacon-development-key-change-me"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_KEY)
if not DEBUG and SECRET_KEY == INSECURE_DEFAULT_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the built-in development key. "
        "Set SECRET_KEY to a long random value (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "beacon.core",
    "beacon.accounts",
    "beacon.tickets",
    "beacon.trust",
    "beacon.chain",
    "django.contrib.sitemaps",
    "beacon.core.search",
    "beacon.helpcenter",
    "beacon.mail",
    "beacon.chat",
    "beacon.forum",
    "beacon.social",
    "beacon.bot",
    "beacon.analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "beacon.accounts.middleware.UserPreferencesMiddleware",
    "beacon.accounts.middleware.StaffMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "beacon.core.middleware.DomainErrorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL", False):
        # A connection pool per process: opening a PostgreSQL connection costs more than most requests.
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("DATABASE_POOL_SIZE", "12")),  # 8 request + 4 chat threads
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "beacon.sqlite3")),
            # Kept open by each long-lived thread (the server's pool, beacon/core/asgi.py; the task
            # worker): opening one costs more than a small request (five PRAGMAs, a WAL check).
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # WAL lets readers proceed while a writer commits; IMMEDIATE avoids the
                # "database is locked" upgrade deadlock under concurrent writers.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA cache_size=-32000; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Requests served at once by each server process (threads of beacon/core/asgi.py, each with its
# database connection: with the pool, these plus BEACON_CHAT_DATABASE_THREADS should not exceed
# DATABASE_POOL_SIZE, or requests wait for a connection).
BEACON_HTTP_THREADS = int(os.environ.get("BEACON_HTTP_THREADS", "8"))

# --- cache, channel layer, tasks ---------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # A consumer waits on the layer with a blocking pop of up to 5 s; redis-py 8 also times reads out
    # after 5 s by default, which would drop every idle websocket (channels_redis issue 422).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "beacon.core.layers.BatchedRedisChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 30, "socket_connect_timeout": 5}]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "beacon.core.layers.SweptInMemoryChannelLayer"}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "beacon.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Beacon] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Beacon")

# --- mail ----------------------------------------------------------------------------------------
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "127.0.0.1"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 10,
        },
    }
}
if MAILERS["default"]["BACKEND"] != "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {}
if DEBUG and not {"EMAIL_BACKEND", "EMAIL_HOST"} & os.environ.keys():
    # Development without a mail server (`make run`): mails are written as files under var/mail/.
    MAILERS["default"] = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Beacon Support <support@beacon.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- i18n ----------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "beacon_language"

# --- static & media --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
SERVESTATIC_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Attachments are never served from a public URL: a view checks access first.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
BEACON_MAX_ATTACHMENT_BYTES = int(os.environ.get("BEACON_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))
BEACON_MAX_ATTACHMENTS_PER_MESSAGE = 5

# --- security ----------------------------------------------------------------------------------------
# Sessions are read on every request: keep them in the cache, backed by the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- inbound pipeline ----------------------------------------------------------------------------
# Every channel goes through these stages, in this order (see docs/architecture.md).
INBOUND_PIPELINE = {
    "scan": "beacon.trust.pipeline.scan",
    "links": "beacon.trust.pipeline.links",
    "thread": "beacon.tickets.pipeline.thread",
    "triage": "beacon.tickets.pipeline.triage",
    "persist": ["beacon.tickets.pipeline.persist", "beacon.trust.pipeline.record_findings"],
    "after_commit": "beacon.tickets.pipeline.after_commit",
}

# Trust & safety: the operator's own sites and brand names (look-alikes of them are flagged).
BEACON_OFFICIAL_DOMAINS = env_list("BEACON_OFFICIAL_DOMAINS", "")  # plus websites registered in admin
BEACON_BRANDS = env_list("BEACON_BRANDS", "")

NINJA_PAGINATION_PER_PAGE = 25
NINJA_MAX_PER_PAGE_SIZE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- exchange integration (docs/chain.md) ---------------------------------------------------------
# Empty URL: the exchange's records come from Beacon's own tables (database provider).
BEACON_EXCHANGE_URL = os.environ.get("BEACON_EXCHANGE_URL", "")
BEACON_EXCHANGE_SECRET = os.environ.get("BEACON_EXCHANGE_SECRET", "")
BEACON_FREEZE_CATEGORY = os.environ.get("BEACON_FREEZE_CATEGORY", "account-security")

# --- live chat (docs/chat.md) ----------------------------------------------------------------------
# The exchange's backend signs its signed-in users with this secret; empty: signed identities are refused.
BEACON_CHAT_IDENTITY_SECRET = os.environ.get("BEACON_CHAT_IDENTITY_SECRET", "")
# Origins of the exchange's sites that may embed the widget, e.g. "https://www.example-exchange.com".
BEACON_CHAT_ALLOWED_ORIGINS = env_list("BEACON_CHAT_ALLOWED_ORIGINS", "")
# When agents staff the chat, e.g. "mon-fri 08:00-20:00; sat 10:00-16:00"; empty: around the clock.
BEACON_CHAT_HOURS = os.environ.get("BEACON_CHAT_HOURS", "")
BEACON_CHAT_TIME_ZONE = os.environ.get("BEACON_CHAT_TIME_ZONE", "UTC")
# Threads per server process that run chat services, each with its own database connection, so one
# line's wait on PostgreSQL (a commit, a lock) does not hold up the next; 1 on SQLite.
BEACON_CHAT_DATABASE_THREADS = int(os.environ.get("BEACON_CHAT_DATABASE_THREADS", "4"))

# --- Telegram and social mentions (docs/telegram.md) -----------------------------------------------
BEACON_TELEGRAM_BOT_TOKEN = os.environ.get("BEACON_TELEGRAM_BOT_TOKEN", "")
BEACON_TELEGRAM_API_URL = os.environ.get("BEACON_TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
# Telegram sends it in X-Telegram-Bot-Api-Secret-Token; updates without it are refused.
BEACON_TELEGRAM_WEBHOOK_SECRET = os.environ.get("BEACON_TELEGRAM_WEBHOOK_SECRET", "")
BEACON_TELEGRAM_BOT_USERNAME = os.environ.get("BEACON_TELEGRAM_BOT_USERNAME", "")
# HMAC-SHA256 key of the generic social-mentions webhook; empty: the webhook is off.
BEACON_SOCIAL_WEBHOOK_SECRET = os.environ.get("BEACON_SOCIAL_WEBHOOK_SECRET", "")
