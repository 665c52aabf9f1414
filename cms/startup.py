"""Start-up guard: a misconfigured environment stops with one readable line, not a traceback."""

import sys
from contextlib import contextmanager


@contextmanager
def exit_on_bad_configuration():
    from django.core.exceptions import ImproperlyConfigured

    try:
        yield
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        raise SystemExit(2) from None
