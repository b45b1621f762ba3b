"""Reads for the pages of the site that are not a plan's: what a signed-in user holds and
may see. Plain querysets, one query each."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from seonggwa.accounts.models import RoleAssignment
from seonggwa.accounts.selectors import standing
from seonggwa.plans.models import Plan
from seonggwa.policy import visible_plans


def user_role_list(*, user: Any) -> list[RoleAssignment]:
    """The user's role assignments that hold today, with their organisation and unit, by
    organisation, role and unit (an organisation-wide role after the units'). Read with the
    rest of the user's standing (``accounts.selectors.standing``): no query of its own."""
    return sorted(
        standing(user).assignments,
        key=lambda r: (
            r.organisation.name,
            r.role,
            r.unit is None,
            r.unit.name if r.unit is not None else "",
        ),
    )


def user_plan_list(*, user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may see (``policy.visible_plans``), newest year first."""
    return visible_plans(user).order_by("organisation__name", "-year", "kind")


def published_result_rows(*, run: Any) -> list[tuple[Any, list[tuple[str, int]]]]:
    """A published run's owners (실국·부서) with their counts per grade as ``(mark, n)`` in
    the scheme's order: the plan page's 평가 결과 section."""
    from seonggwa.evaluation.compute import UnknownScheme, scheme_for
    from seonggwa.evaluation.selectors import run_owner_results

    owners = run_owner_results(run=run)
    try:
        bands = [(b.code, b.mark) for b in scheme_for(run.scheme_name).bands]
    except UnknownScheme:  # a scheme no longer in the registry: its codes
        bands = [(code, code) for code in owners[0].grade_counts] if owners else []
    return [(o, [(mark, o.grade_counts.get(code, 0)) for code, mark in bands]) for o in owners]
