"""URLs of the report pages, included by ``seonggwa.web.urls`` (namespace ``web``)."""

from django.urls import path

from seonggwa.web import report_views

urlpatterns = [
    path("plans/<int:pk>/reports/<str:kind>/", report_views.report_page, name="report-page"),
    path(
        "plans/<int:pk>/reports/<str:kind>/download.<str:fmt>",
        report_views.report_download,
        name="report-download",
    ),
]
