"""A company directory as plain data, and the pure rules of reading it (no Django)."""

import hashlib
import re
from dataclasses import dataclass, field

from mubiao.accounts.addresses import normalise_email


@dataclass
class Department:
    id: str
    name: str
    parent_id: str | None  # None: directly under the directory's top department
    leader_ids: list[str] = field(default_factory=list)


@dataclass
class Person:
    id: str
    name: str
    email: str
    mobile: str = ""
    title: str = ""
    department_ids: list[str] = field(default_factory=list)
    manager_id: str | None = None
    active: bool = True


@dataclass
class Snapshot:
    departments: list[Department]
    people: list[Person]
    top_leader_ids: list[str] = field(default_factory=list)  # the top department's leaders


def managers_from_leaders(snapshot: Snapshot) -> Snapshot:
    """Managers where the directory names no direct manager (钉钉's user list never does;
    飞书's and 企业微信's are optional fields, often left empty): a person's manager is
    the leader of their first department, or, for its leader, the leader of the department
    above it, up to the top department's leader (the head of the company, whom the heads of
    the departments report to; someone directly in the top department reports to them too)."""
    by_id = {d.id: d for d in snapshot.departments}
    for person in snapshot.people:
        if person.manager_id:
            continue
        department = by_id.get(person.department_ids[0]) if person.department_ids else None
        while department is not None:
            leaders = [leader for leader in department.leader_ids if leader != person.id]
            if leaders:
                person.manager_id = leaders[0]
                break
            department = by_id.get(department.parent_id) if department.parent_id else None
        else:
            top = [leader for leader in snapshot.top_leader_ids if leader != person.id]
            person.manager_id = top[0] if top else None
    return snapshot


# What a department ID may not hold: it is a path segment of some vendors' APIs (飞书's
# /departments/{id}/children), where these would address another endpoint or query.
_UNSAFE_ID = re.compile(r"[/\\?#%\s\x00-\x1f\x7f-\x9f]|\.\.|^\.$")


def unsafe_department_id(value: str) -> bool:
    return bool(_UNSAFE_ID.search(value))


# A couple of departures in a small organization are ordinary, whatever their share.
ORDINARY_DEPARTURES = 2


def hold_reason(*, listed: int, following: int, leaving: int, percent: float, most: int):
    """Why a sync that deactivates `leaving` of the `following` active members linked to the
    directory, which lists `listed` active people, must wait for an admin's confirmation:
    "empty", "everyone", "many" (more than `percent` % of them, or more than `most`), or None."""
    if leaving <= 0:
        return None
    if listed == 0:
        return "empty"
    if leaving >= following:
        return "everyone"
    if leaving > most or (leaving > ORDINARY_DEPARTURES and leaving * 100 > percent * following):
        return "many"
    return None


def departures_code(member_ids) -> str:
    """What an admin confirms when a held sync is applied: a short code of exactly which
    members it deactivates, so a confirmation given to one preview never applies another
    set of departures (people who left the directory after the preview was read)."""
    text = ",".join(str(pk) for pk in sorted(member_ids))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def tree_order(departments: list[Department]) -> list[Department]:
    """Parents before their children; a department whose parent is missing (or in a loop) is
    read as directly under the top department."""
    by_id = {d.id: d for d in departments}
    ordered, placed = [], set()

    def depth(department, seen=()):
        parent = by_id.get(department.parent_id) if department.parent_id else None
        if parent is None or parent.id in seen or parent.id == department.id:
            return 0
        return 1 + depth(parent, (*seen, department.id))

    for department in sorted(departments, key=lambda d: (depth(d), d.name, d.id)):
        parent = department.parent_id
        if parent and (parent not in by_id or parent not in placed):
            department.parent_id = None
        ordered.append(department)
        placed.add(department.id)
    return ordered


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_of(person: Person) -> str:
    """The address a person is known by here ("" when the directory gives none usable), read
    as everywhere else (accounts.models.normalise_email)."""
    address = normalise_email(person.email)
    return address if EMAIL.match(address) and len(address) <= 254 else ""


def mobile_of(person: Person) -> str:
    """The directory's mobile number of a person, as written there ("" when none): kept for
    display, compared by its accounts.phones.phone_key."""
    mobile = person.mobile.strip()
    return mobile if any(c.isdigit() for c in mobile) and len(mobile) <= 32 else ""
