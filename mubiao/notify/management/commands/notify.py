"""`mubiao notify run-due`: send the reminders and digests that are due, once, and exit (for
cron and tests; `mubiao worker` runs the same pass on its schedule)."""

from django.utils.translation import gettext as _

from mubiao.notify import services
from mubiao.orgs.cli import SpeakingCommand
from mubiao.web.management.commands.serve import site_url_unset, site_url_warning


class Command(SpeakingCommand):
    help = "Notifications: `run-due` sends the reminders and digests that are due and exits."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run-due"])

    def handle(self, *args, action, **options):
        if site_url_unset():  # the reminders' links have no request to take an address from
            self.stderr.write(site_url_warning())
        sent = services.run_due()
        summary = ", ".join(f"{kind}: {count}" for kind, count in sorted(sent.items()))
        self.stdout.write(summary or _("Nothing is due."))
