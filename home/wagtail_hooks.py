from django.http import Http404
from wagtail import hooks

from cms.cache import API_PATHS_HOOK
from cms.preview import SERIALIZERS_HOOK
from cms.visibility import hidden_by_unpublished_parent
from home import api
from home.models import NewsPage

hooks.register(API_PATHS_HOOK, api.public_api_paths)


@hooks.register(SERIALIZERS_HOOK)
def preview_serializers():
    return {NewsPage: api.news_out}


@hooks.register("before_serve_page")
def refuse_pages_below_unpublished_parents(page, request, serve_args, serve_kwargs):
    """Unpublishing a body without its sessions must still take the sessions offline."""
    if hidden_by_unpublished_parent(page):
        raise Http404
