"""Settings shared by every environment; everything that varies comes from the environment."""

from pathlib import Path

from corsheaders.defaults import default_headers
from django.utils.translation import gettext_lazy as _

from .environment import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_count,
    env_list,
    env_str,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "cms",
    "home",
    "network",
    "events",
    "wagtail_modeladmin",
    "cms.webhooks",
    "cms.oparl",
    "cms.outbox",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    # Swagger UI for /api/v3/docs/ from django-ninja's packaged static files, not a CDN.
    "ninja",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "cms.middleware.OParlOpenAccessMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Unusable API requests (integers beyond 64 bits, unknown tokens) are refused before any
    # work, with the CORS headers above so browser consumers can read why.
    "cms.middleware.RefuseUnusableRequestsMiddleware",
    # Before everything a stored response already carries the effects of (Vary, language,
    # framing and CSP headers): a hit skips them. It decides on cookies and headers alone.
    "cms.cache.ResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.api.HttpCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "cms.middleware.AdminScriptPolicyMiddleware",
    "cms.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the German lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_menu",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", "sqlite:///var/db.sqlite3"),
        BASE_DIR,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = cache_from_url(env_str("REDIS_URL"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German first; English is one translation away.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch"))]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch")]
WAGTAIL_I18N_ENABLED = False
# Admin date widgets show and parse the German way (cms.dates); Django's "de" formats accept them.
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Slugs spell out umlauts (cms.slugs): buendnis-fuer-uebergaenge, never bündnis or bundnis.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# Security (docs/operations.md): login throttling, upload limits, CSP.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# The password forms of restricted pages and document collections, the same way (cms.passwords).
PASSWORD_FAILURE_LIMIT = AXES_FAILURE_LIMIT
PASSWORD_LOCKOUT_SECONDS = AXES_COOLOFF_TIME * 3600
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.security.lockout_response"
PROXY_COUNT = int(env_str("PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Scripts only from our own origin; Wagtail's admin needs inline style attributes and data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "buero@buendnis-zwickau.example")
OFFICE_NOTIFICATION_EMAIL = env_str("OFFICE_NOTIFICATION_EMAIL", "buero@buendnis-zwickau.example")

# Wagtail
WAGTAIL_SITE_NAME = "Bündnis für Demokratie und Toleranz der Zwickauer Region"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# No Gravatar: it would send a hash of every editor's address to a third party (and the CSP
# blocks it); Wagtail shows its own default avatar or an uploaded one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# German word forms: stemming on PostgreSQL (after changing it: `manage.py update_index`),
# prefix matching on SQLite (cms.search).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search", "SEARCH_CONFIG": "german"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.DocumentForm"
# Documents are served as downloads, never rendered inline by the browser.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_DOCS_ENABLED = True
WAGTAILAPI_LIMIT_MAX = 100

# Headless consumers (docs/api.md): read-only CORS, HTTP caching, webhooks on a task worker.
API_CACHE_MAX_AGE = int(env_str("API_CACHE_MAX_AGE", "300"))

# Subscription calendars (events.ical) hold the coming entries and those of the last months.
CALENDAR_FEED_MONTHS = env_count("CALENDAR_FEED_MONTHS", "12")

# Anonymous reads are served from the cache until content changes (cms.cache); 0 switches it
# off. Entries also expire with this period because "upcoming" lists change with the clock.
RESPONSE_CACHE_SECONDS = int(env_str("RESPONSE_CACHE_SECONDS", "300"))
RESPONSE_CACHE_MAX_BYTES = 8 * 1024 * 1024
# Never from the cache: editors, health, previews, token-only data.
RESPONSE_CACHE_SKIP_PREFIXES = [
    "/admin/",
    "/django-admin/",
    "/healthz",
    "/api/v3/preview/",
    "/api/v3/register/",
]
# How long a worker trusts its last read of the content version; other workers see a publish
# at most this late.
CONTENT_VERSION_TTL = 0.5
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
# The same paths as cms.api.is_feed_or_api.
CORS_URLS_REGEX = r"^/((api/v3|oparl|feeds)/.*|kalender/.*\.ics)$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Browser consumers revalidate with the validators they were sent.
CORS_ALLOW_HEADERS = [*default_headers, "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
# Wagtail's own tasks (search and reference index) stay immediate; webhooks and e-mails queue in
# the database and are sent by `manage.py db_worker --backend webhooks` and `--backend outbox`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "outbox": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
OUTBOX_MAX_ATTEMPTS = 5
# How long the personal reply link in a session invitation works (seconds).
INVITATION_REPLY_MAX_AGE = int(env_str("INVITATION_REPLY_MAX_AGE", str(60 * 60 * 24 * 90)))
WEBHOOK_TIMEOUT_SECONDS = 5
WEBHOOK_MAX_ATTEMPTS = 5
# Webhooks go only to public addresses (cms.webhooks.targets); True allows loopback and private
# networks, for a consumer on the same host or LAN.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
HEADLESS_PREVIEW_URL = env_str("HEADLESS_PREVIEW_URL", "")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
