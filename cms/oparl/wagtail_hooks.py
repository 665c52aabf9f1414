from wagtail import hooks

from cms.cache import API_PATHS_HOOK
from cms.oparl.urls import public_api_paths

hooks.register(API_PATHS_HOOK, public_api_paths)
