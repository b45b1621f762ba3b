"""Admin base: staff see and change only the organisations where they are administrator or
evaluation officer (``policy.administered_organisation_ids``); superusers see everything.
How a model reaches its organisation comes from the ownership registry
(``seonggwa.core.ownership``). Nothing of a closed plan can be changed or deleted here, and
the workflow (statuses, approvals, locks, periods) is read-only: its admin actions call the
services, which ask the policy. Admin writes are audited by the signals with the request's
user (see ``seonggwa.audit.middleware``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext

from seonggwa.core.errors import ServiceError
from seonggwa.core.ownership import owned
from seonggwa.plans.models import Plan
from seonggwa.policy import administered_organisation_ids


def plan_of(obj: Any) -> Plan | None:
    """The plan an object belongs to (itself, its plan, or its indicator's plan)."""
    if isinstance(obj, Plan):
        return obj
    for path in ("plan", "indicator.plan", "value.indicator.plan", "strategic_goal.plan"):
        current: Any = obj
        try:
            for part in path.split("."):
                current = getattr(current, part)
        except Exception:
            continue
        if isinstance(current, Plan):
            return current
    return None


def closed(obj: Any) -> bool:
    plan = plan_of(obj) if obj is not None else None
    return plan is not None and plan.pk is not None and plan.status == Plan.Status.CLOSED


def run_service(request: HttpRequest, done: str, call: Any, objects: Any) -> None:
    """Run a service for each selected object as the request's user and report the outcome
    (an admin action calls the services; it changes nothing itself)."""
    ok = 0
    for obj in objects:
        try:
            call(obj)
        except ServiceError as exc:
            messages.error(request, f"{obj}: {exc}")
        else:
            ok += 1
    if ok:
        messages.success(request, f"{done}: {ok}")


def versioned(model: type[Model]) -> bool:
    """Whether ``model`` keeps a ``version`` (optimistic locking, as the services do)."""
    try:
        model._meta.get_field("version")
    except FieldDoesNotExist:
        return False
    return True


class VersionedAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """An admin change form that carries the version it showed (``seen_version``, hidden)
    and, on saving, locks the row and refuses a stale form with a conflict message instead
    of overwriting what someone else saved meanwhile. The admin's change view runs in one
    transaction, so the lock taken here holds until the row is saved."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = self.instance.version
        self.locked_version: int | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk is None:
            return data
        current = (
            type(self.instance)
            ._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        seen = data.get("seen_version")
        if current is None or seen != current:
            raise ValidationError(
                gettext(
                    "다른 사용자가 이 %(model)s을(를) 먼저 수정했습니다 (이 화면의 버전 "
                    "%(seen)s, 현재 버전 %(current)s). 저장하지 않았습니다. 새로 고쳐 바뀐 "
                    "내용을 확인한 뒤 다시 저장하세요."
                )
                % {
                    "model": self.instance._meta.verbose_name,
                    "seen": "-" if seen is None else seen,
                    "current": "-" if current is None else current,
                },
                code="conflict",
            )
        self.locked_version = current
        return data


class OrganisationScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def organisation_path(self) -> str:
        """Lookup from this model to its organisation id, e.g. ``plan__organisation_id``."""
        return owned(self.model._meta.label).lookup_id

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            **{f"{self.organisation_path()}__in": administered_organisation_ids(request.user)}
        )

    def _scope_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        """Form choices (and so what a form accepts) stop at the user's organisations."""
        try:
            path = owned(db_field.related_model._meta.label).lookup_id
        except KeyError:  # not an organisation's model (e.g. users)
            return
        if request.user.is_superuser:
            return
        queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
        kwargs["queryset"] = queryset.filter(
            **{f"{path}__in": administered_organisation_ids(request.user)}
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return True
        ids = administered_organisation_ids(request.user)
        if not ids:
            return False
        if obj is None:
            return True
        return (
            type(obj)
            ._default_manager.filter(pk=obj.pk, **{f"{self.organisation_path()}__in": ids})
            .exists()
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff and self._allowed(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(
            request.user.is_active and request.user.is_staff and self._allowed(request, obj)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj) and not closed(obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj) and not closed(obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        """A change form of a versioned model carries the version it showed
        (:class:`VersionedAdminForm`)."""
        if (
            obj is not None
            and versioned(self.model)
            and "form" not in kwargs
            and self.has_change_permission(request, obj)  # a view-only page saves nothing
        ):
            base = self.form if self.form is not forms.ModelForm else VersionedAdminForm
            if not issubclass(base, VersionedAdminForm):
                base = type(base.__name__, (VersionedAdminForm, base), {})
            kwargs["form"] = base
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if closed(obj):  # a closed plan refuses every change (also a new row chosen into it)
            raise DjangoPermissionDenied
        locked = getattr(form, "locked_version", None)
        if change and locked is not None:
            obj.version = locked + 1  # the row is locked (the form's clean) until saved
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(OrganisationScopedAdmin):
    """A record that changes only through the services (values) or is what a document said
    (imported documents, their declared figures and findings): shown, never edited here."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.concrete_fields if f.name != "id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
