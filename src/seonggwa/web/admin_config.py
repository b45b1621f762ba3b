"""Django's admin app as seonggwa installs it (``INSTALLED_APPS``): not in ``web/apps.py``,
where a second AppConfig would stop Django choosing ``WebConfig`` by itself."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


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
