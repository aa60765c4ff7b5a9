from django.contrib.auth import views as auth_views
from django.urls import path

from mubiao.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/tokens/", views.create_api_token, name="api_token_create"),
    path("preferences/tokens/<int:pk>/revoke/", views.revoke_api_token, name="api_token_revoke"),
    path("language/", views.set_language, name="set_language"),
    path("organization/", views.switch_organization, name="switch_organization"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
