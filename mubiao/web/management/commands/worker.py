"""`mubiao worker`: runs background tasks from the database queue (django-tasks-db) and
enqueues the periodic ones when they fall due."""

import threading
import time

from django.core.management import call_command
from django.db import close_old_connections
from django.utils.translation import gettext as _

from mubiao.okrs.tasks import enqueue_due
from mubiao.okrtext.wordclass import warm
from mubiao.orgs.cli import SpeakingCommand
from mubiao.web.management.commands.serve import site_url_unset, site_url_warning

SCHEDULER_INTERVAL = 30  # seconds between looks at the schedule


class Command(SpeakingCommand):
    help = "Run background tasks (django.tasks on the database queue) and their schedule."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Enqueue what is due, run the queue, exit."
        )

    def handle(self, *args, batch, **options):
        # The worker's e-mails and messages (reminders, reports, directory invitations) have
        # no request to take an address from.
        if site_url_unset():
            self.stderr.write(site_url_warning())
        if batch:
            enqueue_due()
        else:
            warm()  # tasks reading Chinese text do not each wait for the dictionary
            # A daemon thread: it ends with the worker process.
            threading.Thread(target=self._schedule, daemon=True).start()
        call_command("db_worker", batch=batch)

    def _schedule(self) -> None:
        while True:
            close_old_connections()
            for name in enqueue_due():
                self.stdout.write(_("Enqueued %(task)s") % {"task": name})
            time.sleep(SCHEDULER_INTERVAL)
