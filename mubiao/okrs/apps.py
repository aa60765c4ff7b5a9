from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class OkrsConfig(AppConfig):
    name = "mubiao.okrs"
    label = "okrs"
    verbose_name = _("OKRs")

    def ready(self):
        from mubiao.okrs import limits

        # Every Mubiao model, whichever app it is in (limits.py says why).
        pre_save.connect(limits.check_before_save, dispatch_uid="mubiao.limits")
