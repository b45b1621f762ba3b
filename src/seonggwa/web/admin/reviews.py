"""The ad-hoc reviews in the admin: read-only lists (reviews, rounds, items and follow-ups
change through the services of the review pages, which ask the policy)."""

from django.contrib import admin

from seonggwa.reviews.models import FollowUp, Recommendation, Review, ReviewFinding, ReviewRound

from .base import ReadOnlyAdmin


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["year", "number", "topic", "department_label", "method", "organisation"]
    list_filter = ["year", "method"]
    search_fields = ["topic", "department_label"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "title", "starts_on", "ends_on"]


@admin.register(ReviewFinding)
class ReviewFindingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "round", "heading", "source_line"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "round", "heading", "source_line"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "owner_unit", "owner", "due_on", "status"]
    list_filter = ["status"]
