"""Importer for the bsc2009 format: `parse`, `detect` and `validate` (see docs/importers-bsc.md)."""

from seonggwa.importers.bsc2009.parse import detect, parse
from seonggwa.importers.bsc2009.validate import validate

__all__ = ["detect", "parse", "validate"]
