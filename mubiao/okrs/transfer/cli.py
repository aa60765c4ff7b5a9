"""What `mubiao import` and `mubiao export` share: finding the organization, the cycle and the
person the command acts as (by default the organization's first owner, else its first admin)."""

from django.core.management.base import CommandError
from django.db.models import Case, IntegerField, Value, When

from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Organization


def actor_for(org_slug: str, email: str | None) -> Membership:
    organization = Organization.objects.filter(slug=org_slug).first()
    if organization is None:
        raise CommandError(f"No organization with the slug “{org_slug}”.")
    members = Membership.objects.filter(organization=organization, is_active=True).select_related(
        "user", "organization"
    )
    if email:
        actor = members.filter(user__email__iexact=email.strip()).first()
        if actor is None:
            raise CommandError(f"{email} is not an active member of {org_slug}.")
        return actor
    rank = Case(
        When(role=Membership.Role.OWNER, then=Value(0)),
        When(role=Membership.Role.ADMIN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    actor = (
        members.filter(role__in=(Membership.Role.OWNER, Membership.Role.ADMIN))
        .order_by(rank, "joined_at", "id")
        .first()
    )
    if actor is None:
        raise CommandError(f"{org_slug} has no owner or admin; name one with --as EMAIL.")
    return actor


def cycle_for(actor: Membership, name: str) -> Cycle:
    cycle = Cycle.objects.filter(organization_id=actor.organization_id, name=name).first()
    if cycle is None:
        names = ", ".join(
            Cycle.objects.filter(organization_id=actor.organization_id).values_list(
                "name", flat=True
            )[:20]
        )
        raise CommandError(f"No cycle named “{name}” in this organization (cycles: {names}).")
    return cycle
