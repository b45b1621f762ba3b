"""Importer for the bsc2009 format: `parse`, `detect` and `validate` (see docs/importers-bsc.md)."""

from seonggwa.importers.bsc2009.parse import detect, parse
from seonggwa.importers.bsc2009.validate import artefact_findings, validate

__all__ = ["artefact_findings", "detect", "parse", "validate"]
