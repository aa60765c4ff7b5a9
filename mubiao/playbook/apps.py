from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_builtin_templates(sender, using="default", **kwargs):
    from django.db import connections

    from mubiao.playbook import builtins
    from mubiao.playbook.models import Template

    # Migrating the playbook app backwards (to zero) leaves no table to fill.
    if Template._meta.db_table in connections[using].introspection.table_names():
        builtins.sync(using=using)


class PlaybookConfig(AppConfig):
    name = "mubiao.playbook"
    label = "playbook"
    verbose_name = _("Templates")

    def ready(self):
        # Built-in templates follow the shipped data files after every migrate.
        post_migrate.connect(
            _sync_builtin_templates, sender=self, dispatch_uid="playbook.sync_builtin_templates"
        )
