"""A new organization from scratch: orgs.services.create_organization and set_up (the first run),
accounts.services.create_user."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mubiao.accounts import services as accounts
from mubiao.accounts.models import User
from mubiao.okrs import services as okrs
from mubiao.okrs.models import Activity, Cycle
from mubiao.orgs import services
from mubiao.orgs.models import Membership, Organization, Team

pytestmark = pytest.mark.django_db

PASSWORD = "Ok-2026-passw"


def person(email="owner@example.com", name="Olivia Owner") -> User:
    return User.objects.create_user(email=email, password=PASSWORD, name=name)


def test_a_new_organization_is_ready_to_use():
    user = person()
    owner = services.create_organization(user, name="  Acme Inc  ", today=dt.date(2026, 11, 5))
    org = owner.organization
    assert (org.name, org.slug) == ("Acme Inc", "acme-inc")
    assert (owner.user, owner.role, owner.is_active) == (user, Membership.Role.OWNER, True)
    team = Team.objects.get(organization=org)
    assert (team.name, team.parent) == ("Acme Inc", None)
    assert list(team.team_members.values_list("membership", "is_lead")) == [(owner.pk, True)]
    cycle = Cycle.objects.get(organization=org)
    assert (cycle.name, cycle.kind, cycle.state) == ("2026 Q4", "quarter", "active")
    assert (cycle.start_date, cycle.end_date) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    verbs = set(Activity.objects.filter(organization=org).values_list("verb", flat=True))
    assert verbs == {"organization.created", "team.created", "cycle.created"}
    # The owner can write the first objective straight away.
    objective = okrs.create_objective(
        owner, cycle=cycle, title="Win the first customers", key_results=[{"title": "10 deals"}]
    )
    assert objective.owner_member == owner


@pytest.mark.parametrize(
    ("today", "kind", "name", "start", "end"),
    [
        ("2026-01-01", "quarter", "2026 Q1", "2026-01-01", "2026-03-31"),
        ("2026-03-31", "quarter", "2026 Q1", "2026-01-01", "2026-03-31"),
        ("2026-04-01", "quarter", "2026 Q2", "2026-04-01", "2026-06-30"),
        ("2026-09-30", "quarter", "2026 Q3", "2026-07-01", "2026-09-30"),
        ("2026-10-01", "quarter", "2026 Q4", "2026-10-01", "2026-12-31"),
        ("2027-12-31", "quarter", "2027 Q4", "2027-10-01", "2027-12-31"),
        ("2028-02-29", "quarter", "2028 Q1", "2028-01-01", "2028-03-31"),
        ("2026-01-01", "year", "2026", "2026-01-01", "2026-12-31"),
        ("2026-12-31", "year", "2026", "2026-01-01", "2026-12-31"),
    ],
)
def test_the_first_cycle_is_the_quarter_or_year_containing_today(today, kind, name, start, end):
    owner = services.create_organization(
        person(), name="Acme", cycle_kind=kind, today=dt.date.fromisoformat(today)
    )
    cycle = Cycle.objects.get(organization=owner.organization)
    assert (cycle.name, cycle.kind, cycle.state) == (name, kind, Cycle.State.ACTIVE)
    assert (cycle.start_date.isoformat(), cycle.end_date.isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("names", "slugs"),
    [
        (["Acme Inc", "Acme Inc", "ACME inc."], ["acme-inc", "acme-inc-2", "acme-inc-3"]),
        # No Latin letters: a plain ASCII slug, numbered like any other.
        (["北京目标科技有限公司", "上海目标"], ["org", "org-2"]),
        (["Mubiao 目标", "Ünïcödé Café"], ["mubiao", "unicode-cafe"]),
        (["!!!", "x" * 300], ["org", "x" * 50]),
    ],
)
def test_slugs_come_from_the_name(names, slugs):
    made = [
        services.create_organization(person(f"p{i}@example.com"), name=name[:200])
        for i, name in enumerate(names)
    ]
    assert [m.organization.slug for m in made] == slugs
    # A Chinese name keeps its characters where they are shown: the name and the root team.
    assert [m.organization.name for m in made] == [n[:200] for n in names]


def test_a_given_slug_is_checked():
    services.create_organization(person(), name="Acme", slug="acme")
    cases = {"ACME": "already exists", "acme co": "letters", "北京": "letters", "a" * 61: "long"}
    for slug, message in cases.items():
        with pytest.raises(ValidationError) as error:
            services.create_organization(person(f"{len(slug)}@example.com"), name="X", slug=slug)
        assert message in error.value.message_dict["slug"][0]
    owner = services.create_organization(person("b@example.com"), name="Acme", slug=" Acme-2 ")
    assert owner.organization.slug == "acme-2"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Acme", "cycle_kind": "month"}, "cycle_kind"),
        ({"name": "Acme", "cycle_kind": "nonsense"}, "cycle_kind"),
    ],
)
def test_bad_input_creates_nothing(fields, field):
    user = person()
    with pytest.raises(ValidationError) as error:
        services.create_organization(user, **fields)
    assert field in error.value.message_dict
    assert not Organization.objects.exists() and not Membership.objects.exists()


def test_set_up_creates_the_first_account_and_organization():
    owner = services.set_up(
        person_name=" 张伟 ",
        email=" ZW@Example.COM ",
        password=PASSWORD,
        organization_name="北京目标科技",
        cycle_kind="year",
        language="zh-hans",
        today=dt.date(2026, 2, 1),
    )
    user = owner.user
    assert (user.email, user.name, user.language) == ("zw@example.com", "张伟", "zh-hans")
    assert user.check_password(PASSWORD)
    assert owner.organization.name == "北京目标科技" and owner.role == "owner"
    assert Cycle.objects.get(organization=owner.organization).name == "2026"
    # Only once.
    with pytest.raises(PermissionDenied):
        services.set_up(
            person_name="Eve",
            email="eve@example.com",
            password=PASSWORD,
            organization_name="Mine now",
        )
    assert User.objects.count() == 1 and Organization.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "not an email"}, "email"),
        ({"password": "12345678"}, "password"),
        ({"person_name": "x" * 151}, "person_name"),
        ({"organization_name": ""}, "organization_name"),
        ({"cycle_kind": "decade"}, "cycle_kind"),
    ],
)
def test_set_up_names_the_bad_field_and_creates_nothing(fields, field):
    good = {
        "person_name": "Ann",
        "email": "ann@example.com",
        "password": PASSWORD,
        "organization_name": "Acme",
    }
    with pytest.raises(ValidationError) as error:
        services.set_up(**{**good, **fields})
    assert field in error.value.message_dict
    assert not User.objects.exists() and not Organization.objects.exists()


def test_create_user_checks_its_input():
    accounts.create_user(email="taken@example.com")
    cases = [
        ({"email": "Taken@Example.com"}, "email", "already exists"),
        ({"email": "a@" + "b" * 250 + ".com"}, "email", "valid email"),
        ({"email": "ok@example.com", "password": "ok@example.com"}, "password", "too similar"),
        ({"email": "ok@example.com", "language": "klingon"}, "language", "valid choice"),
    ]
    for fields, field, message in cases:
        with pytest.raises(ValidationError) as error:
            accounts.create_user(**fields)
        assert message in " ".join(error.value.message_dict[field])
    # Without a password the account exists but cannot sign in (until an invitation link).
    assert not User.objects.get(email="taken@example.com").has_usable_password()
