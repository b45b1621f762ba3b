"""The directory's sign-in backend (django-auth-ldap), named by the settings only when
``SEONGGWA_LDAP_URI`` is set (``seonggwa.config.directory``): nothing else imports this
module, so a machine without python-ldap never needs it.

After the directory accepts the password, the person's groups give them their roles
(``accounts.services.directory_roles_sync``). If the groups cannot be read, the sign-in is
refused: roles the directory has taken away must not survive an outage. A session of an
account deactivated in seonggwa is refused at its next request, as Django's own backend
does."""

from __future__ import annotations

import logging
from typing import Any

import ldap
from django_auth_ldap.backend import LDAPBackend

from .services import directory_roles_sync

logger = logging.getLogger(__name__)


class DirectoryBackend(LDAPBackend):  # type: ignore[misc]
    def authenticate_ldap_user(self, ldap_user: Any, password: str) -> Any:
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is None:
            return None
        try:
            group_dns = ldap_user.group_dns if self.settings.GROUP_SEARCH else set()
        except ldap.LDAPError as exc:
            logger.error("directory sign-in of %s refused: groups unreadable: %s", user, exc)
            return None
        directory_roles_sync(user=user, group_dns=group_dns)
        return user

    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of a session, unless the account was deactivated since."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
