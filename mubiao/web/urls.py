from django.urls import include, path

from mubiao.insights import map_views
from mubiao.insights import views as insights
from mubiao.web.views import checks, grading, leaders, okrs, onboarding, orgadmin, social, writing

urlpatterns = [
    path("", okrs.home, name="home"),
    path("accounts/", include("mubiao.accounts.urls")),
    # Getting in without an organization
    path("setup", onboarding.setup, name="setup"),
    path("organizations/new", onboarding.organization_create, name="organization_create"),
    # Objectives and key results
    path("okrs/new", writing.objective_create, name="objective_create"),
    path("okrs/lint", writing.lint_advice, name="lint_advice"),
    path("okrs/align-options", writing.align_options, name="align_options"),
    path("okrs/check", checks.check_mine, name="check_mine"),
    path("okrs/<int:pk>", okrs.objective_detail, name="objective"),
    path("okrs/<int:pk>/edit", writing.objective_edit, name="objective_edit"),
    path("okrs/<int:pk>/archive", writing.objective_archive, name="objective_archive"),
    path("okrs/<int:pk>/restore", writing.objective_restore, name="objective_restore"),
    path("okrs/<int:pk>/copy", writing.objective_copy, name="objective_copy"),
    path("okrs/<int:pk>/move", writing.objective_move, name="objective_move"),
    path("okrs/<int:pk>/grade", grading.grade_objective, name="objective_grade"),
    path(
        "okrs/<int:pk>/comments",
        okrs.add_comment,
        {"target": "objective"},
        name="objective_comment",
    ),
    path("krs/<int:pk>", okrs.key_result_detail, name="key_result"),
    path("krs/<int:pk>/row", okrs.key_result_row, name="key_result_row"),
    path("krs/<int:pk>/check-in", okrs.check_in, name="check_in"),
    path("krs/<int:pk>/restore", writing.key_result_restore, name="key_result_restore"),
    path("krs/<int:pk>/comments", okrs.add_comment, {"target": "key_result"}, name="kr_comment"),
    path(
        "check-ins/<int:pk>/comments",
        okrs.add_comment,
        {"target": "check_in"},
        name="check_in_comment",
    ),
    # The leader's glance
    path("teams/", leaders.team_list, name="teams"),
    path("teams/<str:slug>", leaders.team_detail, name="team"),
    path("teams/<str:slug>/check", checks.check_team, name="team_check"),
    path("company", leaders.company, name="company"),
    path("alignment", leaders.alignment, name="alignment"),
    path("alignment/<int:pk>/children", leaders.alignment_children, name="alignment_children"),
    path("alignment/map", map_views.map_roots, name="alignment_map"),
    path(
        "alignment/map/hidden",
        map_views.map_placeholder,
        {"placeholder": "hidden"},
        name="alignment_map_hidden",
    ),
    path(
        "alignment/map/archived",
        map_views.map_placeholder,
        {"placeholder": "archived"},
        name="alignment_map_archived",
    ),
    path("alignment/map/search", map_views.map_search, name="alignment_map_search"),
    path("alignment/map/<int:pk>", map_views.map_children, name="alignment_map_children"),
    path("grading", grading.grading, name="grading"),
    path("grading/review", insights.grading_review, name="grading_review"),
    path(
        "grading/review.csv",
        insights.grading_review_export,
        {"fmt": "csv"},
        name="grading_review_csv",
    ),
    path(
        "grading/review.xlsx",
        insights.grading_review_export,
        {"fmt": "xlsx"},
        name="grading_review_xlsx",
    ),
    path("people/<int:pk>/calibration", insights.calibration_page, name="calibration"),
    path("adoption", insights.adoption_page, name="adoption"),
    path("adoption.csv", insights.adoption_export, {"fmt": "csv"}, name="adoption_csv"),
    path("adoption.xlsx", insights.adoption_export, {"fmt": "xlsx"}, name="adoption_xlsx"),
    # People
    path("search", social.search, name="search"),
    path("mentions", social.mentions, name="mentions"),
    path("team-options", social.team_options, name="team_options"),
    path("notifications", social.notifications, name="notifications"),
    path("notifications/read", social.notifications_read, name="notifications_read"),
    # Settings (admins)
    path("settings/", orgadmin.organization, name="settings"),
    path("settings/cycles", orgadmin.cycles, name="settings_cycles"),
    path("settings/cycles/<int:pk>/state", orgadmin.cycle_state, name="settings_cycle_state"),
    path("settings/cycles/<int:pk>/next", orgadmin.next_cycle, name="settings_next_cycle"),
    path("settings/teams", orgadmin.teams, name="settings_teams"),
    path("settings/teams/<int:pk>", orgadmin.team_edit, name="settings_team"),
    path("settings/people", orgadmin.members, name="settings_people"),
    path("settings/people/<int:pk>", orgadmin.member_edit, name="settings_member"),
    path(
        "settings/people/<int:pk>/invitation/resend",
        orgadmin.invitation_resend,
        name="settings_invitation_resend",
    ),
    path(
        "settings/people/invitations/resend-unsent",
        orgadmin.invitations_resend_unsent,
        name="settings_invitations_resend_unsent",
    ),
    path(
        "settings/people/<int:pk>/invitation/revoke",
        orgadmin.invitation_revoke,
        name="settings_invitation_revoke",
    ),
    path("settings/quality", orgadmin.lint_settings, name="settings_quality"),
]
