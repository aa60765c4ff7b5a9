from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mubiao.api"
    label = "api"
