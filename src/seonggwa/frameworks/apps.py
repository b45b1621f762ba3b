from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "seonggwa.frameworks"
    verbose_name = _("indicator frameworks")
    default_auto_field = "django.db.models.BigAutoField"
