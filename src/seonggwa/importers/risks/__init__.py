"""Importer of the risk register (시정 리스크 관리, domain.md §4.11): :func:`parse` reads the
text into :class:`RiskDocument` with its findings (pure, no Django);
``seonggwa.importers.risks_load`` loads it in one transaction."""

from seonggwa.importers.risks.parse import (
    ParsedIssue,
    ParsedPress,
    RiskDocument,
    detect,
    parse,
    parse_press,
)

__all__ = ["ParsedIssue", "ParsedPress", "RiskDocument", "detect", "parse", "parse_press"]
