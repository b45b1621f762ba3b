"""The evaluation of one indicator, for the reports: it lives in ``seonggwa.evaluation.compute``
so that the stored evaluation runs and the reports compute with one set of rules."""

from __future__ import annotations

from seonggwa.evaluation.compute import (
    DEFAULT_SCHEME,
    SCORE_NOTE,
    SCORE_RULE,
    Evaluation,
    UnknownScheme,
    indicator_evaluate,
    indicator_score,
    report_scheme_for,
    scheme_for,
)

__all__ = [
    "DEFAULT_SCHEME",
    "SCORE_NOTE",
    "SCORE_RULE",
    "Evaluation",
    "UnknownScheme",
    "indicator_evaluate",
    "indicator_score",
    "report_scheme_for",
    "scheme_for",
]
