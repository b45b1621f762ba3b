"""Findings: what a check says about data, never an exception.

Importers, the engine's checks and ``seonggwa check`` all report in this one shape, so the
validation report, the CLI's JSON and the report appendix read the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation. ``code`` is stable (tests and users filter on it);
    ``message`` is Korean, says what is wrong and how to fix it."""

    severity: Severity
    code: str
    message: str
    unit: str | None = None
    line: int | None = None
    details: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "unit": self.unit,
            "line": self.line,
        }
