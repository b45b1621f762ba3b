from django.contrib import admin

from seonggwa.sources.models import DeclaredFigure, SourceDocument, StoredFinding

from .base import ReadOnlyAdmin


@admin.register(SourceDocument)
class SourceDocumentAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "organisation",
        "format",
        "plan",
        "imported_at",
        "imported_by_label",
    ]
    list_filter = ["format"]


@admin.register(DeclaredFigure)
class DeclaredFigureAdmin(ReadOnlyAdmin):
    list_display = ["unit_label", "table", "key", "raw_text", "value", "source_line", "plan"]
    list_filter = ["plan", "table", "key"]


@admin.register(StoredFinding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["severity", "code", "unit_label", "line", "message", "plan"]
    list_filter = ["severity", "code", "plan"]
