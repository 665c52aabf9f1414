from .base import *  # noqa: F403
from .environment import env_str

DEBUG = False
# The benchmark's data generator is tested too; only the test and bench settings install it.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
SECRET_KEY = env_str("SECRET_KEY", "test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"

# Tests clear the cache between cases; with Redis and parallel workers each worker gets its own
# database number so one worker's clear never wipes another's rate-limit counters.
_worker = env_str("PYTEST_XDIST_WORKER")
if _worker and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    _location = CACHES["default"]["LOCATION"].rsplit("/", 1)[0]  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{_location}/{15 - int(_worker.removeprefix('gw'))}"  # noqa: F405

# Every cacheable request reads the content version, so query counts in tests are exact.
CONTENT_VERSION_TTL = 0

if DATABASES["default"]["ENGINE"] == "cms.postgresql":  # noqa: F405
    # A flush by DELETE instead of TRUNCATE (tests/postgresql/base.py says why).
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
    # Nothing a test writes has to survive a crash of the server; waiting for the WAL flush on
    # each commit only slows the transactional tests and the live server down.
    _options = DATABASES["default"]["OPTIONS"]  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
