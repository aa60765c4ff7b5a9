"""`mubiao worker`: runs background tasks from the database queue (django-tasks-db)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks (django.tasks on the database queue)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args, batch, **options):
        call_command("db_worker", batch=batch)
