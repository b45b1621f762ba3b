from django.urls import path

from . import account_views, report_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my_work, name="my-work"),
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", account_views.SignOutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        account_views.PasswordChangeView.as_view(),
        name="password-change",
    ),
    path(
        "accounts/password/done/",
        account_views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/reports/<str:kind>/", report_views.report_page, name="report-page"),
    path(
        "plans/<int:pk>/reports/<str:kind>/download.<str:fmt>",
        report_views.report_download,
        name="report-download",
    ),
]
