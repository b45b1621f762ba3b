from django.urls import path

from . import report_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/reports/<str:kind>/", report_views.report_page, name="report-page"),
    path(
        "plans/<int:pk>/reports/<str:kind>/download.<str:fmt>",
        report_views.report_download,
        name="report-download",
    ),
]
