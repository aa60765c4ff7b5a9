"""The organization's people as the import reads them (columns.py), in the exporter's
language: importing an export changes nothing."""

import csv
import io

from mubiao.okrs.transfer.columns import guard_cell, guard_formula
from mubiao.okrs.transfer.exporter import CONTENT_TYPES
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.people import columns
from mubiao.transactions import speaks_actors_language

FORMATS = ("xlsx", "csv")
__all__ = ["CONTENT_TYPES", "FORMATS", "export_people", "file_name"]


@speaks_actors_language
def export_people(actor: Membership, *, fmt: str) -> bytes:
    """Every member of the actor's organization, active or not (admins only), in three
    queries whatever their number."""
    permissions.require(permissions.can_manage_organization(actor))
    rows = list(_rows(actor))
    headers = columns.headers(columns.in_chinese())
    return _xlsx(headers, rows) if fmt == "xlsx" else _csv(headers, rows)


def file_name(fmt: str) -> str:
    return f"people.{fmt}"


def _rows(actor: Membership):
    teams = {
        t["id"]: t
        for t in Team.objects.filter(organization_id=actor.organization_id).values(
            "id", "name", "parent_id"
        )
    }

    def path(team_id):
        names = []
        while team_id is not None:
            names.append(teams[team_id]["name"])
            team_id = teams[team_id]["parent_id"]
        return columns.path_text(tuple(reversed(names)))

    places: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    for membership_id, team_id, is_lead in TeamMember.objects.filter(
        team__organization_id=actor.organization_id
    ).values_list("membership_id", "team_id", "is_lead"):
        places.setdefault(membership_id, []).append(path(team_id))
        if is_lead:
            leads.setdefault(membership_id, []).append(path(team_id))
    members = (
        Membership.objects.filter(organization_id=actor.organization_id)
        .select_related("user", "invitation", "manager__user")
        .order_by("user__email")
    )
    languages = dict(columns.LANGUAGES.choices.choices)
    for member in members:
        user = member.user
        # An invitee's account that has a password is someone's own (perhaps another
        # organization's): its time zone and language are not this organization's to see until
        # they accept. One without is what this organization's import gave it (people.services).
        own_settings = not (member.pending_invitation and user.has_usable_password())
        if not member.is_active:
            status = columns.Status.DEACTIVATED
        elif member.is_pending:
            status = columns.Status.INVITED
        else:
            status = columns.Status.ACTIVE
        yield [
            member.name,
            _person(user),
            "; ".join(sorted(places.get(member.pk, ()))),
            "; ".join(sorted(leads.get(member.pk, ()))),
            _person(member.manager.user) if member.manager else "",
            str(member.get_role_display()),
            member.title,
            user.timezone if own_settings else "",
            str(languages[user.language]) if own_settings and user.language in languages else "",
            str(status.label),
        ]


def _person(user) -> str:
    """What names them in the email column: someone directory sync knows by mobile number
    only has no e-mail address, but a mobile number or else the directory's identity of them
    (both unique), which the import looks up."""
    return user.email or user.mobile or user.username


def _csv(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([guard_formula(value) for value in row] for row in rows)
    # A byte order mark makes Excel open the file as UTF-8 (Chinese text intact).
    return ("\ufeff" + buffer.getvalue()).encode()


def _xlsx(headers, rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append([guard_cell(WriteOnlyCell(sheet, value=value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
