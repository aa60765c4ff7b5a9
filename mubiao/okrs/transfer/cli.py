"""What `mubiao import` and `mubiao export` share: finding the organization, the cycle and the
person the command acts as (orgs.cli.actor_for: by default the organization's first owner,
else its first admin)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mubiao.okrs.models import Cycle
from mubiao.orgs.cli import actor_for, speaking
from mubiao.orgs.models import Membership

__all__ = ["actor_for", "cycle_for"]


def cycle_for(actor: Membership, name: str) -> Cycle:
    cycle = Cycle.objects.filter(organization_id=actor.organization_id, name=name).first()
    if cycle is None:
        names = ", ".join(
            Cycle.objects.filter(organization_id=actor.organization_id).values_list(
                "name", flat=True
            )[:20]
        )
        with speaking(actor):
            raise CommandError(
                _("No cycle named “%(name)s” in this organization (cycles: %(names)s).")
                % {"name": name, "names": names}
            )
    return cycle
