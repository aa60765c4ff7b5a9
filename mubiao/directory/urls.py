from django.urls import path

from mubiao.directory import views

urlpatterns = [
    path("", views.directory_settings, name="settings_directory"),
    path("sync", views.directory_sync, name="settings_directory_sync"),
    path("remove", views.directory_remove, name="settings_directory_remove"),
]
