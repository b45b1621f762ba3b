"""The evaluation office's people and units pages (docs/workflow.md "People and units"):
accounts and roles of its own organisation, transfers between units from a date,
delegations of entry or approval rights for a period, and renaming, merging and splitting
units from a date. Views parse input and call ``accounts.services`` /
``organisations.services``; the services check who may.

The organisation's administrator and evaluation officer reach these pages; its other
people get 403, anyone else 404."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seonggwa.accounts.models import Delegation, RoleAssignment, valid_on
from seonggwa.accounts.selectors import delegation_list, people_list, person_assignments
from seonggwa.accounts.services import (
    delegation_create,
    delegation_revoke,
    password_generate,
    role_end,
    role_grant,
    roles_follow_unit,
    user_create,
    user_deactivate,
    user_password_reset,
    user_transfer,
)
from seonggwa.core.errors import ServiceError
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.organisations.selectors import unit_list
from seonggwa.organisations.services import unit_merge, unit_rename, unit_split
from seonggwa.policy import administered_organisation_ids, can_manage_people, roles_of

from .people_forms import (
    AccountCreateForm,
    DelegationForm,
    PasswordResetForm,
    RoleGrantForm,
    TransferForm,
    UnitMergeForm,
    UnitRenameForm,
    UnitSplitForm,
)


def office_organisation(request: HttpRequest, org_pk: int) -> Organisation:
    """The organisation whose people the user manages: 404 for a stranger to it, 403 for
    its people without the evaluation office's role."""
    organisation = get_object_or_404(Organisation, pk=org_pk)
    user = request.user
    if can_manage_people(user, organisation):
        return organisation
    if roles_of(user, organisation):
        raise PermissionDenied
    raise Http404


def _current_units(organisation: Organisation) -> Any:
    today = timezone.localdate()
    return (
        unit_list(organisation=organisation)
        .exclude(valid_to__lt=today)
        .order_by("name", "valid_from")
    )


@login_required
@require_safe
def people_start(request: HttpRequest) -> HttpResponse:
    """The people pages of the organisation the user manages (a choice when several)."""
    user: Any = request.user
    ids = administered_organisation_ids(user)
    organisations = (
        Organisation.objects.order_by("name")
        if user.is_superuser
        else Organisation.objects.filter(pk__in=ids).order_by("name")
    )
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("web:people", org_pk=organisations[0].pk)
    return render(request, "web/people/start.html", {"organisations": organisations})


