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


def plan_scheme(plan: Plan, lookup: Callable[[str], GradingScheme]) -> GradingScheme:
    """The plan's grading scheme from the engine registry; an unknown name is a ReportError."""
    try:
        return lookup(plan.grading_scheme)
    except UnknownScheme as exc:
        raise ReportError(f"{plan}: {exc}") from exc
