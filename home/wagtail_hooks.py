from wagtail import hooks

from cms.cache import API_PATHS_HOOK
from cms.preview import SERIALIZERS_HOOK
from home import api
from home.models import NewsPage

hooks.register(API_PATHS_HOOK, api.public_api_paths)


@hooks.register(SERIALIZERS_HOOK)
def preview_serializers():
    return {NewsPage: api.news_out}
