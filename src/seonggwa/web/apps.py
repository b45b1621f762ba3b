from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "seonggwa.web"
    verbose_name = _("web pages")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .password_gate import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="seonggwa_password_gate")
        # the "my work" section builders are imported by my_work.work_sections (not here:
        # every command would pay for importing the forms and importers they use)
