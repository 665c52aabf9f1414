from django.apps import AppConfig


class OParlConfig(AppConfig):
    """OParl 1.1, an output package: it exports the bodies, people and meetings the apps hold."""

    name = "cms.oparl"
    label = "oparl"
    verbose_name = "OParl"
