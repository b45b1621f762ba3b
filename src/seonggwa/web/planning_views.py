"""The planning pages (docs/workflow.md, "Planning a year"): the office opens next year's
round and follows each unit's draft; a unit edits its draft with live checks and submits it;
the office comments, returns, accepts and confirms; the plan's versions compared item by
item; mid-year change requests asked by units and decided by the office.

Every write goes through ``seonggwa.planning.services``; a refusal is shown on the page the
user came from (a message), a role the user lacks answers 403, another organisation's round
or plan answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe

from seonggwa.core.errors import ConflictError, ServiceError
from seonggwa.core.errors import PermissionDenied as Refused
from seonggwa.planning import services
from seonggwa.planning.models import ChangeRequest, PlanningRound, UnitDraft
from seonggwa.planning.selectors import (
    change_requests,
    draft_changes_since,
    draft_view,
    drafts_editable_by,
    drafts_for,
    may_comment,
    plan_versions,
    reviewer_candidates,
    round_progress,
    round_reviewers,
    targets_of,
    versions_compare,
)
from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Perspective,
    Plan,
    PolicyGoal,
    StrategicGoal,
)
from seonggwa.policy import ENTERING, can_see_unapproved, can_submit_plan, is_central, units_for

from .entry_reading import read_entry
from .office_access import central_plan, visible_plan
from .planning_forms import ChangeRequestForm, RoundOpenForm


def _round(request: HttpRequest, pk: int) -> PlanningRound:
    rnd = get_object_or_404(
        PlanningRound.objects.select_related("plan__organisation", "source_plan"), pk=pk
    )
    visible_plan(request, rnd.plan_id)
    return rnd


def _drafting_units(request: HttpRequest, plan: Plan) -> set[int] | None:
    """The units whose drafts the user works on (None: every unit, the office); 403 when
    none."""
    units = units_for(request.user, plan, ENTERING)
    if units == set():
        raise PermissionDenied
    return units


def _reading_units(request: HttpRequest, rnd: PlanningRound) -> set[int] | None:
    """As :func:`_drafting_units`, and every unit for a reviewer the office invited."""
    units = units_for(request.user, rnd.plan, ENTERING)
    if units is not None and may_comment(request.user, rnd):
        return None
    if units == set():
        raise PermissionDenied
    return units


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


# --- opening a round -------------------------------------------------------------------------


@login_required
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The office opens next year's planning round from this plan (GET: the form)."""
    source = central_plan(request, pk)
    existing = PlanningRound.objects.filter(source_plan=source).first()
    if existing is not None:
        return redirect("web:planning-round", existing.pk)
    form = RoundOpenForm(request.POST or None, organisation_id=source.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = services.round_open(
                user=request.user,
                source_plan=source,
                deadline=data["deadline"],
                max_goals=data["max_goals"],
                max_indicators=data["max_indicators"],
                required_fields=data["required_fields"],
                perspective_weights=data["perspective_weights"],
                grading_scheme=data["grading_scheme"],
                city_unit=data["city_unit"],
                city_goals=data["city_goals"].splitlines(),
            )
        except Refused as exc:
            raise PermissionDenied from exc
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("%(plan)s is open for the units.") % {"plan": rnd.plan})
            return redirect("web:planning-round", rnd.pk)
    return render(
        request,
        "web/planning/open.html",
        {"plan": source, "form": form, "year": source.year + 1},
        status=400 if request.method == "POST" else 200,
    )


# --- the round and a unit's draft ----------------------------------------------------------


@login_required
@require_safe
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The office: every unit's draft and where it stands; a unit: its drafts."""
    rnd = _round(request, pk)
    units = _reading_units(request, rnd)
    central = is_central(request.user, rnd.organisation_id)
    everyone = units is None
    rows = round_progress(rnd=rnd) if everyone else []
    drafts = list(drafts_for(rnd=rnd, unit_ids=units)) if not everyone else []
    return render(
        request,
        "web/planning/round.html",
        {
            "rnd": rnd,
            "plan": rnd.plan,
            "rows": rows,
            "drafts": drafts,
            "central": central,
            "everyone": everyone,
            "reviewers": round_reviewers(rnd=rnd) if everyone else [],
            "candidates": reviewer_candidates(rnd=rnd) if central else [],
            "all_accepted": bool(rows)
            and all(r.draft.status == UnitDraft.Status.ACCEPTED for r in rows),
        },
    )


