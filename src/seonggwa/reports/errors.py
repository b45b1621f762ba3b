"""The one error of report building (raised by the builders, caught by the CLI and the web)."""

from __future__ import annotations


class ReportError(Exception):
    """The report cannot be built (message in Korean, for the CLI and the web)."""
