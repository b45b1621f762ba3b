"""The planning round's records in the admin, read-only and scoped to the organisations the
staff user administers: rounds, units' drafts, review comments, invited reviewers, plan
versions and change requests change only through the planning services (the planning
pages), so the admin is no way around their checks."""

from django.contrib import admin

from seonggwa.planning.models import (
    ChangeRequest,
    PlanningRound,
    PlanVersion,
    ReviewComment,
    RoundReviewer,
    UnitDraft,
)

from .base import ReadOnlyAdmin


@admin.register(PlanningRound)
class PlanningRoundAdmin(ReadOnlyAdmin):
    list_display = ["plan", "organisation", "deadline", "status", "max_goals", "max_indicators"]
    list_filter = ["status"]


@admin.register(UnitDraft)
class UnitDraftAdmin(ReadOnlyAdmin):
    list_display = ["owner", "round", "status", "submitted_at", "submitted_by", "version"]
    list_filter = ["status", "round"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["draft", "goal", "indicator", "text", "author", "created_at"]


@admin.register(RoundReviewer)
class RoundReviewerAdmin(ReadOnlyAdmin):
    list_display = ["user", "round", "invited_by", "invited_at"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "note", "created_by", "created_at"]
    list_filter = ["plan"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "field", "old_text", "new_text", "status", "requested_by"]
    list_filter = ["status", "field", "plan"]
