from django.urls import path

from mubiao.notify import views

urlpatterns = [
    path("c/<str:token>", views.check_in_link, name="notify_check_in"),
    path("settings/notifications", views.preferences, name="notify_preferences"),
    path("settings/channels", views.channels, name="notify_channels"),
    path("settings/channels/<int:pk>", views.channel_action, name="notify_channel"),
]
