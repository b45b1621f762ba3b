"""The sustainability framework of a plan of kind ``sust``.

* ``/plans/<pk>/sustainability/``: fields with their goals, strategies and tasks, the core
  indicators' 달성도 with the field means and the overall mean of the field means (R13),
  and the implementation plan's counts per task with the totals (R14). Whoever may see the
  plan may see it (``policy.can_view_plan``).
* ``…/sustainability/implementation/``: the office adds implementation indicators under a
  task's project (``frameworks.services.implementation_indicator_create``), changes and
  removes them; the departments enter their actuals in the entry grid.
* ``…/sustainability/review/``: the office or a committee member records the committee's
  review (``frameworks.services.sustainability_review_save``), the last step after the
  departments' actuals and the office's grades; the overview shows the three steps and where
  the plan's year sits in the evaluation cycle.
* ``…/sustainability/settings/``: the office (``policy.can_manage_plan``) changes the settings
  the import read — the cycle's length and first year, the status year, the committee and
  the title (``frameworks.services.framework_settings_save``); the page's cycle line follows.
* ``…/sustainability/grades/``: the office reads an evaluation run's grades of the
  implementation indicators, overrides one with a reason R8 allows
  (``evaluation.services.grade_override_apply``), and compares the count tables computed
  from the grades with the printed ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.evaluation.compute import UnknownScheme, scheme_for
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult
from seonggwa.evaluation.selectors import plan_overrides, plan_runs, run_results
from seonggwa.evaluation.services import grade_override_apply
from seonggwa.frameworks.models import FrameworkIndicator, SustainabilityFramework
from seonggwa.frameworks.selectors import (
    field_tree,
    framework_cycle,
    framework_for_plan,
    implementation_list,
    review_for,
    sustainability_review,
    sustainability_summary,
)
from seonggwa.frameworks.services import (
    framework_settings_save,
    implementation_indicator_create,
    implementation_indicator_delete,
    implementation_indicator_update,
    sustainability_review_save,
)
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Plan
from seonggwa.policy import (
    can_manage_plan,
    can_read_run,
    can_record_sustainability_review,
    can_view_plan,
    enters_for_plan,
    is_central,
)

from .evaluation_views import _override_bands
from .office_access import central_plan, visible_plan
from .sustainability_forms import (
    FrameworkSettingsForm,
    ImplementationIndicatorEditForm,
    ImplementationIndicatorForm,
    SustainabilityReviewForm,
    target_field_name,
)


def _framework(plan: Plan) -> SustainabilityFramework:
    framework = framework_for_plan(plan)
    if framework is None:
        raise Http404
    return framework


def _cycle_years(plan: Plan, framework: SustainabilityFramework) -> list[int]:
    """The years of the two-year cycle ending with the plan's year (2018, 2019)."""
    years = max(framework.cycle_years, 1)
    return list(range(plan.year - years + 1, plan.year + 1))


def sustainability_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if not can_view_plan(request.user, plan):
        raise Http404  # as the plan page: a draft's existence is not revealed
    framework = _framework(plan)
    summary = sustainability_summary(framework)
    fields = field_tree(framework)
    core = {name: [r for r in summary.core if r.field == name] for name in summary.field_means}
    counts = {c.field: c for c in summary.counts}
    sections = [
        {
            "field": f,
            "core": core.get(f.name, []),
            "mean": summary.field_means.get(f.name),
            "counts": counts.get(f.name),
        }
        for f in fields
    ]
    signed_in = request.user.is_authenticated
    office = signed_in and is_central(request.user, plan.organisation_id)
    runs = list(plan_runs(plan=plan)) if office else []
    return render(
        request,
        "web/sustainability.html",
        {
            "plan": plan,
            "framework": framework,
            "summary": summary,
            "sections": sections,
            "office": office,
            "enters": signed_in and enters_for_plan(request.user, plan),
            "latest_run": runs[0] if runs else None,
            "records_review": signed_in and can_record_sustainability_review(request.user, plan),
            "manages": signed_in and can_manage_plan(request.user, plan),
        },
    )


# --- the framework's settings (the office) ----------------------------------------------------


