from django.urls import path

from mubiao.sso import views

urlpatterns = [
    path("", views.find, name="sso_find"),
    path("<slug:slug>/", views.start, name="sso_start"),
    path("<slug:slug>/callback", views.callback, name="sso_callback"),
    path("<slug:slug>/app/", views.app_start, name="sso_app_start"),
    path("<slug:slug>/app/callback", views.app_callback, name="sso_app_callback"),
]
