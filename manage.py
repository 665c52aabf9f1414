#!/usr/bin/env python
import os
import sys

from cms.startup import exit_on_bad_configuration

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    from django.core.management import execute_from_command_line

    with exit_on_bad_configuration():
        execute_from_command_line(sys.argv)
