from django.apps import AppConfig
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class OkrsConfig(AppConfig):
    name = "mubiao.okrs"
    label = "okrs"
    verbose_name = _("OKRs")

    def ready(self):
        from mubiao.okrs import aligned, limits
        from mubiao.okrs.models import KeyResult, Objective

        # Every Mubiao model, whichever app it is in (limits.py says why).
        pre_save.connect(limits.check_before_save, dispatch_uid="mubiao.limits")
        # The kept counts of aligned children (okrs.aligned says why signals).
        post_init.connect(aligned.objective_loaded, sender=Objective, dispatch_uid="aligned-init")
        post_save.connect(aligned.objective_saved, sender=Objective, dispatch_uid="aligned-save")
        post_delete.connect(
            aligned.objective_deleted, sender=Objective, dispatch_uid="aligned-delete"
        )
        post_delete.connect(
            aligned.key_result_deleted, sender=KeyResult, dispatch_uid="aligned-kr-delete"
        )
