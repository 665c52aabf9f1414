"""Each API module imports on its own: tools, shells and tests may load any of them first."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["events.api", "network.api", "home.api", "cms.preview"])
def test_an_api_module_imports_before_the_url_configuration(module):
    code = f"import django; django.setup(); import {module}; import cms.urls"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "cms.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
