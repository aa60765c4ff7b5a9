from django.core.management.base import BaseCommand
from django.utils import timezone

from mubiao.insights.tasks import write_cycles
from mubiao.okrs import demo


class Command(BaseCommand):
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
                f"Demo organization '{org.name}' ready: {people} people, {objectives} objectives "
                f"({seconds:.1f} s)."
            )
        )
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/ with any of these (password: "
            f"{demo.PASSWORD}):\n"
            f"  wang.fang@{demo.DOMAIN}   OKR admin (王芳)\n"
            f"  zhou.jie@{demo.DOMAIN}    产品总监, leads 产品部\n"
            f"  lin.xiao@{demo.DOMAIN}    产品经理\n"
            f"  emma.clarke@{demo.DOMAIN} VP Sales (English)"
        )
