from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "mubiao.orgs"
    label = "orgs"
    verbose_name = _("Organizations")

    def ready(self):
        from mubiao.orgs import closures
        from mubiao.orgs.models import Membership, Team

        post_save.connect(closures.team_saved, sender=Team, dispatch_uid="closure-team")
        post_save.connect(closures.member_saved, sender=Membership, dispatch_uid="closure-member")
        pre_delete.connect(
            closures.member_deleting, sender=Membership, dispatch_uid="closure-member-deleting"
        )
        post_delete.connect(
            closures.member_deleted, sender=Membership, dispatch_uid="closure-member-deleted"
        )
