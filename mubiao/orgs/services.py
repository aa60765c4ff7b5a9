"""Writes for the organization itself: new organizations, members' roles and managers, the team
tree, settings.

Like okrs.services, every function takes the acting Membership first (except the ones that
create an organization, whose person is not a member yet), checks permissions
(orgs.permissions), raises ValidationError with per-field messages in the person's language and
writes the activity log.
"""

from contextlib import contextmanager
from dataclasses import fields
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mubiao.accounts import services as accounts_services
from mubiao.okrs import limits
from mubiao.okrs.limits import ACTIVE_KEY_RESULTS
from mubiao.okrs.models import Activity, Cycle
from mubiao.okrs.selectors import running_cycles
from mubiao.okrs.services import (
    create_cycle,
    log,
    recompute_organization,
    refresh_cycle,
    stored_values,
)
from mubiao.okrtext import RULES, LintConfig
from mubiao.okrtext.rules import SEVERITIES
from mubiao.orgs import closures, departures, permissions
from mubiao.orgs.models import Membership, Organization, Team, TeamMember
from mubiao.orgs.rules import is_team_name, is_time_zone, today_for
from mubiao.transactions import speaks_actors_language, write_transaction

# --------------------------------------------------------------------------------------------
# New organizations

# The kinds of cycle a new organization may start with (more can be added in Settings).
FIRST_CYCLE_KINDS = (Cycle.Kind.QUARTER, Cycle.Kind.YEAR)
# Slugs are ASCII (the model's SlugField, typed after `--org` on the command line); a name
# with no Latin letters at all, such as most Chinese names, gets this one.
FALLBACK_SLUG = "org"


def free_slug(name: str) -> str:
    """The organization's name as a slug nobody has taken: acme, acme-2, acme-3…"""
    base = slugify(name)[:50].strip("-") or FALLBACK_SLUG
    taken = {
        slug.lower()
        for slug in Organization.objects.filter(slug__istartswith=base).values_list(
            "slug", flat=True
        )
    }
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def current_cycle_span(kind: str, today: date) -> tuple[str, date, date]:
    """Name, first and last day of the calendar quarter or year containing `today`."""
    if kind == Cycle.Kind.YEAR:
        return str(today.year), date(today.year, 1, 1), date(today.year, 12, 31)
    quarter = (today.month - 1) // 3 + 1
    start = date(today.year, 3 * quarter - 2, 1)
    next_start = (
        date(today.year + 1, 1, 1) if quarter == 4 else date(today.year, 3 * quarter + 1, 1)
    )
    return f"{today.year} Q{quarter}", start, next_start - timedelta(days=1)


def _clean_new_organization(name: str, slug: str | None, cycle_kind: str) -> tuple[str, str]:
    name, slug = limits.one_line(name), (slug or "").strip().lower()
    errors = {}
    if not name:
        errors["name"] = _("This field is required.")
    elif len(name) > Organization._meta.get_field("name").max_length:
        errors["name"] = _("This name is too long.")
    if slug:
        try:
            validate_slug(slug)
        except ValidationError:
            errors["slug"] = _(
                "Use only lowercase letters, digits, hyphens and underscores in the slug."
            )
        else:
            if len(slug) > Organization._meta.get_field("slug").max_length:
                errors["slug"] = _("This slug is too long.")
            elif Organization.objects.filter(slug__iexact=slug).exists():
                errors["slug"] = _("An organization with this slug already exists.")
    elif name:
        slug = free_slug(name)
    if cycle_kind not in FIRST_CYCLE_KINDS:
        errors["cycle_kind"] = _("Select a valid choice.")
    if errors:
        raise ValidationError(errors)
    return name, slug


# Where a Chinese-speaking founder without a time zone of their own most likely works.
CHINESE_TIME_ZONE = "Asia/Shanghai"


def default_time_zone(user) -> str:
    """A new organization's time zone: its founder's own, else China's for a founder who uses
    Mubiao in Chinese, else the server's TIME_ZONE. Admins change it in Settings."""
    if user.timezone and is_time_zone(user.timezone):
        return user.timezone
    if (user.language or "").startswith("zh"):
        return CHINESE_TIME_ZONE
    return settings.TIME_ZONE


