from django.urls import path

from mubiao.sso import views

urlpatterns = [
    path("", views.find, name="sso_find"),
    path("<slug:slug>/", views.start, name="sso_start"),
    path("<slug:slug>/callback", views.callback, name="sso_callback"),
]
