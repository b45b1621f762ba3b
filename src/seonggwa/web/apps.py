from typing import Any

from django.apps import AppConfig
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_admin_app_discovered(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Django's admin checks, after the admin modules are imported (they may run before the
    URLs are loaded)."""
    from django.contrib import admin

    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)


class LazyAdminConfig(SimpleAdminConfig):
    """Django's admin, its modules (``seonggwa.web.admin``: they import services and forms)
    imported with the URLs (``config/urls.py`` calls ``admin.autodiscover()``), not at
    start-up: a command that serves no page does not import them. The admin checks
    import them first, so they still see every registration."""

    def ready(self) -> None:
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_admin_app_discovered, checks.Tags.admin)


class WebConfig(AppConfig):
    name = "seonggwa.web"
    verbose_name = _("web pages")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .password_gate import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="seonggwa_password_gate")
        # the "my work" section builders are imported by my_work.work_sections (not here:
        # every command would pay for importing the forms and importers they use)
