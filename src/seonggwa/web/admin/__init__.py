"""The admin site of every app, in the interface layer: Django's admin autodiscovery imports
this package (``seonggwa.web.admin``) — with the URLs (``config/urls.py``) and before the admin
checks (``web.admin_config.LazyAdminConfig``), not at start-up — and it registers each app's models."""

from . import (  # noqa: F401
    accounts,
    audit,
    consignment,
    council,
    organisations,
    planning,
    plans,
    results,
    reviews,
    risks,
    sources,
)
