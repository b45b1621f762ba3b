"""Importer of the consignment evaluation tables (민간위탁 종합성과평가, domain.md §4.8):
:func:`parse` reads the text into :class:`ConsignmentDocument` with its findings (pure, no
Django); ``seonggwa.importers.consignment_load`` loads it in one transaction."""

from seonggwa.engine.consignment import split_members
from seonggwa.importers.consignment.parse import (
    ConsignmentDocument,
    ExclusionRow,
    ParsedRound,
    ParsedScoreRow,
    ParsedYear,
    detect,
    parse,
)

__all__ = [
    "ConsignmentDocument",
    "ExclusionRow",
    "ParsedRound",
    "ParsedScoreRow",
    "ParsedYear",
    "detect",
    "parse",
    "split_members",
]
