import os

from django.core.wsgi import get_wsgi_application

from cms.startup import exit_on_bad_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

with exit_on_bad_configuration():
    application = get_wsgi_application()
