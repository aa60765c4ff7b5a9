"""`mubiao playbook sync`: load the shipped templates into the database (idempotent)."""

from django.core.management.base import BaseCommand

from mubiao.playbook import builtins


class Command(BaseCommand):
    help = "Manage the template library. `sync` loads the built-in templates."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sync"])

    def handle(self, *args, action, **options):
        result = builtins.sync()
        self.stdout.write(
            f"Built-in templates: {result.created} created, {result.updated} updated, "
            f"{result.deleted} removed, {result.unchanged} unchanged."
        )