def _people_page(
    request: HttpRequest, organisation: Organisation, form: AccountCreateForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "web/people/list.html",
        {
            "organisation": organisation,
            "people": people_list(organisation_id=organisation.pk),
            "delegations": delegation_list(organisation_id=organisation.pk),
            "form": form,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def people(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The organisation's people with their roles; POST creates an account with its
    first role (the temporary password is shown once)."""
    organisation = office_organisation(request, org_pk)
    units = _current_units(organisation)
    if request.method != "POST":
        return _people_page(request, organisation, AccountCreateForm(units=units))
    form = AccountCreateForm(request.POST, units=units)
    if not form.is_valid():
        return _people_page(request, organisation, form, status=400)
    password = form.cleaned_data["password"] or password_generate()
    try:
        person = user_create(
            user=request.user,
            username=form.cleaned_data["username"],
            password=password,
            organisation=organisation,
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
        )
    except ServiceError as exc:
        form.add_service_error(exc)
        return _people_page(request, organisation, form, status=400)
    messages.success(request, _("Created the account %(user)s.") % {"user": person.get_username()})
    return _person_page(
        request,
        organisation,
        person,
        new_password=password if not form.cleaned_data["password"] else "",
    )


def _person(organisation: Organisation, person_pk: int) -> Any:
    person = get_object_or_404(get_user_model(), pk=person_pk)
    if not RoleAssignment.objects.filter(user=person, organisation=organisation).exists():
        raise Http404
    return person


def _colleagues(org_ids: set[int], exclude: int) -> Any:
    """Active people holding a role today in those organisations (who may stand in)."""
    holding = RoleAssignment.objects.filter(
        valid_on(timezone.localdate()), organisation_id__in=org_ids
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=holding)
        .exclude(pk=exclude)
        .order_by("username")
    )


def _forms(
    organisation: Organisation, person: Any, data: Any = None, only: str = ""
) -> dict[str, Any]:
    units = _current_units(organisation)
    today = timezone.localdate()
    held_units = OrgUnit.objects.filter(
        pk__in=RoleAssignment.objects.filter(
            user=person, organisation=organisation, unit__isnull=False
        )
        .exclude(valid_to__lt=today)
        .values("unit_id")
    ).order_by("name")
    colleagues = _colleagues({organisation.pk}, exclude=person.pk)

    def bound(name: str) -> Any:
        return data if only == name else None

    return {
        "role": RoleGrantForm(bound("role"), units=units, prefix="role"),
        "transfer": TransferForm(
            bound("transfer"), from_units=held_units, units=units, prefix="transfer"
        ),
        "delegate": DelegationForm(
            bound("delegate"),
            units=held_units,
            people=colleagues,
            prefix="delegate",
            initial={"starts_on": today, "ends_on": today + datetime.timedelta(days=6)},
        ),
        "password": PasswordResetForm(bound("password"), prefix="password"),
    }


def _person_page(
    request: HttpRequest,
    organisation: Organisation,
    person: Any,
    forms: dict[str, Any] | None = None,
    new_password: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "web/people/person.html",
        {
            "organisation": organisation,
            "person": person,
            "assignments": person_assignments(organisation_id=organisation.pk, person_id=person.pk),
            "delegations": delegation_list(organisation_id=organisation.pk, person_id=person.pk),
            "forms": forms or _forms(organisation, person),
            "new_password": new_password,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_safe
def person_detail(request: HttpRequest, org_pk: int, person_pk: int) -> HttpResponse:
    organisation = office_organisation(request, org_pk)
    return _person_page(request, organisation, _person(organisation, person_pk))


PERSON_ACTIONS = {"role", "role-end", "transfer", "delegate", "password", "deactivate", "activate"}


def _apply(
    request: HttpRequest,
    organisation: Organisation,
    person: Any,
    action: str,
    forms: dict[str, Any],
) -> tuple[str, str]:
    """Run one action; returns (success message, new password to show once)."""
    user = request.user
    if action == "role-end":
        assignment = get_object_or_404(
            RoleAssignment,
            pk=request.POST.get("assignment") or 0,
            user=person,
            organisation=organisation,
        )
        role_end(user=user, assignment=assignment)
        return _("Ended the role %(role)s.") % {"role": assignment.get_role_display()}, ""
    if action in ("deactivate", "activate"):
        user_deactivate(
            user=user, person=person, organisation=organisation, active=action == "activate"
        )
        if action == "activate":
            return _("%(user)s may sign in again.") % {"user": person.get_username()}, ""
        return _("%(user)s can no longer sign in.") % {"user": person.get_username()}, ""
    form = forms[action]
    if not form.is_valid():
        raise _Invalid
    data = form.cleaned_data
    if action == "password":
        new = user_password_reset(
            user=user, person=person, organisation=organisation, password=data["password"]
        )
        return (
            _("Set a temporary password for %(user)s.") % {"user": person.get_username()},
            new if not data["password"] else "",
        )
    if action == "role":
        role_grant(
            user=user,
            person=person,
            organisation=organisation,
            role=data["role"],
            unit=data["unit"],
            valid_from=data["valid_from"],
        )
        return _("Gave %(user)s the role.") % {"user": person.get_username()}, ""
    if action == "transfer":
        user_transfer(
            user=user,
            person=person,
            from_unit=data["from_unit"],
            to_unit=data["to_unit"],
            on=data["on"],
        )
        return (
            _("%(user)s moves from %(from)s to %(to)s on %(on)s.")
            % {
                "user": person.get_username(),
                "from": data["from_unit"].name,
                "to": data["to_unit"].name,
                "on": data["on"].isoformat(),
            },
            "",
        )
    delegation_create(
        user=user,
        delegator=person,
        delegate=data["delegate"],
        unit=data["unit"],
        kind=data["kind"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        reason=data["reason"],
    )
    return (
        _("%(delegate)s stands in for %(user)s from %(start)s to %(end)s.")
        % {
            "delegate": data["delegate"].get_username(),
            "user": person.get_username(),
            "start": data["starts_on"].isoformat(),
            "end": data["ends_on"].isoformat(),
        },
        "",
    )


class _Invalid(Exception):
    pass


@login_required
@require_POST
def person_action(request: HttpRequest, org_pk: int, person_pk: int, action: str) -> HttpResponse:
    organisation = office_organisation(request, org_pk)
    person = _person(organisation, person_pk)
    if action not in PERSON_ACTIONS:
        raise Http404
    forms = _forms(organisation, person, request.POST, only=action)
    try:
        text, new_password = _apply(request, organisation, person, action, forms)
    except _Invalid:
        return _person_page(request, organisation, person, forms, status=400)
    except ServiceError as exc:
        if action in forms:
            forms[action].add_service_error(exc)
            return _person_page(request, organisation, person, forms, status=400)
        messages.error(request, str(exc))
        return redirect("web:person", org_pk=organisation.pk, person_pk=person.pk)
    messages.success(request, text)
    if new_password:
        person.refresh_from_db()
        return _person_page(request, organisation, person, new_password=new_password)
    return redirect("web:person", org_pk=organisation.pk, person_pk=person.pk)


@login_required
@require_POST
def delegation_end(request: HttpRequest, org_pk: int, pk: int) -> HttpResponse:
    """Revoke a delegation (the office; the delegator revokes theirs too)."""
    organisation = office_organisation(request, org_pk)
    delegation = get_object_or_404(Delegation, pk=pk, organisation=organisation)
    try:
        delegation_revoke(user=request.user, delegation=delegation)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Revoked the delegation."))
    back = request.POST.get("person")
    if back and back.isdigit():
        return redirect("web:person", org_pk=organisation.pk, person_pk=int(back))
    return redirect("web:people", org_pk=organisation.pk)


# --- units ---------------------------------------------------------------------------------------

UNIT_FORMS = {"rename": UnitRenameForm, "merge": UnitMergeForm, "split": UnitSplitForm}


def _units_today(organisation: Organisation) -> Any:
    """The units that exist today: what the rename, merge and split forms offer (a unit that
    starts later is not there yet; the services refuse a unit missing on the chosen date)."""
    today = timezone.localdate()
    return _current_units(organisation).exclude(valid_from__gt=today)


def _units_page(
    request: HttpRequest,
    organisation: Organisation,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    current = _units_today(organisation)
    units = list(
        unit_list(organisation=organisation)
        .prefetch_related("predecessors")
        .order_by("valid_to", "name")
    )
    return render(
        request,
        "web/people/units.html",
        {
            "organisation": organisation,
            "units": units,
            "forms": forms
            or {name: cls(units=current, prefix=name) for name, cls in UNIT_FORMS.items()},
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_safe
def units(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The organisation's units, current and past, with their predecessors; forms to
    rename, merge and split from a date."""
    return _units_page(request, office_organisation(request, org_pk))


@login_required
@require_POST
def unit_action(request: HttpRequest, org_pk: int, action: str) -> HttpResponse:
    organisation = office_organisation(request, org_pk)
    if action not in UNIT_FORMS:
        raise Http404
    current = _units_today(organisation)
    forms = {
        name: cls(request.POST if name == action else None, units=current, prefix=name)
        for name, cls in UNIT_FORMS.items()
    }
    form = forms[action]
    if not form.is_valid():
        return _units_page(request, organisation, forms, status=400)
    data = form.cleaned_data
    user = request.user
    try:
        with transaction.atomic():
            if action == "rename":
                made = [
                    unit_rename(
                        user=user, unit=data["unit"], new_name=data["new_name"], on=data["on"]
                    )
                ]
                moved = roles_follow_unit(
                    user=user, units=[data["unit"]], successor=made[0], on=data["on"]
                )
            elif action == "merge":
                made = [
                    unit_merge(
                        user=user,
                        units=list(data["units"]),
                        new_name=data["new_name"],
                        on=data["on"],
                    )
                ]
                moved = roles_follow_unit(
                    user=user, units=list(data["units"]), successor=made[0], on=data["on"]
                )
            else:
                made = unit_split(
                    user=user,
                    unit=data["unit"],
                    new_names=data["new_names"].splitlines(),
                    on=data["on"],
                )
                moved = 0
    except ServiceError as exc:
        form.add_service_error(exc)
        return _units_page(request, organisation, forms, status=400)
    names = ", ".join(u.name for u in made)
    text = _("From %(on)s: %(names)s.") % {"on": data["on"].isoformat(), "names": names}
    if moved:
        text += " " + _("%(count)s role assignments moved with the unit.") % {"count": moved}
    if action == "split":
        text += " " + _("Transfer the unit's people to the new units on their pages.")
    messages.success(request, text)
    return redirect("web:units", org_pk=organisation.pk)


# --- a person's own delegations ---------------------------------------------------------------


def _own_units(user: Any) -> Any:
    """The units where the user holds, by their own assignment today, a unit role (what
    they may lend)."""
    today = timezone.localdate()
    return OrgUnit.objects.filter(
        pk__in=RoleAssignment.objects.filter(
            valid_on(today), user_id=user.pk, unit__isnull=False
        ).values("unit_id")
    ).order_by("name")


def _own_page(
    request: HttpRequest, form: DelegationForm | None = None, status: int = 200
) -> HttpResponse:
    user: Any = request.user
    units = _own_units(user)
    colleagues = _colleagues(set(units.values_list("organisation_id", flat=True)), user.pk)
    today = timezone.localdate()
    return render(
        request,
        "web/people/mine.html",
        {
            "form": form
            or DelegationForm(
                units=units,
                people=colleagues,
                initial={"starts_on": today, "ends_on": today + datetime.timedelta(days=6)},
            ),
            "can_delegate": units.exists(),
            "given": Delegation.objects.filter(delegator_id=user.pk)
            .select_related("delegator", "delegate", "unit", "organisation")
            .order_by("-starts_on", "-pk"),
            "held": Delegation.objects.filter(delegate_id=user.pk)
            .select_related("delegator", "delegate", "unit", "organisation")
            .order_by("-starts_on", "-pk"),
            "today": today,
        },
        status=status,
    )


@login_required
def my_delegations(request: HttpRequest) -> HttpResponse:
    """The user's own delegations: those they gave (revoke one) and hold; POST lends their
    own entry or approval rights for one of their units to a colleague for a period."""
    if request.method != "POST":
        return _own_page(request)
    user: Any = request.user
    units = _own_units(user)
    colleagues = _colleagues(set(units.values_list("organisation_id", flat=True)), user.pk)
    bound = DelegationForm(request.POST, units=units, people=colleagues)
    if not bound.is_valid():
        return _own_page(request, bound, status=400)
    data = bound.cleaned_data
    try:
        delegation_create(
            user=user,
            delegator=user,
            delegate=data["delegate"],
            unit=data["unit"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
        )
    except ServiceError as exc:
        bound.add_service_error(exc)
        return _own_page(request, bound, status=400)
    messages.success(
        request,
        _("%(delegate)s stands in for %(user)s from %(start)s to %(end)s.")
        % {
            "delegate": data["delegate"].get_username(),
            "user": user.get_username(),
            "start": data["starts_on"].isoformat(),
            "end": data["ends_on"].isoformat(),
        },
    )
    return redirect("web:my-delegations")


@login_required
@require_POST
def my_delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a delegation the user gave (the service refuses anyone else's)."""
    delegation = get_object_or_404(Delegation, pk=pk, delegator_id=request.user.pk)
    try:
        delegation_revoke(user=request.user, delegation=delegation)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Revoked the delegation."))
    return redirect("web:my-delegations")
