"""The alliance's routers on Wagtail's v3 API, added before `api.urls` is first read."""

from wagtail.api.v3.urls import api

from cms import wagtail_api
from cms.preview import preview_router
from events.api import events_router, sessions_router
from home.api import news_router
from network.api import bodies_router, partners_router, register_router

wagtail_api.apply()
api.add_router("/partners/", partners_router)
api.add_router("/bodies/", bodies_router)
api.add_router("/sessions/", sessions_router)
api.add_router("/events/", events_router)
api.add_router("/news/", news_router)
api.add_router("/register/", register_router)
api.add_router("/preview/", preview_router)

urls = api.urls