@write_transaction
def create_organization(
    user,
    *,
    name: str,
    slug: str | None = None,
    cycle_kind: str = Cycle.Kind.QUARTER,
    language: str = "",
    today: date | None = None,
) -> Membership:
    """A new organization owned by `user`, ready to use: the owner's membership, a root team
    named after the organization with the owner as its lead, and the current quarter or year
    as an active cycle, so that the first objective can be written at once. The slug comes from
    the name when not given. Its language (its chat groups', webhooks' and the messages of
    people who chose none: notify.compose.language_of) is `language`, the creator's choice
    (/setup's page, the new-organization form's, `createorg --language`), else the creator's
    own, else the install's default (MUBIAO_LANGUAGE)."""
    name, slug = _clean_new_organization(name, slug, cycle_kind)
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Select a valid choice.")})
    try:
        with transaction.atomic():
            organization = Organization.objects.create(
                name=name,
                slug=slug,
                settings={
                    "time_zone": default_time_zone(user),
                    "language": language or user.language or settings.LANGUAGE_CODE,
                },
            )
    except IntegrityError:
        # Taken by someone else between the check and the insert.
        raise ValidationError(
            {"slug": _("An organization with this slug already exists.")}
        ) from None
    owner = Membership.objects.create(
        organization=organization, user=user, role=Membership.Role.OWNER
    )
    _log_organization(owner, organization, "organization.created", name=name, slug=slug)
    save_team(owner, name=name, leads=[owner])
    cycle_name, start, end = current_cycle_span(cycle_kind, today or today_for(organization))
    create_cycle(
        owner,
        name=cycle_name,
        start_date=start,
        end_date=end,
        kind=cycle_kind,
        state=Cycle.State.ACTIVE,
    )
    return owner


@write_transaction
def set_up(
    *,
    person_name: str,
    email: str,
    password: str,
    organization_name: str,
    cycle_kind: str = Cycle.Kind.QUARTER,
    language: str = "",
    today: date | None = None,
) -> Membership:
    """The first run (/setup): the first person's account and the organization they own.
    Refused once any organization exists. Errors are keyed by this function's arguments."""
    permissions.require(permissions.can_set_up())
    with _renamed_errors(name="person_name"):
        user = accounts_services.create_user(
            email=email, name=person_name, password=password, language=language
        )
    with _renamed_errors(name="organization_name"):
        return create_organization(
            user, name=organization_name, cycle_kind=cycle_kind, language=language, today=today
        )


@contextmanager
def _renamed_errors(**names):
    """Both services call their name field "name"; say whose it is."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None


# The roles that manage people (orgs.permissions.can_manage_organization).
MANAGING_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN)


def joined_owners(organization_id: int):
    """The owners who can run the organization now: active and joined. An invited owner who
    has not accepted becomes one on accepting (the role may be given before), but until then
    nobody can sign in as them: they never count as the organization's last owner."""
    return Membership.objects.filter(
        organization_id=organization_id, role=Membership.Role.OWNER, is_active=True
    ).filter(Q(invitation__isnull=True) | Q(invitation__accepted_at__isnull=False))


def last_owner_refused() -> str:
    """Why a change that would leave no joined owner is refused (in the current language)."""
    return _(
        "The organization needs at least one active owner who has joined (an invited owner "
        "counts once they accept)."
    )


def owner_change_refused() -> str:
    """Why an admin may not demote or deactivate an owner (in the current language)."""
    return _("Only owners can change an owner's role or deactivate an owner.")


@speaks_actors_language
def self_change_refused(actor: Membership, member: Membership, role: str, is_active: bool):
    """Why the actor may not make this change to their own membership, or None: nobody
    deactivates themselves or gives up managing people (a slip, in a form or a file, that
    locks them out of the settings it was made in; another admin or owner does it). An owner
    may step down to admin (the last-owner rule still holds). The web, API and people files
    all ask here."""
    if member.pk != actor.pk:
        return None
    if (member.is_active and not is_active) or role not in MANAGING_ROLES:
        return _(
            "You cannot deactivate yourself or give up your own right to manage people: ask "
            "another admin or owner."
        )
    return None