@login_required
def settings_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the framework's cycle (length, first year), status year, committee and title.
    The office (``policy.can_manage_plan``), while the plan is not closed; other people who
    see the plan get 403, as on the review page."""
    plan = visible_plan(request, pk)
    framework = _framework(plan)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    initial = {
        "title": framework.title,
        "cycle_years": framework.cycle_years,
        "cycle_start_year": framework.cycle_start_year,
        "status_year": framework.status_year,
        "committee": framework.committee,
        "version": framework.version,
    }
    form = FrameworkSettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                framework_settings_save(
                    user=request.user,
                    framework=framework,
                    expected_version=data["version"],
                    cycle_years=data["cycle_years"],
                    cycle_start_year=data["cycle_start_year"],
                    status_year=data["status_year"],
                    committee=data["committee"],
                    title=data["title"],
                )
            except ConflictError as exc:
                form.add_service_error(exc)
                status = 409
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Saved the settings of the sustainability framework."))
                return redirect("web:sustainability", pk=plan.pk)
    return render(
        request,
        "web/sustainability/settings.html",
        {"plan": plan, "framework": framework, "form": form, "cycle": framework_cycle(framework)},
        status=status,
    )


# --- the committee's review (the office and committee members) ------------------------------------


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or update the committee's review: status, date, committee, resolution and the
    run it read. The office and the organisation's committee members, while the plan is not
    closed; other people who see the plan get 403."""
    plan = visible_plan(request, pk)
    framework = _framework(plan)
    if not can_record_sustainability_review(request.user, plan):
        raise PermissionDenied
    review = review_for(framework)
    runs = [r for r in plan_runs(plan=plan) if can_read_run(request.user, r)]
    initial = {
        "status": review.status if review else "pending",
        "reviewed_on": review.reviewed_on if review else None,
        "committee": review.committee if review else framework.committee,
        "comments": review.comments if review else "",
        "run": review.run_id if review else None,
        "version": review.version if review else 0,
    }
    form = SustainabilityReviewForm(request.POST or None, initial=initial, runs=runs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            by_pk = {r.pk: r for r in runs}
            try:
                saved = sustainability_review_save(
                    user=request.user,
                    framework=framework,
                    status=data["status"],
                    reviewed_on=data["reviewed_on"],
                    comments=data["comments"],
                    committee=data["committee"],
                    run=by_pk.get(data["run"]) if data["run"] else None,
                    expected_version=data["version"],
                )
            except ConflictError as exc:
                form.add_service_error(exc)
                status = 409
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request,
                    _("Recorded the committee's review: %(status)s.")
                    % {"status": saved.get_status_display()},
                )
                return redirect(reverse("web:sustainability", args=[plan.pk]) + "#review-step")
    return render(
        request,
        "web/sustainability/review.html",
        {
            "plan": plan,
            "framework": framework,
            "form": form,
            "summary_review": sustainability_review(framework),
        },
        status=status,
    )


# --- implementation indicators (the office) ---------------------------------------------------


def _targets_text(link: FrameworkIndicator) -> dict[int, str]:
    return {v.year: v.raw_text for v in getattr(link.indicator, "targets", [])}


