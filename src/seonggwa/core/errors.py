"""Errors that services raise and the CLI, views and forms turn into messages."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out; the message says why and what to do.

    ``field`` names the input the message is about (``"reason"``, ``"closes_on"``), so a
    form can show it beside that field:

    >>> ServiceError("반려 사유를 입력하세요.", field="reason").field
    'reason'
    """

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        self.field = field


class ConflictError(ServiceError):
    """Someone else changed the record since it was read (optimistic locking)."""


class PermissionDenied(ServiceError):
    """The acting user may not do this."""