@write_transaction
def update_member(
    actor: Membership,
    member: Membership,
    *,
    role: str,
    title: str = "",
    manager: Membership | None = None,
    teams: list[Team] = (),
    is_active: bool = True,
    dry_run: bool = False,
) -> Membership:
    """Change a member; ValidationError (per field) when refused. Deactivating hands over
    their places (orgs.departures) and sets `departure` on the member returned: `[[effect key,
    params], …]` (departures.effect_text says each), else []. A `dry_run` does everything,
    then rolls it back: the preview of a deactivation says what the real one will do."""
    closures.lock(actor.organization_id)  # before the loop check reads the manager chain
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, member, manager, *teams)
    title = limits.one_line(title)  # a job title is on one line, as every name
    errors = {}
    if role not in Membership.Role.values:
        errors["role"] = _("Select a valid choice.")
    elif actor.role != Membership.Role.OWNER:
        deactivating = member.is_active and not is_active
        if member.role == Membership.Role.OWNER and (role != member.role or deactivating):
            # Deactivating an owner takes their powers as surely as a new role does.
            errors["role"] = owner_change_refused()
        elif role == Membership.Role.OWNER and member.role != role:
            errors["role"] = _("Only an owner can make someone an owner.")
    if refused := self_change_refused(actor, member, role, is_active):
        errors.setdefault("role", refused)
    if manager is not None and _manages(member, manager):
        errors["manager"] = _("A person cannot report to themselves or to their own reports.")
    elif manager is not None and not manager.is_active and manager.pk != member.manager_id:
        errors["manager"] = departures.departed_refused(manager.display_name)
    leaves_ownership = not is_active or role != Membership.Role.OWNER
    if (
        leaves_ownership
        and member.role == Membership.Role.OWNER
        and not joined_owners(actor.organization_id).exclude(pk=member.pk).exists()
    ):
        errors.setdefault("role", last_owner_refused())
    if errors:
        raise ValidationError(errors)
    leaving = member.is_active and not is_active
    returning = is_active and not member.is_active
    member.departure = []
    wanted = {t.pk for t in teams}
    if (member.role, member.title, member.manager_id, member.is_active) == (
        role,
        title,
        manager.pk if manager else None,
        is_active,
    ) and wanted == set(member.team_memberships.values_list("team_id", flat=True)):
        return member  # a save that changes nothing writes nothing
    member.role, member.title, member.manager, member.is_active = role, title, manager, is_active
    if leaving:
        member.left_directory = False  # the admin's decision: a directory sync leaves it so
    member.save(update_fields=["role", "title", "manager", "is_active", "left_directory"])
    member.team_memberships.exclude(team_id__in=wanted).delete()
    existing = set(member.team_memberships.values_list("team_id", flat=True))
    TeamMember.objects.bulk_create(
        TeamMember(team_id=pk, membership=member) for pk in wanted - existing
    )
    log(actor, "member.updated", member, role=role, active=is_active)
    if leaving:
        said = departures.hand_over(actor, actor.organization_id, {member.pk})
        member.departure = said.get(member.pk, [])
    if returning:
        accounts_services.reopen_invitations([member.pk])
    if dry_run:
        transaction.set_rollback(True)
    return member


def _manages(member: Membership, manager: Membership) -> bool:
    """Would `manager` managing `member` close a loop in the manager chain?"""
    if manager.pk == member.pk:
        return True
    return manager.pk in set(
        Membership.objects.filter(id__in=permissions.reports_subquery(member)).values_list(
            "pk", flat=True
        )
    )


# --------------------------------------------------------------------------------------------
# Teams


def team_name_key(name: str) -> str:
    """What makes two team names the same: the whole name, case and runs of spaces aside
    (never a key cut shorter than the name, such as the slug, which also drops punctuation)."""
    return " ".join(name.split()).casefold()


def _team_name_taken(organization_id: int, team: Team) -> bool:
    # Compared in Python, whole: SQLite's and PostgreSQL's case-insensitive comparisons differ
    # beyond ASCII, and the answer must be the same on both.
    key = team_name_key(team.name)
    others = Team.objects.filter(organization_id=organization_id).exclude(pk=team.pk)
    return any(team_name_key(name) == key for name in others.values_list("name", flat=True))


