from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwofactorConfig(AppConfig):
    name = "mubiao.twofactor"
    verbose_name = _("Two-factor sign-in")
