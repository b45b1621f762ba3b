from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "seonggwa.web"
    verbose_name = _("web pages")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .password_gate import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="seonggwa_password_gate")
        # "my work" section builders register themselves when imported
        from . import (
            committee_sections,  # noqa: F401
            council_sections,  # noqa: F401
            entry_sections,  # noqa: F401
            office_sections,  # noqa: F401  (registers "my work" section builders)
            people_sections,  # noqa: F401
            planning_sections,  # noqa: F401
            reviews_sections,  # noqa: F401
            risks_sections,  # noqa: F401
        )