def free_team_slug(name: str, taken) -> str:
    """The team's name as a slug no team of the organization has (`taken`: a set, or a
    queryset of its slugs): sales, sales-2, … A slug is an address, not the name's identity."""
    base = slugify(name, allow_unicode=True)[:70].strip("-") or "team"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    if isinstance(taken, set):
        taken.add(slug)
    return slug


def _validate_team(actor: Membership, team: Team) -> None:
    errors = {}
    if not team.name.strip():
        errors["name"] = _("This field is required.")
    elif not is_team_name(team.name):
        errors["name"] = _("“%(name)s” cannot name a team: it reads as a step in a path.") % {
            "name": team.name
        }
    if _team_name_taken(actor.organization_id, team):
        errors["name"] = _("A team with this name already exists.")
    if team.parent_id and team.pk:
        subtree = Team.objects.filter(id__in=permissions.team_subtree_subquery(team.pk))
        if subtree.filter(pk=team.parent_id).exists():
            # Named by its name, not its id (h14z): `“Sales”: a team cannot sit …`.
            errors["parent"] = _(
                "“%(parent)s”: a team cannot sit inside itself or one of its sub-teams."
            ) % {
                "parent": Team.objects.filter(pk=team.parent_id)
                .values_list("name", flat=True)
                .first()
                or team.parent_id
            }
    if errors:
        raise ValidationError(errors)


@write_transaction
def save_team(
    actor: Membership,
    team: Team | None = None,
    *,
    name: str,
    parent: Team | None = None,
    leads: list[Membership] = (),
) -> Team:
    """Create a team (team=None) or rename/move it and set its leads."""
    closures.lock(actor.organization_id)  # before the loop check reads the team tree
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, team, parent, *leads)
    team = team or Team(organization_id=actor.organization_id)
    creating = team.pk is None
    before = stored_values(team)
    team.name = limits.one_line(name)
    team.parent = parent
    if creating:
        team.slug = free_team_slug(team.name, set(
            Team.objects.filter(organization_id=actor.organization_id).values_list(
                "slug", flat=True)
        ))  # fmt: skip
    if departed := [m.display_name for m in leads if not m.is_active]:
        raise ValidationError({"leads": departures.departed_refused(", ".join(departed))})
    _validate_team(actor, team)
    lead_ids = {m.pk for m in leads}
    if (
        not creating
        and stored_values(team) == before
        and lead_ids
        == set(team.team_members.filter(is_lead=True).values_list("membership_id", flat=True))
    ):
        return team  # a save that changes nothing writes nothing
    team.save()
    team.team_members.filter(is_lead=True).exclude(membership_id__in=lead_ids).update(is_lead=False)
    for member_id in lead_ids:
        TeamMember.objects.update_or_create(
            team=team, membership_id=member_id, defaults={"is_lead": True}
        )
    log(actor, "team.created" if creating else "team.updated", team, name=team.name)
    return team


# --------------------------------------------------------------------------------------------
# Organization settings


@write_transaction
def update_organization(
    actor: Membership,
    organization: Organization,
    *,
    name: str,
    weights: bool,
    time_zone: str | None = None,
    language: str | None = None,
) -> Organization:
    """Name, weights and (when given) the time zone that defines the organization's today
    and the language its chat groups and webhooks are written in."""
    permissions.require(permissions.can_manage_organization(actor))
    if organization.pk != actor.organization_id:
        raise Organization.DoesNotExist
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("This field is required.")
    if time_zone is not None and not is_time_zone(time_zone):
        errors["time_zone"] = _("“%(zone)s” is not a time zone; choose one from the list.") % {
            "zone": time_zone
        }
    if language is not None and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Select a valid choice.")
    if errors:
        raise ValidationError(errors)
    # Compared by what the settings mean: a default written out explicitly changes nothing.
    before = (organization.name, organization.weights_enabled, organization.time_zone,
              organization.language)  # fmt: skip
    organization.name = limits.one_line(name)
    weights_changed = organization.weights_enabled != bool(weights)
    zone_changed = time_zone is not None and time_zone != organization.time_zone
    organization.settings = {**organization.settings, "weights": bool(weights)}
    if time_zone is not None:
        organization.settings["time_zone"] = time_zone
    if language is not None:
        organization.settings["language"] = language
    if (organization.name, organization.weights_enabled, organization.time_zone,
            organization.language) == before:  # fmt: skip
        return organization  # a save that changes nothing writes nothing
    organization.save(update_fields=["name", "settings"])
    if weights_changed:
        # Stored progress, status and scores follow the setting at once, in this transaction.
        recompute_organization(organization, actor=actor)
    if zone_changed:
        # Pace statuses were computed for the old zone's today, which may be another day: the
        # running cycles are refreshed on the new one now rather than at the worker's next pass.
        for cycle, today in running_cycles(timezone.now(), ended_days=1, organization=organization):
            refresh_cycle(cycle, today=today, actor=actor)
        # Reminders of people without a zone of their own are read on the organization's.
        from mubiao.notify import services as notify  # notify builds on orgs

        notify.reschedule(organization.memberships.all())
    _log_organization(
        actor, organization, "organization.updated", name=organization.name,
        time_zone=organization.time_zone,
    )  # fmt: skip
    return organization


