from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "mubiao.people"
    label = "people"
    verbose_name = _("People in bulk")
