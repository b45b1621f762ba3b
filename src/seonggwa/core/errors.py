"""Errors that services raise and the CLI, views and forms turn into messages."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out; the message says why and what to do."""


class ConflictError(ServiceError):
    """Someone else changed the record since it was read (optimistic locking)."""


class PermissionDenied(ServiceError):
    """The acting user may not do this."""
