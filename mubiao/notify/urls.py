from django.urls import path

from mubiao.notify import views

urlpatterns = [
    path("c/<str:token>", views.check_in_link, name="notify_check_in"),
    path("notify/slack/<int:pk>", views.slack_press, name="notify_slack_press"),
    path("notify/feishu/<int:pk>", views.feishu_press, name="notify_feishu_press"),
    path("notify/chat-link/<str:token>", views.chat_link, name="notify_chat_link"),
    path("settings/notifications", views.preferences, name="notify_preferences"),
    path("settings/channels", views.channels, name="notify_channels"),
    path("settings/channels/<int:pk>", views.channel_action, name="notify_channel"),
]
