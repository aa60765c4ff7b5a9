"""`mubiao closures [--check | --repair] [--org SLUG]`: compare the closure tables (team
ancestry, manager chain) with a recomputation from the trees, every organization's or one's.
--check (the default) prints what differs and exits with status 1 when anything does;
--repair rebuilds what differs (the worker does it nightly) and prints what it mended."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mubiao.orgs import closures
from mubiao.orgs.cli import SpeakingCommand
from mubiao.orgs.models import Organization


class Command(SpeakingCommand):
    help = "Check (or repair) the team-ancestry and manager-chain closure tables."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--check", action="store_true", help="report only (the default)")
        mode.add_argument("--repair", action="store_true", help="rebuild what differs")
        parser.add_argument("--org", help="only this organization (its slug)")

    def handle(self, *args, check, repair, org, **options):
        organizations = None
        if org:
            organizations = list(Organization.objects.filter(slug=org))
            if not organizations:
                raise CommandError(_("No organization with the slug “%(slug)s”.") % {"slug": org})
        found = closures.examine(fix=repair, organizations=organizations)
        trees = {"teams": _("team tree"), "managers": _("manager chain")}
        for organization, differences in found.items():
            for name, difference in differences.items():
                if not difference:
                    continue
                line = _("%(org)s, %(tree)s: missing rows: %(missing)s, extra rows: %(extra)s") % {
                    "org": organization.slug,
                    "tree": trees[name],
                    "missing": difference.missing,
                    "extra": difference.extra,
                }
                for loop in difference.loops:
                    line += _("; ") + _("loop %(nodes)s") % {
                        "nodes": " → ".join(str(node) for node in [*loop, loop[0]])
                    }
                self.stdout.write(line)
        if not found:
            self.stdout.write(_("The closures match their trees."))
        elif repair:
            self.stdout.write(_("Repaired."))
        else:
            raise CommandError(_("The closures differ from their trees: run with --repair."))
