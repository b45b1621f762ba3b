"""성과계획서 (plan) importer: "가. 총괄" + "나. 성과계획 및 자원비중" (domain.md 4.1-4.2)."""

from seonggwa.importers.plan.parse import detect, parse
from seonggwa.importers.plan.validate import artefact_findings, validate

__all__ = ["artefact_findings", "detect", "parse", "validate"]
