"""Arguments shared by the commands that act in an organization as one of its people:
`--org SLUG --cycle NAME [--as EMAIL]` (default actor: the first owner, else admin)."""

from django.core.management.base import CommandError

from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Organization


def add_actor_arguments(parser, *, cycle: bool = True) -> None:
    parser.add_argument("--org", required=True, help="The organization's slug.")
    if cycle:
        parser.add_argument("--cycle", required=True, help="The cycle's name, e.g. '2026 Q1'.")
    parser.add_argument(
        "--as", dest="as_email", help="Act as this member (email); default: an owner or admin."
    )


def resolve_actor(options) -> tuple[Membership, Cycle | None]:
    organization = Organization.objects.filter(slug=options["org"]).first()
    if organization is None:
        raise CommandError(f"No organization with the slug {options['org']!r}.")
    members = Membership.objects.filter(organization=organization, is_active=True).select_related(
        "organization", "user"
    )
    if options.get("as_email"):
        actor = members.filter(user__email__iexact=options["as_email"]).first()
        if actor is None:
            raise CommandError(f"{options['as_email']} is not a member of {organization.slug}.")
    else:
        actor = (
            members.filter(role__in=[Membership.Role.OWNER, Membership.Role.ADMIN])
            .order_by("role", "id")  # "admin" < "owner": prefer an admin, the day-to-day role
            .first()
        )
        if actor is None:
            raise CommandError(f"{organization.slug} has no owner or admin to act as; use --as.")
    cycle = None
    if options.get("cycle"):
        cycle = Cycle.objects.filter(organization=organization, name=options["cycle"]).first()
        if cycle is None:
            names = ", ".join(
                Cycle.objects.filter(organization=organization).values_list("name", flat=True)
            )
            raise CommandError(f"No cycle named {options['cycle']!r}. Cycles: {names or 'none'}.")
    return actor, cycle
