from django.urls import path

from . import (
    account_views,
    cascade_views,
    committee_views,
    consignment_views,
    dashboard_views,
    entry_sheet_views,
    entry_views,
    evaluation_views,
    import_views,
    job_views,
    notification_views,
    office_views,
    people_views,
    planning_views,
    portal_views,
    report_views,
    review_views,
    risks_views,
    rules_views,
    sustainability_views,
    token_views,
    value_views,
    views,
)

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
    path("accounts/tokens/", token_views.tokens, name="api-tokens"),
    path(
        "accounts/tokens/<int:pk>/revoke/",
        token_views.token_revoke_view,
        name="api-token-revoke",
    ),
    path(
        "accounts/password/done/",
        account_views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    # the public portal and the open data (web/portal_views.py, docs/portal.md)
    path("portal/", portal_views.portal_home, name="portal"),
    path("portal/search/", portal_views.portal_search, name="portal-search"),
    path(
        "portal/organisations/<int:pk>/",
        portal_views.portal_organisation,
        name="portal-organisation",
    ),
    path("portal/indicators/<int:pk>/", portal_views.portal_indicator, name="portal-indicator"),
    path(
        "portal/indicators/<int:pk>/trend.<str:fmt>",
        portal_views.portal_indicator_download,
        name="portal-indicator-download",
    ),
    path("open/", portal_views.open_catalogue, name="open-catalogue"),
    path("open/dictionary/", portal_views.open_dictionary, name="open-dictionary"),
    path("open/<str:key>.<str:fmt>", portal_views.open_dataset, name="open-dataset"),
    path("jobs/<uuid:task_id>/", job_views.job_page, name="job"),
    path("jobs/<uuid:task_id>/status/", job_views.job_status, name="job-status"),
    path("jobs/<uuid:task_id>/download/", job_views.job_download, name="job-download"),
    path("plans/<int:pk>/cascade/", cascade_views.plan_cascade_page, name="plan-cascade"),
    path(
        "plans/<int:pk>/sustainability/",
        sustainability_views.sustainability_page,
        name="sustainability",
    ),
    path(
        "plans/<int:pk>/sustainability/implementation/",
        sustainability_views.implementation_page,
        name="sustainability-implementation",
    ),
    path(
        "plans/<int:pk>/sustainability/implementation/<int:indicator_pk>/",
        sustainability_views.implementation_edit,
        name="sustainability-implementation-edit",
    ),
    path(
        "plans/<int:pk>/sustainability/implementation/<int:indicator_pk>/remove/",
        sustainability_views.implementation_remove,
        name="sustainability-implementation-remove",
    ),
    path(
        "plans/<int:pk>/sustainability/grades/",
        sustainability_views.grades_page,
        name="sustainability-grades",
    ),
    path(
        "plans/<int:pk>/sustainability/grades/<int:run_pk>/<int:result_pk>/override/",
        sustainability_views.grade_override,
        name="sustainability-grade-override",
    ),
    path("plans/<int:pk>/reports/<str:kind>/", report_views.report_page, name="report-page"),
    path(
        "plans/<int:pk>/reports/<str:kind>/download.<str:fmt>",
        report_views.report_download,
        name="report-download",
    ),
    # the entry workflow (docs/web.md): grid, live reading, save, submit, evidence, sheet
    path("entry/", entry_views.entry_start, name="entry-start"),
    path("plans/<int:pk>/entry/", entry_views.entry_grid, name="entry-grid"),
    path("plans/<int:pk>/entry/reading/", entry_views.entry_reading, name="entry-reading"),
    path("plans/<int:pk>/entry/row/", entry_views.entry_row, name="entry-row"),
    path("plans/<int:pk>/entry/save/", entry_views.entry_save, name="entry-save"),
    path("plans/<int:pk>/entry/submit/", entry_views.entry_submit, name="entry-submit"),
    path(
        "plans/<int:pk>/entry/sheet.xlsx",
        entry_sheet_views.entry_sheet_download,
        name="entry-sheet-download",
    ),
    path("plans/<int:pk>/entry/sheet/", entry_sheet_views.entry_sheet_upload, name="entry-sheet"),
    path(
        "plans/<int:pk>/entry/sheet/<str:sha>/",
        entry_sheet_views.entry_sheet_preview_page,
        name="entry-sheet-preview",
    ),
    path("values/<int:pk>/", value_views.value_detail, name="value-detail"),
    path("values/<int:pk>/evidence/", entry_views.evidence_upload, name="evidence-upload"),
    path("evidence/<int:pk>/", entry_views.evidence_download, name="evidence-download"),
    # the managers' approvals (web/review_views.py)
    path("plans/<int:pk>/approvals/", review_views.approvals, name="approvals"),
    path("plans/<int:pk>/approvals/approve/", review_views.approve, name="approvals-approve"),
    path(
        "plans/<int:pk>/approvals/<int:value_pk>/reject/",
        review_views.reject,
        name="approval-reject",
    ),
    # the evaluation office (web/office_views.py, web/import_views.py)
    path("plans/<int:pk>/board/", office_views.board, name="board"),
    path("plans/<int:pk>/board/remind/", office_views.remind, name="board-remind"),
    path("plans/<int:pk>/periods/", office_views.periods, name="periods"),
    path(
        "plans/<int:pk>/periods/<int:period_pk>/",
        office_views.period_detail,
        name="period-detail",
    ),
    path(
        "plans/<int:pk>/periods/<int:period_pk>/<str:action>/",
        office_views.period_action,
        name="period-action",
    ),
    path("plans/<int:pk>/rules/", rules_views.plan_rules, name="evaluation-rules"),
    path(
        "plans/<int:pk>/rules/<int:indicator_pk>/",
        rules_views.indicator_rules,
        name="evaluation-indicator-rules",
    ),
    path("plans/<int:pk>/runs/", evaluation_views.runs, name="evaluation-runs"),
    path("plans/<int:pk>/runs/new/", evaluation_views.run_new, name="evaluation-run-new"),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/",
        evaluation_views.run_detail,
        name="evaluation-run",
    ),
    # sharing, overrides and objections (이의신청): before the run's action route below
    path(
        "plans/<int:pk>/runs/<int:run_pk>/share/",
        evaluation_views.run_share_view,
        name="evaluation-run-share",
    ),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/results.csv",
        evaluation_views.run_results_csv,
        name="evaluation-run-csv",
    ),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/results/",
        evaluation_views.run_shared,
        name="evaluation-run-shared",
    ),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/results/<int:result_pk>/object/",
        evaluation_views.objection_new,
        name="objection-new",
    ),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/results/<int:result_pk>/override/",
        evaluation_views.run_override,
        name="evaluation-override",
    ),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/results/<int:result_pk>/override/remove/",
        evaluation_views.run_override_remove,
        name="evaluation-override-remove",
    ),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/objections/",
        evaluation_views.run_objections_view,
        name="evaluation-objections",
    ),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/objections/<int:objection_pk>/<str:decision>/",
        evaluation_views.objection_decide,
        name="objection-decide",
    ),
    path(
        "objection-evidence/<int:pk>/",
        evaluation_views.objection_evidence,
        name="objection-evidence",
    ),
    path(
        "plans/<int:pk>/runs/<int:run_pk>/<str:action>/",
        evaluation_views.run_action,
        name="evaluation-run-action",
    ),
    # committee scoring of qualitative indicators (web/committee_views.py)
    path("plans/<int:pk>/committee/", committee_views.committee_page, name="committee"),
    path(
        "plans/<int:pk>/committee/setup/",
        committee_views.committee_setup,
        name="committee-setup",
    ),
    path(
        "plans/<int:pk>/committee/members/",
        committee_views.committee_appoint,
        name="committee-appoint",
    ),
    path(
        "plans/<int:pk>/committee/members/<int:member_pk>/remove/",
        committee_views.committee_remove,
        name="committee-remove",
    ),
    path(
        "plans/<int:pk>/committee/<str:action>/",
        committee_views.committee_status,
        name="committee-status",
    ),
    path("committee/<int:round_pk>/", committee_views.scoring_page, name="scoring"),
    path(
        "committee/<int:round_pk>/indicators/<int:indicator_pk>/",
        committee_views.scoring_save,
        name="scoring-save",
    ),
    path("plans/<int:pk>/status/", office_views.plan_status, name="plan-status"),
    # consignment evaluation, 민간위탁 종합성과평가 (web/consignment_views.py)
    path("consignment/", consignment_views.start, name="consignment-start"),
    path("consignment/<int:org>/", consignment_views.years, name="consignment-years"),
    path("consignment/<int:org>/<int:year>/", consignment_views.year, name="consignment-year"),
    path(
        "consignment/<int:org>/<int:year>/rounds/<int:number>/",
        consignment_views.round_scores,
        name="consignment-round",
    ),
    path(
        "consignment/<int:org>/<int:year>/rounds/<int:number>/open/",
        consignment_views.round_toggle,
        name="consignment-round-open",
    ),
    path(
        "consignment/<int:org>/<int:year>/disclosure/",
        consignment_views.disclosure,
        name="consignment-disclosure",
    ),
    path(
        "consignment/<int:org>/services/<int:pk>/",
        consignment_views.service,
        name="consignment-service",
    ),
    # the risk register, 시정 리스크 관리 (web/risks_views.py)
    path("risks/", risks_views.start, name="risks-start"),
    path("risks/<int:org>/", risks_views.months, name="risks-months"),
    path("risks/<int:org>/<int:year>/report/", risks_views.report, name="risks-year-report"),
    path("risks/<int:org>/<int:year>/<int:month>/", risks_views.month, name="risks-month"),
    path("risks/<int:org>/<int:year>/<int:month>/report/", risks_views.report, name="risks-report"),
    path("risks/<int:org>/issues/<int:pk>/", risks_views.issue, name="risks-issue"),
    path(
        "risks/<int:org>/issues/<int:pk>/press/", risks_views.issue_press, name="risks-issue-press"
    ),
    path(
        "risks/<int:org>/issues/<int:pk>/review/",
        risks_views.issue_review_view,
        name="risks-issue-review",
    ),
    path(
        "risks/<int:org>/issues/<int:pk>/escalate/",
        risks_views.issue_escalate_view,
        name="risks-issue-escalate",
    ),
    path(
        "risks/<int:org>/issues/<int:pk>/respond/",
        risks_views.issue_respond_view,
        name="risks-issue-respond",
    ),
    path(
        "risks/<int:org>/issues/<int:pk>/close/",
        risks_views.issue_close_view,
        name="risks-issue-close",
    ),
    path("imports/new/", import_views.import_new, name="import-new"),
    path("imports/confirm/", import_views.import_confirm, name="import-confirm"),
    path(
        "imports/preview/<uuid:task_id>/",
        import_views.import_preview_job,
        name="import-preview-job",
    ),
    # planning a year (web/planning_views.py, docs/workflow.md)
    path("plans/<int:pk>/planning/new/", planning_views.round_open, name="planning-open"),
    path("planning/<int:pk>/", planning_views.round_page, name="planning-round"),
    path("planning/<int:pk>/confirm/", planning_views.round_confirm, name="planning-confirm"),
    path("planning/<int:pk>/caps/", planning_views.round_caps, name="planning-caps"),
    path(
        "planning/<int:pk>/reviewers/",
        planning_views.round_reviewers_change,
        name="planning-reviewers",
    ),
    path(
        "planning/<int:pk>/units/<int:draft_pk>/",
        planning_views.draft_page,
        name="planning-draft",
    ),
    path(
        "planning/<int:pk>/units/<int:draft_pk>/reading/",
        planning_views.draft_reading,
        name="planning-draft-reading",
    ),
    path(
        "planning/<int:pk>/units/<int:draft_pk>/<str:action>/",
        planning_views.draft_action,
        name="planning-draft-action",
    ),
    path("plans/<int:pk>/versions/", planning_views.versions, name="plan-versions"),
    path("plans/<int:pk>/changes/", planning_views.changes, name="plan-changes"),
    path("changes/<int:pk>/evidence/", planning_views.change_evidence, name="change-evidence"),
    path("changes/<int:pk>/<str:action>/", planning_views.change_decide, name="change-decide"),
    # the evaluation office's people and units (web/people_views.py)
    path("people/", people_views.people_start, name="people-start"),
    path("my/delegations/", people_views.my_delegations, name="my-delegations"),
    path(
        "my/delegations/<int:pk>/revoke/",
        people_views.my_delegation_revoke,
        name="my-delegation-revoke",
    ),
    path("organisations/<int:org_pk>/people/", people_views.people, name="people"),
    path(
        "organisations/<int:org_pk>/people/<int:person_pk>/",
        people_views.person_detail,
        name="person",
    ),
    path(
        "organisations/<int:org_pk>/people/<int:person_pk>/<str:action>/",
        people_views.person_action,
        name="person-action",
    ),
    path(
        "organisations/<int:org_pk>/delegations/<int:pk>/revoke/",
        people_views.delegation_end,
        name="delegation-revoke",
    ),
    path("organisations/<int:org_pk>/units/", people_views.units, name="units"),
    path(
        "organisations/<int:org_pk>/units/<str:action>/",
        people_views.unit_action,
        name="unit-action",
    ),
    # everyone's notifications (web/notification_views.py)
    path("notifications/", notification_views.notifications, name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification-read",
    ),
    # the dashboards (web/dashboard_views.py): overview, drill-down, peer comparison
    path("dashboard/", dashboard_views.dashboard_start, name="dashboard"),
    path("dashboard/org/<int:pk>/", dashboard_views.dashboard_org, name="dashboard-org"),
    path("dashboard/units/<int:pk>/", dashboard_views.dashboard_unit, name="dashboard-unit"),
    path("dashboard/goals/<int:pk>/", dashboard_views.dashboard_goal, name="dashboard-goal"),
    path(
        "dashboard/policy-goals/<int:pk>/",
        dashboard_views.dashboard_policy_goal,
        name="dashboard-policy-goal",
    ),
    path(
        "dashboard/indicators/<int:pk>/",
        dashboard_views.dashboard_indicator,
        name="dashboard-indicator",
    ),
    path("dashboard/compare/", dashboard_views.compare_start, name="dashboard-compare"),
    path(
        "dashboard/compare/<int:pk>/",
        dashboard_views.compare_peers,
        name="dashboard-compare-peers",
    ),
]
