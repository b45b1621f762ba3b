from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "seonggwa.audit"
    verbose_name = _("audit trail")

    def ready(self) -> None:
        from . import signals  # noqa: F401
