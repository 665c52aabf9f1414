from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The core every domain app builds on: content version, visibility, caching, API plumbing.

    It imports no domain app; apps tell it what it needs through their AppConfig
    (`public_content`) and Wagtail hooks (`cms.hooks`).
    """

    name = "cms"
    label = "cms"
    verbose_name = _("Kern")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        # cms.cache and cms.slugs import models: only once the app registry is ready.
        from cms.cache import content_changed, purge_api_cache
        from cms.dates import use_german_date_widgets
        from cms.slugs import use_german_slugs

        # Every admin form (pages, snippets, settings) types dates and slugs the German way.
        use_german_date_widgets()
        use_german_slugs()

        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(content_changed, dispatch_uid=f"content_version_{name}")
        page_published.connect(purge_api_cache, dispatch_uid="api_cache_published")
        page_unpublished.connect(purge_api_cache, dispatch_uid="api_cache_unpublished")
