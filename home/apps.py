from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Website")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from cms.cache import content_changed
        from cms.dates import use_german_date_widgets
        from cms.slugs import use_german_slugs

        use_german_date_widgets()
        use_german_slugs()

        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(content_changed, dispatch_uid=f"content_version_{name}")
