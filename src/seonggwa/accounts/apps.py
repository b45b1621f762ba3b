from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "seonggwa.accounts"
    verbose_name = _("accounts and roles")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the start-up checks)
            signals,
        )

        signals.connect()
