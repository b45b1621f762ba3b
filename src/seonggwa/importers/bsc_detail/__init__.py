"""Importer for the bsc_detail format: `parse`, `detect` and `validate` (see docs/importers-bsc.md)."""

from seonggwa.importers.bsc_detail.parse import detect, parse
from seonggwa.importers.bsc_detail.validate import artefact_findings, validate

__all__ = ["artefact_findings", "detect", "parse", "validate"]
