"""Settings for the Resolution 57 Tracker, read from the environment (README, "Production"
lists every variable).

Without any environment, ``manage.py`` (runserver, the tests) runs on an embedded SQLite database
in debug mode, while the WSGI and ASGI entry points (gunicorn, uvicorn) run with debug off unless
DJANGO_DEBUG=1 is set. With debug off the site refuses to start without DJANGO_SECRET_KEY and
DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envstr(name, default=""):
    return os.environ.get(name, default).strip()


# tracker/wsgi.py and tracker/asgi.py set DJANGO_DEBUG=0 before the settings load unless it is set.
DEBUG = envbool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

if not DEBUG and not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "resolutions",
]

MIDDLEWARE = [
    # Compresses HTML and JSON (see the README's "Web quality" section on BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "resolutions.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is in the address (/vi/, /en/); see resolutions/i18n.py.
    "resolutions.i18n.LocaleMiddleware",
    "resolutions.middleware.SiteThrottleMiddleware",
    "resolutions.middleware.QueryStringMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "resolutions.response_cache.ResponseCacheMiddleware",
    # ETag and 304 for the site and the API, with Last-Modified from the edit history; inside the
    # response cache, so that what it stores carries the validators.
    "resolutions.history.ConditionalGetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "resolutions.i18n.language_links",
                "resolutions.context_processors.as_of",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that is down or hangs costs a request at most the connect timeout (then 503),
    # and a runaway query at most the statement timeout, instead of holding a worker until
    # gunicorn kills it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": envint("DATABASE_CONNECT_TIMEOUT", 3),
            "options": f"-c statement_timeout={envint('DATABASE_STATEMENT_TIMEOUT_MS', 5000)}",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The index ``task_judging_columns`` INCLUDEs columns on PostgreSQL, where counts read it alone;
# SQLite, the embedded default, builds it without them, as intended: no warning at every start.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How many reverse proxies in front of the site append to X-Forwarded-For: the client's address
# is taken that many entries from the right. 0 (the default) ignores the header, which any client
# can write, and uses the connection's address. The API throttle, the website throttle and the
# login lockout all read it (resolutions.client.client_address). API_NUM_PROXIES is its old name.
NUM_PROXIES = envint("NUM_PROXIES", envint("API_NUM_PROXIES", 0))

# Login rate limiting (django-axes): after AXES_FAILURE_LIMIT failures, lock the address (one
# password tried across many user names) and the user name + address pair.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "resolutions.client.client_address"
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Counted in the default cache: per client across workers and restarts when REDIS_URL is set.
    "DEFAULT_THROTTLE_CLASSES": ["resolutions.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute")},
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_PAGINATION_CLASS": "resolutions.api.pagination.TrackerPagination",
    "EXCEPTION_HANDLER": "resolutions.api.errors.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Resolution 57 Tracker API",
    "DESCRIPTION": (
        "Read-only open data on how Vietnam carries out Politburo Resolution 57-NQ/TW: "
        "documents, laws, tasks with deadlines, agencies, progress reports and their sources.\n\n"
        "Lists filter with the website's own filters, page with `page` and `page_size` (at most 100), "
        "and come as JSON or, with `format=csv` or `Accept: text/csv`, as CSV (UTF-8 with a byte-order mark). "
        'Every error is JSON of one shape, `{"errors": {"<parameter>": ["<message>"]}}`: '
        "400 for a value or parameter not accepted (a page past the end included), 404 for an unknown slug. "
        "Responses carry ETag (and Last-Modified when the edit history records a change) and answer "
        "conditional requests with 304. Writes are refused (405). Anonymous clients are limited to "
        f"{REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon']} requests (setting API_ANON_RATE); beyond that, 429."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI would otherwise load a badge from validator.swagger.io on any host but localhost.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "resolutions.deadlines.TaskStatus",
        "ReportStatusEnum": "resolutions.deadlines.ReportStatus",
        "DatePrecisionEnum": "resolutions.deadlines.DatePrecision",
        "LawStageEnum": "resolutions.models.LawStage",
    },
}

REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "resolutions.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down or hangs costs a request at most a second.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Pages of the website per client address and minute (the API has API_ANON_RATE); 429 beyond.
SITE_RATE = envstr("SITE_RATE", "600/minute")
RESPONSE_CACHE_SECONDS = envint("RESPONSE_CACHE_SECONDS", 600)

LOGIN_URL = "admin:login"

# Django's log goes to stderr, every line with the request id; django.request logs every 5xx with
# its traceback. gunicorn writes the access log (gunicorn.conf.py) with the same request id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "resolutions.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": envstr("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # django.request logs every 5xx with its traceback and 4xx as warnings; 4xx are the
        # access log's business.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "INFO"},
        "axes.apps": {"level": "WARNING"},
    },
}

# Content-Security-Policy (django-csp) on every response: nothing from other sites, no inline
# script or style without the page's nonce. Swagger UI's and the admin's inline blocks carry it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.NONE],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF, csp_constants.NONCE],
        # django-simple-history's history list has one style attribute ("border-top: 0").
        "style-src-attr": [csp_constants.UNSAFE_HASHES, "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "manifest-src": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
        "base-uri": [csp_constants.NONE],
        "object-src": [csp_constants.NONE],
    }
}

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", True)
    # Behind a TLS proxy: redirect plain HTTP to HTTPS (the health checks excepted, for the
    # proxy's or orchestrator's probes) and tell browsers to stay on HTTPS.
    SECURE_SSL_REDIRECT = envbool("DJANGO_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)

# The request header a TLS proxy sets to say the client used HTTPS, e.g. X-Forwarded-Proto
# (then the value "https" means HTTPS). Empty (the default): no header is trusted.
if envstr("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + envstr("DJANGO_SECURE_PROXY_SSL_HEADER").upper().replace("-", "_"),
        "https",
    )
