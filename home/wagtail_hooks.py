from django.http import Http404
from wagtail import hooks
from wagtail.models import Site

from cms.cache import API_PATHS_HOOK
from cms.outbox.delivery import SIGNATURE_HOOK
from cms.preview import SERIALIZERS_HOOK
from cms.visibility import hidden_by_unpublished_parent
from home import api
from home.models import AllianceSettings, NewsPage

hooks.register(API_PATHS_HOOK, api.public_api_paths)


@hooks.register(SERIALIZERS_HOOK)
def preview_serializers():
    return {NewsPage: api.news_out}


@hooks.register("before_serve_page")
def refuse_pages_below_unpublished_parents(page, request, serve_args, serve_kwargs):
    """Unpublishing a body without its sessions must still take the sessions offline."""
    if hidden_by_unpublished_parent(page):
        raise Http404


@hooks.register(SIGNATURE_HOOK)
def office_signature():
    """Mails are signed with the office's contact from the site settings, once they are filled."""
    site = Site.objects.filter(is_default_site=True).first()
    office = AllianceSettings.for_site(site) if site else None
    if office is None or not (office.office_name and office.office_email):
        return None
    return {
        "name": office.office_name,
        "address": office.office_address,
        "email": office.office_email,
        "phone": office.office_phone,
    }
