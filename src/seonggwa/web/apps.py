from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "seonggwa.web"
    verbose_name = _("web pages")

    def ready(self) -> None:
        from . import office_sections  # noqa: F401  (registers "my work" section builders)
