"""Settings come from the environment; the defaults are a development setup on SQLite.

Production: DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL) must be set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY phải được đặt trong biến môi trường khi DEBUG=0.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "danvan.apps.AdminConfig",  # django.contrib.admin, signing in at /dang-nhap/
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "import_export",
    "simple_history",
    "danvan.apps.AxesConfig",  # django-axes, named in Vietnamese
    "django_otp",
    "danvan.apps.OTPTOTPConfig",  # django-otp's TOTP devices, named in Vietnamese
    "csp",
    "accounts",
    "territory",
    "models_registry",
    "reviews",
    "importer",
    "stats",
    "showcase",
    "notifications",
    "assistance",
    "documents",
    "home",
]
# The demo data and the benchmark generator (`make run`, `make bench`, the tests); nothing in the
# portal imports them, so production need not install them: DEMO_APP=0.
if env_bool("DEMO_APP", True):
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # Pages compressed for slow links (Django adds random padding against BREACH since 4.2).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their own caching; every page is private, no-store.
    "danvan.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a one-time code in this session.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "accounts.middleware.AuditRefusedAccessMiddleware",
    "accounts.middleware.UnitRequiredMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"

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
                "csp.context_processors.nonce",
                "home.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "danvan.wsgi.application"

# Provinces of today (codes of the 34 from 1/7/2025) whose territory `migrate` loads, each with
# the provinces, districts and communes it was formed from: "19" is Thái Nguyên with old Thái
# Nguyên and Bắc Kạn. "*" loads the whole country; `manage.py load_territory --province CODE`
# adds one later. Comma-separated in the environment.
PORTAL_PROVINCES = [
    c.strip() for c in os.environ.get("PORTAL_PROVINCES", "19").split(",") if c.strip()
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs seconds on the statistics' grouped queries and saves nothing on the
    # portal's short queries: off for the portal's connections.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (the `make run` default) has one writer at a time. WAL lets pages read while
    # someone writes; a writer waits up to 20 s for another (timeout, busy_timeout) instead of
    # failing; IMMEDIATE takes the write lock when a transaction starts, so two read-then-write
    # transactions queue instead of deadlocking into "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command=(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000"
        ),
    )

# One process's memory by default; with REDIS_URL (redis://host:6379/0) the cache and the
# sessions are shared by every worker and every application host (Django's own RedisCache).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "danvan"),
        }
    }
    # Sessions read from Redis and written through to the database, so a Redis restart signs
    # nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserWithUnitBackend",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Two-factor sign-in (django-otp, TOTP): administrators must set up an authenticator app before
# reaching any page; other users may (then they are asked for a code at every sign-in).
TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS = env_bool("TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS", True)
OTP_TOTP_ISSUER = "Dân vận khéo"
# Password reset links issued by an administrator: by e-mail where EMAIL_HOST is set,
# otherwise shown to the administrator; valid once (a new password or a sign-in ends them)
# and for one day at most.
PASSWORD_RESET_TIMEOUT = 24 * 3600
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_CONFIGURED = bool(EMAIL_HOST)
if EMAIL_CONFIGURED:
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    DEFAULT_FROM_EMAIL = os.environ.get(
        "DEFAULT_FROM_EMAIL", EMAIL_HOST_USER or "webmaster@localhost"
    )

# Sessions end after 30 minutes without activity: accounts.middleware.SessionActivityMiddleware
# renews a signed-in session at most once a minute (not a database write on every page).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes 8): 5 failures within 15 minutes from one client address lock
# that address (30 user names × 1 guess is stopped), and 5 failures for one user name lock that
# account whatever the addresses (a guess spread over many addresses is stopped), for 15
# minutes counted from the last counted failure. Failures during a lock are not counted, so
# nobody can keep an account locked by trying on. Each lockout is written to the audit log
# (accounts.signals); an administrator unlocks early by deleting the access attempt in the admin.
# The price of the per-account limit, accepted: anyone who knows a user name can lock that
# account for 15 minutes with 5 wrong guesses (and again after it ends); its owner is told to
# wait or to ask an administrator, and the audit log shows from which address it came. Without
# it, a guess spread over many addresses would never be stopped. The admin signs in through the
# same page (danvan.admin_site), which says how many tries remain.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Behind TRUSTED_PROXY_COUNT reverse proxies (the documented deployment has one, which must
# append the peer address to X-Forwarded-For), the client's address is the one the outermost
# proxy saw; without proxies (0, the default) it is REMOTE_ADDR and X-Forwarded-For is
# ignored. Throttling and the audit log read it from the same function.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.audit.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
# The portal's own catalog first: what Django's and the packages' Vietnamese lack or say badly.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates dd/mm/yyyy and thousands separated by "." (the "vi" locale plus explicit formats).
FORMAT_MODULE_PATH = ["danvan.formats"]
# Off on purpose: years (2023) must never render as "2.023". Counts use |intcomma -> 1.234.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
# Uploaded files (evidence, decision scans, pending imports) stay on this host's disk unless an
# S3-compatible bucket is configured, which several application hosts need (django-storages;
# views read them through the storage API, never by path). The bucket must not be public:
# files are streamed by views that check scope.
AWS_STORAGE_BUCKET_NAME = os.environ.get("S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded evidence lives outside the web root and is only served by views that check scope.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# No URL serves MEDIA_ROOT: this prefix is routed nowhere (views stream files after a scope check).
MEDIA_URL = "/_media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# The admin's exports of reference tables (django-import-export) never hold a live formula: the
# formats of `danvan.export_formats` (used by its ImportExportModelAdmin) escape text that starts
# like one, and only that text. The portal's own reports store such text as text (`danvan.xlsx`).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# No inline scripts or styles anywhere: everything comes from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
# The portal's own Vietnamese page when a form's token has expired (not Django's English 403).
CSRF_FAILURE_VIEW = "danvan.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Off only for the local demo (`make run` serves plain http://127.0.0.1 with DEBUG=0).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# E-mail for notifications: SMTP when EMAIL_HOST is set (production), the console under DEBUG
# or EMAIL_CONSOLE=1 (`make run` prints the messages), otherwise none (notices stay in the
# portal only).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Dân vận khéo <no-reply@localhost>")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG or env_bool("EMAIL_CONSOLE", False):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
NOTIFICATIONS_EMAIL = bool(EMAIL_HOST) or DEBUG or env_bool("EMAIL_CONSOLE", False)
# Links in e-mails: the portal's public address, e.g. https://danvan.example.gov.vn
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

DANVAN_FIXTURES_DIR = BASE_DIR / "fixtures"
