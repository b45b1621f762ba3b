"""Importer of the ad-hoc review records (시정 주요사업 수시평가, domain.md §4.9): :func:`parse`
reads the list and the records into :class:`ReviewsDocument` with its findings (pure, no
Django); ``seonggwa.importers.reviews_load`` loads them in one transaction."""

from seonggwa.importers.reviews.parse import (
    ParsedItem,
    ParsedReview,
    ParsedRound,
    ReviewsDocument,
    detect,
    parse,
)

__all__ = ["ParsedItem", "ParsedReview", "ParsedRound", "ReviewsDocument", "detect", "parse"]
