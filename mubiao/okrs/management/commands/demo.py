from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.insights.tasks import write_cycles
from mubiao.okrs import demo
from mubiao.orgs.cli import SpeakingCommand


class Command(SpeakingCommand):
    help = "Create (or replace) the bilingual demo organization."

    def handle(self, *args, **options):
        started = timezone.now()
        org = demo.create_demo()
        # The dashboards' daily figures, the cycle's past days included (insights.snapshots).
        write_cycles(org)
        seconds = (timezone.now() - started).total_seconds()
        people = org.memberships.count()
        objectives = org.objectives.count()
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo organization “%(name)s” ready: %(people)s, %(objectives)s (%(seconds)s s).")
                % {
                    "name": org.name,
                    "people": ngettext("%(count)s person", "%(count)s people", people)
                    % {"count": people},
                    "objectives": ngettext(
                        "%(count)s objective", "%(count)s objectives", objectives
                    )
                    % {"count": objectives},
                    "seconds": f"{seconds:.1f}",
                }
            )
        )
        self.stdout.write(
            _("Sign in at %(url)s with any of these (password: %(password)s):")
            % {"url": "http://127.0.0.1:8000/", "password": demo.PASSWORD}
            + "\n"
            + f"  wang.fang@{demo.DOMAIN}   "
            + _("OKR admin (%(name)s)") % {"name": "王芳"}
            + "\n"
            + f"  zhou.jie@{demo.DOMAIN}    "
            + _("%(title)s, leads %(team)s") % {"title": "产品总监", "team": "产品部"}
            + "\n"
            + f"  lin.xiao@{demo.DOMAIN}    产品经理\n"
            + f"  emma.clarke@{demo.DOMAIN} "
            + _("%(title)s (English)") % {"title": "VP Sales"}
        )
