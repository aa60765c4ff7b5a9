from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mubiao.web"
    label = "web"
