import io

import pytest
from django.core.management import call_command


@pytest.fixture
def generate(db):
    """Run the benchmark generator at a given size (no search index unless asked)."""

    def run(rows, *, search_index=False, **overrides):
        scale = {"members": rows, "bodies": 3, "sessions": rows, "events": rows, "news": rows}
        scale.update(overrides)
        args = [f"--{key}={value}" for key, value in scale.items()]
        if not search_index:
            args.append("--no-search-index")
        out = io.StringIO()
        call_command("generate_bench_data", *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def bench_urls(settings):
    """The bench URLconf: the site plus the same-run baselines and the API v2 comparison."""
    settings.ROOT_URLCONF = "bench.urls"
    settings.WAGTAILAPI_LIMIT_MAX = 50
    settings.RESPONSE_CACHE_SKIP_PREFIXES = [*settings.RESPONSE_CACHE_SKIP_PREFIXES, "/bench/"]
    return settings
