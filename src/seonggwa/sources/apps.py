from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "seonggwa.sources"
    verbose_name = _("source documents")
