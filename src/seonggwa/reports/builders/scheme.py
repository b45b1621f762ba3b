"""The grading scheme a plan names, looked up in the engine registry (an unknown name is a
:class:`~seonggwa.reports.errors.ReportError`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from seonggwa.engine.grading import GradingScheme

from ..errors import ReportError
from ..evaluate import UnknownScheme

if TYPE_CHECKING:
    from seonggwa.plans.models import Plan


def plan_scheme(plan: Plan, lookup: Callable[..., GradingScheme]) -> GradingScheme:
    """The plan's grading scheme from the engine registry, in the version the plan records
    (or the one effective for its year); an unknown name is a ReportError."""
    try:
        return lookup(plan.grading_scheme, year=plan.year, version=plan.grading_scheme_version)
    except UnknownScheme as exc:
        raise ReportError(f"{plan}: {exc}") from exc