def _draft(request: HttpRequest, pk: int, draft_pk: int) -> UnitDraft:
    rnd = _round(request, pk)
    draft = get_object_or_404(
        UnitDraft.objects.select_related("owner__unit", "round__plan", "submitted_by"),
        pk=draft_pk,
        round=rnd,
    )
    units = _reading_units(request, rnd)
    if units is not None and draft.owner.unit_id not in units:
        raise PermissionDenied
    return draft


@login_required
@require_safe
def draft_page(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    """A unit's draft: goals, indicators and targets to edit, the live checks, the office's
    comments and requests, and the actions of the one looking."""
    draft = _draft(request, pk, draft_pk)
    plan = draft.round.plan
    central = is_central(request.user, plan.organisation_id)
    return render(
        request,
        "web/planning/draft.html",
        {
            "rnd": draft.round,
            "plan": plan,
            "draft": draft,
            "view": draft_view(draft=draft),
            "editable": draft.pk in drafts_editable_by(request.user, [draft]),
            "may_submit": can_submit_plan(request.user, plan, draft.owner.unit)
            and draft.status in (UnitDraft.Status.DRAFTING, UnitDraft.Status.RETURNED),
            "central": central,
            "reviewable": central and draft.round.status == PlanningRound.Status.OPEN,
            "may_comment": draft.round.status == PlanningRound.Status.OPEN
            and may_comment(request.user, draft.round),
        },
    )


@login_required
@require_safe
def draft_reading(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    """htmx, while typing a target: how the value grammar reads it (the live check of a
    target; nothing for an empty one)."""
    draft = _draft(request, pk, draft_pk)
    text = request.GET.get("target", "")[:300]
    if not text.strip():
        return HttpResponse("")
    indicator = get_object_or_404(
        Indicator, pk=_int(request.GET.get("indicator")), plan=draft.round.plan
    )
    reading = read_entry(
        text,
        indicator=indicator,
        year=draft.round.plan.year,
        target=None,
        previous_actual=None,
        scheme=None,
    )
    return render(request, "web/entry/_reading.html", {"reading": reading})


DRAFT_ACTIONS = {
    "indicator",
    "add-indicator",
    "remove-indicator",
    "goal",
    "add-goal",
    "remove-goal",
    "add-policy",
    "policy",
    "remove-policy",
    "place",
    "program",
    "submit",
    "comment",
    "return",
    "accept",
}


def _anchor(data: Any) -> str:
    """Where on the draft page the form that was sent is."""
    for key, prefix in (("indicator", "item"), ("program", "program"), ("goal", "goal")):
        value = data.get(key, "")
        if value.isdigit():
            return f"#{prefix}-{value}"
    return ""


def _draft_action(user: Any, action: str, draft: UnitDraft, data: Any) -> str:
    """Run one action on the draft; the message to show."""
    plan = draft.round.plan
    version = _int(data.get("version"))
    if action == "indicator":
        ind = get_object_or_404(Indicator, pk=_int(data.get("indicator")), plan=plan)
        services.draft_indicator_save(
            user=user,
            indicator=ind,
            expected_version=version,
            **{
                f: data.get(f, "")
                for f in (
                    "name",
                    "target",
                    "weight",
                    "due_month",
                    "definition",
                    "formula",
                    "data_source",
                    "unit_of_measure",
                )
            },
        )
        return _("'%(indicator)s' is saved.") % {"indicator": data.get("name", "")}
    if action == "add-indicator":
        goal = get_object_or_404(StrategicGoal, pk=_int(data.get("goal")), plan=plan)
        services.draft_indicator_add(
            user=user, goal=goal, name=data.get("name", ""), expected_version=version
        )
        return _("The indicator is added.")
    if action == "remove-indicator":
        ind = get_object_or_404(Indicator, pk=_int(data.get("indicator")), plan=plan)
        services.draft_indicator_remove(user=user, indicator=ind, expected_version=version)
        return _("'%(indicator)s' is taken out.") % {"indicator": ind.name}
    if action == "goal":
        goal = get_object_or_404(StrategicGoal, pk=_int(data.get("goal")), plan=plan)
        parent_pk = _int(data.get("parent"))
        parent = StrategicGoal.objects.filter(pk=parent_pk).first() if parent_pk > 0 else None
        services.draft_goal_save(
            user=user, goal=goal, expected_version=version, name=data.get("name", ""), parent=parent
        )
        return _("The strategic goal is saved.")
    if action in ("add-goal", "remove-goal", "add-policy", "policy", "remove-policy"):
        return _goal_action(user, action, draft, data, version)
    if action in ("place", "program"):
        return _link_action(user, action, draft, data, version)
    if action == "submit":
        services.draft_submit(user=user, draft=draft, expected_version=version)
        return _("The plan of %(unit)s is submitted to the evaluation office.") % {
            "unit": draft.owner
        }
    if action == "comment":
        goal_pk, ind_pk = _int(data.get("goal")), _int(data.get("indicator"))
        services.draft_comment(
            user=user,
            draft=draft,
            text=data.get("text", ""),
            goal=get_object_or_404(StrategicGoal, pk=goal_pk, plan=plan) if goal_pk > 0 else None,
            indicator=get_object_or_404(Indicator, pk=ind_pk, plan=plan) if ind_pk > 0 else None,
        )
        return _("The comment is saved.")
    if action == "return":
        services.draft_return(
            user=user, draft=draft, note=data.get("note", ""), expected_version=version
        )
        return _("The plan of %(unit)s is returned with your requests.") % {"unit": draft.owner}
    services.draft_accept(user=user, draft=draft, expected_version=version)
    return _("The plan of %(unit)s is accepted.") % {"unit": draft.owner}


def _optional(model: Any, pk: int, plan: Plan) -> Any:
    return get_object_or_404(model, pk=pk, plan=plan) if pk > 0 else None


def _goal_action(user: Any, action: str, draft: UnitDraft, data: Any, version: int) -> str:
    """Adding and taking out strategic goals, and their policy goals."""
    plan = draft.round.plan
    name = data.get("name", "")
    if action == "add-goal":
        services.draft_goal_add(user=user, draft=draft, name=name, expected_version=version)
        return _("The strategic goal '%(goal)s' is added.") % {"goal": name.strip()}
    if action == "remove-goal":
        goal = get_object_or_404(StrategicGoal, pk=_int(data.get("goal")), plan=plan)
        services.draft_goal_remove(user=user, goal=goal, expected_version=version)
        return _("The strategic goal '%(goal)s' is taken out.") % {"goal": goal.name}
    if action == "add-policy":
        goal = get_object_or_404(StrategicGoal, pk=_int(data.get("goal")), plan=plan)
        services.draft_policy_goal_add(user=user, goal=goal, name=name, expected_version=version)
        return _("The policy goal '%(policy)s' is added.") % {"policy": name.strip()}
    policy = get_object_or_404(PolicyGoal, pk=_int(data.get("policy_goal")), plan=plan)
    if action == "policy":
        services.draft_policy_goal_save(
            user=user, policy_goal=policy, name=name, expected_version=version
        )
        return _("The policy goal is renamed.")
    services.draft_policy_goal_remove(user=user, policy_goal=policy, expected_version=version)
    return _("The policy goal '%(policy)s' is taken out.") % {"policy": policy.name}


def _link_action(user: Any, action: str, draft: UnitDraft, data: Any, version: int) -> str:
    """Placing an indicator (goal, policy goal, perspective) and linking a budget program."""
    plan = draft.round.plan
    goal = _optional(StrategicGoal, _int(data.get("goal")), plan)
    policy = _optional(PolicyGoal, _int(data.get("policy_goal")), plan)
    if action == "place":
        ind = get_object_or_404(Indicator, pk=_int(data.get("indicator")), plan=plan)
        if goal is None:
            raise ServiceError(_("Choose the strategic goal of the indicator."), field="goal")
        services.draft_indicator_place(
            user=user,
            indicator=ind,
            expected_version=version,
            goal=goal,
            policy_goal=policy,
            perspective=_optional(Perspective, _int(data.get("perspective")), plan),
        )
        return _("'%(indicator)s' is placed.") % {"indicator": ind.name}
    program = get_object_or_404(BudgetProgram, pk=_int(data.get("program")), plan=plan)
    services.draft_program_link(
        user=user, program=program, expected_version=version, goal=goal, policy_goal=policy
    )
    return _("The budget program '%(program)s' is linked.") % {"program": program.name}


# the fields of an item's form that the conflict page compares, with their labels
COMPARED = {
    "indicator": [
        ("name", _lazy("name")),
        ("target", _lazy("target")),
        ("weight", _lazy("weight")),
        ("due_month", _lazy("evaluation month")),
        ("unit_of_measure", _lazy("unit of measure")),
        ("data_source", _lazy("data source")),
        ("definition", _lazy("definition")),
        ("formula", _lazy("formula")),
    ],
    "goal": [("name", _lazy("name")), ("parent", _lazy("City goal it supports"))],
    "policy": [("name", _lazy("name"))],
}


# the actions whose form carries typed text: a stale one shows the conflict page, which
# keeps the text; the others (buttons) say who changed the draft and when
TYPED = {"indicator", "goal", "policy", "add-goal", "add-indicator", "add-policy", "return"}


def _stale_message(draft: UnitDraft, data: Any, refusal: str) -> str:
    fresh = UnitDraft.objects.select_related("round", "owner__unit").get(pk=draft.pk)
    seen = draft_changes_since(draft=fresh, version=_int(data.get("version")))
    if not seen.by:
        return refusal
    return _(
        "Nothing was done: %(who)s changed the plan of %(unit)s at %(when)s, after you "
        "opened it. Look at the plan as it is now and try again."
    ) % {
        "who": ", ".join(seen.by),
        "unit": fresh.owner,
        "when": date_format(localtime(seen.last_at), "Y-m-d H:i"),
    }


def _saved_now(action: str, draft: UnitDraft, data: Any) -> dict[str, str]:
    """The saved values of the item a stale form was about, as its form writes them."""
    plan = draft.round.plan
    if action == "indicator":
        ind = Indicator.objects.filter(pk=_int(data.get("indicator")), plan=plan).first()
        if ind is None:
            return {}
        target = targets_of(plan, [ind.pk]).get(ind.pk, "")
        return {
            "name": ind.name,
            "target": target,
            "weight": "" if ind.weight is None else format(ind.weight.normalize(), "f"),
            "due_month": str(ind.due_month or ""),
            "unit_of_measure": ind.unit_of_measure,
            "data_source": ind.data_source,
            "definition": ind.definition,
            "formula": ind.formula,
        }
    if action == "goal":
        goal = (
            StrategicGoal.objects.filter(pk=_int(data.get("goal")), plan=plan)
            .select_related("parent")
            .first()
        )
        if goal is None:
            return {}
        return {"name": goal.name, "parent": goal.parent.name if goal.parent else ""}
    if action == "policy":
        policy = PolicyGoal.objects.filter(pk=_int(data.get("policy_goal")), plan=plan).first()
        return {"name": policy.name} if policy is not None else {}
    return {}


def _mine(action: str, field: str, data: Any, draft: UnitDraft) -> str:
    value = data.get(field, "")
    if action == "goal" and field == "parent":
        parent = StrategicGoal.objects.filter(pk=_int(value), plan=draft.round.plan).first()
        return parent.name if parent else ""
    return str(value).strip()


def _conflict(request: HttpRequest, draft: UnitDraft, action: str) -> HttpResponse:
    """A stale form: nothing is saved; the page names who changed the draft since and
    when, what they changed, the saved values beside the typed ones, and offers to save
    the typed ones over them (with the current version) or keep theirs."""
    data = request.POST
    fresh = UnitDraft.objects.select_related("round__plan", "owner__unit").get(pk=draft.pk)
    seen = draft_changes_since(draft=fresh, version=_int(data.get("version")))
    now = _saved_now(action, fresh, data)
    rows = [
        (label, _mine(action, field, data, fresh), now.get(field, ""))
        for field, label in COMPARED.get(action, [])
    ]
    resend = [(k, v) for k, v in data.items() if k not in ("csrfmiddlewaretoken", "version")]
    return render(
        request,
        "web/planning/conflict.html",
        {
            "rnd": fresh.round,
            "plan": fresh.round.plan,
            "draft": fresh,
            "action": action,
            "seen": seen,
            "rows": rows,
            "gone": action in COMPARED and not now,
            "resend": resend,
            # the typed text may be sent again by whoever may still do the action
            "editable": fresh.pk in drafts_editable_by(request.user, [fresh])
            if action != "return"
            else is_central(request.user, fresh.round.organisation_id)
            and fresh.status == UnitDraft.Status.SUBMITTED,
            "back": reverse("web:planning-draft", args=[fresh.round_id, fresh.pk]) + _anchor(data),
        },
        status=409,
    )


@login_required
@require_POST
def draft_action(request: HttpRequest, pk: int, draft_pk: int, action: str) -> HttpResponse:
    if action not in DRAFT_ACTIONS:
        raise Http404
    draft = _draft(request, pk, draft_pk)
    back = reverse("web:planning-draft", args=[pk, draft.pk])
    try:
        done = _draft_action(request.user, action, draft, request.POST)
    except Refused as exc:
        raise PermissionDenied from exc
    except ConflictError as exc:
        if action in TYPED:
            return _conflict(request, draft, action)
        messages.error(request, _stale_message(draft, request.POST, str(exc)))
        return redirect(back + _anchor(request.POST))
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(back + _anchor(request.POST))
    messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def round_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    try:
        version = services.round_confirm(
            user=request.user, rnd=rnd, expected_version=_int(request.POST.get("version"))
        )
    except Refused as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("web:planning-round", rnd.pk)
    messages.success(
        request,
        _("%(plan)s is confirmed (version %(number)s).")
        % {"plan": rnd.plan, "number": version.number},
    )
    return redirect("web:plan-versions", rnd.plan_id)


def _cap(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise ServiceError(_("Write each cap as a whole number, or leave it empty."))
    return int(value)


@login_required
@require_POST
def round_caps(request: HttpRequest, pk: int) -> HttpResponse:
    """The office sets the 상한표: each unit's caps on strategic goals and indicators."""
    rnd = _round(request, pk)
    try:
        caps = {
            d.pk: (
                _cap(request.POST.get(f"goals-{d.pk}", "")),
                _cap(request.POST.get(f"indicators-{d.pk}", "")),
            )
            for d in rnd.drafts.all()
        }
        services.round_caps_set(
            user=request.user,
            rnd=rnd,
            caps=caps,
            expected_version=_int(request.POST.get("version")),
        )
    except Refused as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("web:planning-round", rnd.pk)
    messages.success(request, _("The caps per unit are saved."))
    return redirect("web:planning-round", rnd.pk)


@login_required
@require_POST
def round_reviewers_change(request: HttpRequest, pk: int) -> HttpResponse:
    """The office invites a person of the organisation to review the round, or ends an
    invitation (``action`` invite or remove, ``user`` their id)."""
    rnd = _round(request, pk)
    if not is_central(request.user, rnd.organisation_id):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in ("invite", "remove"):
        raise Http404
    person = get_user_model().objects.filter(pk=_int(request.POST.get("user"))).first()
    try:
        if person is None:
            raise ServiceError(_("Choose a person to invite."))
        if action == "invite":
            services.round_reviewer_invite(user=request.user, rnd=rnd, reviewer=person)
            done = _("%(person)s may now read and comment on every unit's draft.")
        else:
            services.round_reviewer_remove(user=request.user, rnd=rnd, reviewer=person)
            done = _("%(person)s no longer reviews this round.")
    except Refused as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("web:planning-round", args=[rnd.pk]) + "#reviewers")
    messages.success(request, done % {"person": person.get_full_name() or person.username})
    return redirect(reverse("web:planning-round", args=[rnd.pk]) + "#reviewers")


# --- versions --------------------------------------------------------------------------------


@login_required
@require_safe
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's versions; ``?a=1&b=2`` compares two of them item by item."""
    plan = visible_plan(request, pk)
    if not can_see_unapproved(request.user, plan):  # the organisation's own people
        raise Http404
    found = plan_versions(plan=plan)
    by_number = {v.number: v for v in found}
    a = by_number.get(_int(request.GET.get("a")))
    b = by_number.get(_int(request.GET.get("b")))
    if a is None and len(found) >= 2:
        a, b = found[-2], found[-1]
    differences = versions_compare(a, b) if a is not None and b is not None else []
    return render(
        request,
        "web/planning/versions.html",
        {"plan": plan, "versions": found, "a": a, "b": b, "differences": differences},
    )


# --- change requests -------------------------------------------------------------------------


def _requestable(user: Any, plan: Plan) -> list[tuple[int, str]]:
    units = units_for(user, plan, ENTERING)
    qs = Indicator.objects.filter(plan=plan).select_related("owner__unit").order_by("position")
    if units is not None:
        qs = qs.filter(owner__unit_id__in=units)
    return [(i.pk, f"{i.owner} · {i.name}") for i in qs]


@login_required
def changes(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmed plan's change requests: units ask (POST) and see theirs; the office sees
    and decides every one."""
    plan = visible_plan(request, pk)
    units = units_for(request.user, plan, ENTERING)
    if units == set():
        raise PermissionDenied
    central = units is None
    indicators = _requestable(request.user, plan)
    form = ChangeRequestForm(request.POST or None, request.FILES or None, indicators=indicators)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["evidence"]
            try:
                services.change_request_create(
                    user=request.user,
                    indicator=get_object_or_404(
                        Indicator, pk=int(form.cleaned_data["indicator"]), plan=plan
                    ),
                    field=form.cleaned_data["field"],
                    new_text=form.cleaned_data["new_text"],
                    reason=form.cleaned_data["reason"],
                    file_name=upload.name,
                    content=upload.read(),
                    content_type=upload.content_type,
                    size=upload.size,
                )
            except Refused as exc:
                raise PermissionDenied from exc
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Your change request is sent to the office."))
                return redirect("web:plan-changes", plan.pk)
    return render(
        request,
        "web/planning/changes.html",
        {
            "plan": plan,
            "requests": change_requests(plan=plan, unit_ids=units),
            "form": form,
            "central": central,
            "open": plan.status == Plan.Status.CONFIRMED,
        },
        status=status,
    )


@login_required
@require_POST
def change_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("approve", "reject"):
        raise Http404
    found = get_object_or_404(ChangeRequest.objects.select_related("plan"), pk=pk)
    plan = visible_plan(request, found.plan_id)
    try:
        done = services.change_request_decide(
            user=request.user,
            request=found,
            approve=action == "approve",
            note=request.POST.get("note", ""),
            expected_version=_int(request.POST.get("version")),
        )
    except Refused as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("web:plan-changes", plan.pk)
    messages.success(
        request,
        _("The request is %(status)s.") % {"status": done.get_status_display()},
    )
    return redirect("web:plan-changes", plan.pk)


@login_required
@require_safe
def change_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file of a change request: the office and the unit that asked."""
    found = get_object_or_404(
        ChangeRequest.objects.select_related("plan", "indicator__owner__unit"), pk=pk
    )
    plan = visible_plan(request, found.plan_id)
    units = units_for(request.user, plan, ENTERING)
    if units is not None and found.indicator.owner.unit_id not in units:
        raise PermissionDenied
    if not found.evidence_file or not default_storage.exists(found.evidence_file):
        raise Http404
    return FileResponse(
        default_storage.open(found.evidence_file, "rb"),
        as_attachment=True,
        filename=found.evidence_name or "evidence",
    )
