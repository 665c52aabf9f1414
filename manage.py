#!/usr/bin/env python
import os
import sys

from cms.startup import exit_on_bad_configuration

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    # Web requests get a statement deadline (cms/settings/environment.py); migrations, imports
    # and the task workers run long statements on purpose, unless one is set explicitly.
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    from django.core.management import execute_from_command_line

    with exit_on_bad_configuration():
        execute_from_command_line(sys.argv)
