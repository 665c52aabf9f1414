"""Production settings plus the same-run baselines; the benchmark server's only settings module.

The baseline views and the Wagtail API v2 comparison live here and never in `cms.urls`.
"""

import os

# The benchmark server runs on 127.0.0.1 without TLS; everything else stays production.
os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-outside-the-benchmark-" + "x" * 16)

from cms.settings.production import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench", "rest_framework", "wagtail.api.v2"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
# The load test collects into its own directory so it never races a benchmark run.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or BASE_DIR / "var" / "bench-static"  # noqa: F405
WAGTAILAPI_LIMIT_MAX = 50
# The baselines measure the framework, so they are never answered from the response cache.
RESPONSE_CACHE_SKIP_PREFIXES = [*RESPONSE_CACHE_SKIP_PREFIXES, "/bench/"]  # noqa: F405