def _log_organization(actor: Membership, organization: Organization, verb: str, **data) -> None:
    # okrs.services.log takes the organization from its target, which here is the organization.
    Activity.objects.create(
        organization=organization,
        actor=actor,
        verb=verb,
        target_type="organization",
        target_id=organization.pk,
        data=data,
    )


LINT_SEVERITY_CHOICES = ("default", "off", *SEVERITIES)
# The thresholds people may change here, with the range each accepts.
# No rule asks for more key results than an objective may hold (okrs.limits).
LINT_THRESHOLDS = {"kr_min": (1, ACTIVE_KEY_RESULTS), "kr_max": (1, ACTIVE_KEY_RESULTS),
                   "objectives_max": (1, 20)}  # fmt: skip


@write_transaction
def update_lint_settings(
    actor: Membership,
    organization: Organization,
    *,
    rules: dict[str, str],
    thresholds: dict[str, int],
) -> Organization:
    """Set Organization.settings["lint"]: `rules` maps rule ids to "default", another severity
    or "off" (a rule not named is at its default); `thresholds` sets some of LINT_THRESHOLDS,
    the others keep their values. Errors are keyed by rule id or threshold name."""
    permissions.require(permissions.can_manage_organization(actor))
    if organization.pk != actor.organization_id:
        raise Organization.DoesNotExist
    errors = {}
    for rule, setting in rules.items():
        if rule not in RULES:
            errors[rule] = _("Unknown rule.")
        elif setting not in LINT_SEVERITY_CHOICES:
            errors[rule] = _("Select a valid choice.")
    for name, value in thresholds.items():
        if name not in LINT_THRESHOLDS:
            errors[name] = _("Unknown setting.")
            continue
        low, high = LINT_THRESHOLDS[name]
        if not isinstance(value, int) or not low <= value <= high:
            errors[name] = _("Enter a whole number from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
    stored = organization.settings.get("lint")
    known = {f.name for f in fields(LintConfig)} - {"severities", "disabled"}
    kept = {k: v for k, v in (stored if isinstance(stored, dict) else {}).items() if k in known}
    lint = dict(kept)
    lint.update({k: v for k, v in thresholds.items() if k in LINT_THRESHOLDS})
    defaults = LintConfig()
    kr_min, kr_max = lint.get("kr_min", defaults.kr_min), lint.get("kr_max", defaults.kr_max)
    if not errors.keys() & {"kr_min", "kr_max"} and kr_max < kr_min:
        errors["kr_max"] = _("The most key results cannot be fewer than the fewest.")
    if errors:
        raise ValidationError(errors)
    lint["rules"] = {
        rule: setting for rule, setting in sorted(rules.items()) if setting != "default"
    }
    # The linter must accept what is stored; the same choices again change nothing.
    if LintConfig.from_value(lint) == LintConfig.from_value(kept):
        return organization
    organization.settings = {**organization.settings, "lint": lint}
    organization.save(update_fields=["settings"])
    _log_organization(actor, organization, "organization.lint_updated", lint=lint)
    return organization