@login_required
def implementation_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The implementation indicators of the framework, and the form adding one."""
    plan = central_plan(request, pk)
    framework = _framework(plan)
    years = _cycle_years(plan, framework)
    tree = field_tree(framework)
    units = list(OrgUnit.objects.filter(organisation=plan.organisation).order_by("name"))
    form = ImplementationIndicatorForm(
        request.POST or None, fields_tree=tree, units=units, years=years
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tasks = {t.pk: t for f in tree for st in f.strategies.all() for t in st.tasks.all()}
        by_pk = {u.pk: u for u in units}
        try:
            indicator = implementation_indicator_create(
                user=request.user,
                task=tasks[data["task"]],
                project_name=data["project_name"],
                unit=by_pk[data["unit"]],
                name=data["name"],
                targets=form.targets(),
                unit_of_measure=data["unit_of_measure"],
                direction=data["direction"],
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Added the implementation indicator %(indicator)s (%(code)s).")
                % {"indicator": indicator.name, "code": indicator.code},
            )
            return redirect(
                reverse("web:sustainability-implementation", args=[plan.pk])
                + f"#indicator-{indicator.pk}"
            )
    links = implementation_list(framework)
    rows = [(link, [_targets_text(link).get(y, "") for y in years]) for link in links]
    return render(
        request,
        "web/sustainability/implementation.html",
        {
            "plan": plan,
            "framework": framework,
            "years": years,
            "rows": rows,
            "form": form,
            "target_fields": [form[target_field_name(y)] for y in years],
        },
        status=400 if request.method == "POST" else 200,
    )


def _implementation(plan: Plan, indicator_pk: int) -> FrameworkIndicator:
    return get_object_or_404(
        FrameworkIndicator.objects.select_related(
            "indicator", "project__unit", "project__task__strategy", "field"
        ),
        indicator_id=indicator_pk,
        indicator__plan=plan,
        role=FrameworkIndicator.Role.IMPLEMENTATION,
    )


@login_required
def implementation_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Change an implementation indicator's name, unit, direction and targets."""
    plan = central_plan(request, pk)
    framework = _framework(plan)
    link = _implementation(plan, indicator_pk)
    indicator = link.indicator
    years = _cycle_years(plan, framework)
    targets = {v.year: v.raw_text for v in indicator.values.filter(kind="target", quarter=0)}
    initial = {
        "name": indicator.name,
        "unit_of_measure": indicator.unit_of_measure,
        "direction": indicator.direction,
        "updated_at": indicator.updated_at.isoformat(),
        **{target_field_name(y): targets.get(y, "") for y in years},
    }
    form = ImplementationIndicatorEditForm(request.POST or None, initial=initial, years=years)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        read_at: Any = data["updated_at"]
        try:
            implementation_indicator_update(
                user=request.user,
                indicator=indicator,
                expected_updated_at=parse_datetime(read_at),
                name=data["name"],
                targets=form.targets(),
                unit_of_measure=data["unit_of_measure"],
                direction=data["direction"],
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Saved the implementation indicator %(indicator)s.")
                % {"indicator": data["name"]},
            )
            return redirect(
                reverse("web:sustainability-implementation", args=[plan.pk])
                + f"#indicator-{indicator.pk}"
            )
    return render(
        request,
        "web/sustainability/implementation_edit.html",
        {
            "plan": plan,
            "link": link,
            "form": form,
            "target_fields": [form[target_field_name(y)] for y in years],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def implementation_remove(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Remove an implementation indicator (refused once it has an actual or a run)."""
    plan = central_plan(request, pk)
    link = _implementation(plan, indicator_pk)
    try:
        implementation_indicator_delete(user=request.user, indicator=link.indicator)
    except ServiceError as exc:
        messages.error(request, f"{link.indicator.name}: {exc}")
        return redirect(
            "web:sustainability-implementation-edit", pk=plan.pk, indicator_pk=link.indicator_id
        )
    messages.success(
        request,
        _("Removed the implementation indicator %(indicator)s.")
        % {"indicator": link.indicator.name},
    )
    return redirect("web:sustainability-implementation", pk=plan.pk)


# --- grades of the implementation indicators (the office) ---------------------------------------


def _band_labels(run: EvaluationRun) -> dict[str, str]:
    try:
        scheme = scheme_for(run.scheme_name, version=run.scheme_version)
    except UnknownScheme:
        return {}
    return {b.code: b.label for b in (*scheme.bands, scheme.not_rated)}


@login_required
@require_safe
def grades_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An evaluation run's grades of the implementation indicators (the latest run, or
    ``?run=<pk>``), the R8 override form, and the count tables computed from the grades
    beside the printed ones."""
    plan = central_plan(request, pk)
    framework = _framework(plan)
    runs = list(plan_runs(plan=plan))
    run: EvaluationRun | None = runs[0] if runs else None
    if request.GET.get("run"):
        run = next((r for r in runs if str(r.pk) == request.GET["run"]), None)
        if run is None:
            raise Http404
    links = implementation_list(framework)
    results: dict[int, IndicatorResult] = {}
    overrides: dict[int, Any] = {}
    labels: dict[str, str] = {}
    if run is not None:
        results = {r.indicator_id: r for r in run_results(run=run)}
        overrides = plan_overrides(plan=plan, period_key=run.period_key)
        labels = _band_labels(run)
    rows = [
        {
            "link": link,
            "result": results.get(link.indicator_id),
            "override": overrides.get(link.indicator_id),
        }
        for link in links
    ]
    graded = {
        link.indicator_id: results[link.indicator_id].grade_code
        for link in links
        if link.indicator_id in results
    }
    # the printed count tables beside the ones computed from the grades (one rule, shared
    # with the ``sustainability`` report: ``frameworks.selectors.count_comparison``)
    summary = sustainability_summary(framework, grades=graded)
    return render(
        request,
        "web/sustainability/grades.html",
        {
            "plan": plan,
            "framework": framework,
            "runs": runs,
            "run": run,
            "rows": rows,
            "labels": labels,
            "override_bands": _override_bands(run) if run is not None else [],
            "criteria": summary.criteria,
            "tables": summary.compared or [],
        },
    )


@login_required
@require_POST
def grade_override(request: HttpRequest, pk: int, run_pk: int, result_pk: int) -> HttpResponse:
    """Override one implementation indicator's grade with a reason R8 allows."""
    plan = central_plan(request, pk)
    _framework(plan)  # a sustainability plan's run only
    run = get_object_or_404(EvaluationRun.objects.select_related("plan"), pk=run_pk, plan=plan)
    result = get_object_or_404(IndicatorResult.objects.select_related("run"), pk=result_pk, run=run)
    band, _sep, reason = request.POST.get("choice", "").partition("|")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        grade_override_apply(
            user=request.user,
            result=result,
            band=band,
            reason=reason,
            note=request.POST.get("note", "").strip(),
            expected_version=version,
        )
    except ServiceError as exc:
        messages.error(request, f"{result.indicator_name}: {exc}")
    else:
        messages.success(
            request,
            _("The grade of %(indicator)s is overridden; later runs of %(period)s apply it too.")
            % {"indicator": result.indicator_name, "period": run.period_key},
        )
    return redirect(
        reverse("web:sustainability-grades", args=[plan.pk]) + f"?run={run.pk}#result-{result.pk}"
    )
