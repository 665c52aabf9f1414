"""The alliance's name in the admin's browser tabs (WAGTAIL_SITE_NAME)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME
