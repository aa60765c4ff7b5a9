"""`mubiao playbook sync`: load the shipped templates into the database (idempotent)."""

from django.utils.translation import gettext as _

from mubiao.orgs.cli import SpeakingCommand
from mubiao.playbook import builtins


class Command(SpeakingCommand):
    help = "Manage the template library. `sync` loads the built-in templates."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sync"])

    def handle(self, *args, action, **options):
        result = builtins.sync()
        self.stdout.write(
            _(
                "Built-in templates: %(created)s created, %(updated)s updated, %(deleted)s "
                "removed, %(unchanged)s unchanged."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "deleted": result.deleted,
                "unchanged": result.unchanged,
            }
        )
