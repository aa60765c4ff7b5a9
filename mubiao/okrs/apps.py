from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OkrsConfig(AppConfig):
    name = "mubiao.okrs"
    label = "okrs"
    verbose_name = _("OKRs")
