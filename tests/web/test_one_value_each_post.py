"""A single-valued field posted twice with different values, or an id written in other digits
than ASCII, is refused naming the field, and nothing changes (issue 9: `parent` twice on the
team settings form took the last; `parent=２` was read as team 2). One table over the forms
that post a choice by id; web.params.OneValueEachForm is the one guard of every form."""

import pytest

from mubiao.okrs.models import Objective
from mubiao.orgs.models import Membership, Team
from mubiao.web.params import OneValueEachForm

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def wide(pk: int) -> str:
    return str(pk).translate(FULL_WIDTH)


def state(world):
    """What any of the posts below could change."""
    return (
        sorted(Team.objects.filter(organization=world.org).values_list("pk", "name", "parent")),
        Objective.objects.filter(organization=world.org).count(),
        sorted(Membership.objects.filter(organization=world.org).values_list("pk", "role")),
        sorted(world.alice.team_memberships.values_list("team_id", flat=True)),
    )


# (form, path, fields besides the one tried, the field, two different values, an id as
# another script writes it)
ROUTES = [
    ("new team", "/settings/teams", {"name": "Ops"}, "parent",
     lambda w: [w.company.pk, w.product.pk], lambda w: wide(w.company.pk)),
    ("team settings", "/settings/teams/{docs}", {"name": "Docs", "leads": ""}, "parent",
     lambda w: [w.company.pk, w.product.pk], lambda w: wide(w.company.pk)),
    ("new objective", "/okrs/new",
     lambda w: {"title": "Ship it", "cycle": w.cycle.pk, "kr-TOTAL_FORMS": "0",
                "kr-INITIAL_FORMS": "0"},
     "owner", lambda w: [f"team:{w.company.pk}", f"team:{w.product.pk}"],
     lambda w: f"team:{wide(w.company.pk)}"),
    ("person's settings", "/settings/people/{alice}",
     lambda w: {"role": "member", "manager": w.lead.user.email, "title": "PM"},
     "teams", None, lambda w: wide(w.docs.pk)),
    ("person's role", "/settings/people/{alice}",
     lambda w: {"manager": w.lead.user.email, "title": "PM"},
     "role", lambda w: ["member", "admin"], None),
]  # fmt: skip


def _post(world, client_for, path, base, name, value):
    data = base(world) if callable(base) else dict(base)
    data[name] = value
    url = path.format(docs=world.docs.pk, alice=world.alice.pk)
    return client_for(world.admin).post(url, data)


@pytest.mark.parametrize(
    ("form", "path", "base", "name", "twice", "other_digits"),
    [route for route in ROUTES if route[4]],
    ids=[route[0] for route in ROUTES if route[4]],
)
def test_a_field_posted_twice_is_refused(
    world, client_for, form, path, base, name, twice, other_digits
):
    before = state(world)
    response = _post(world, client_for, path, base, name, twice(world))
    page = response.content.decode()
    assert response.status_code in (200, 400), page[:500]
    assert "2 different values were given" in page, page[:3000]
    assert state(world) == before


# Past the largest id a column holds (2**63 - 1): ASCII digits all the same, which the
# database cannot compare with an id (SQLite: OverflowError, a 500).
PAST_ANY_ID = "9" * 19


@pytest.mark.every_case  # 64-bit bounds: what PostgreSQL does differs
@pytest.mark.parametrize("past_any_id", [False, True], ids=["other digits", "past any id"])
@pytest.mark.parametrize(
    ("form", "path", "base", "name", "twice", "other_digits"),
    [route for route in ROUTES if route[5]],
    ids=[route[0] for route in ROUTES if route[5]],
)
def test_an_id_in_other_digits_is_an_unknown_choice(
    world, client_for, form, path, base, name, twice, other_digits, past_any_id
):
    before = state(world)
    value = other_digits(world)
    if past_any_id:
        value = f"team:{PAST_ANY_ID}" if name == "owner" else PAST_ANY_ID
    response = _post(world, client_for, path, base, name, value)
    assert response.status_code in (200, 400)
    assert "from the list" in response.content.decode()
    assert state(world) == before


def test_the_same_value_twice_is_one_value(world, client_for):
    """A name sent twice with one value (a page's script and its field agreeing) asks one
    thing, as a query parameter does: taken."""
    response = _post(world, client_for, "/settings/teams", {"name": "Ops"}, "parent",
                     [world.company.pk, world.company.pk])  # fmt: skip
    assert response.status_code == 302
    assert Team.objects.get(organization=world.org, name="Ops").parent == world.company


def test_every_form_reads_one_value_each():
    """Every form of the app is a OneValueEachForm (a new one cannot read the last value
    of a duplicated field), but Django's sign-in and password-reset forms it extends."""
    import django.forms

    from mubiao import accounts, directory, notify, people, playbook, reports, sso, twofactor, web
    from mubiao.accounts import forms as account_forms  # noqa: F401
    from mubiao.directory import forms as directory_forms  # noqa: F401
    from mubiao.notify import forms as notify_forms  # noqa: F401
    from mubiao.people import forms as people_forms  # noqa: F401
    from mubiao.playbook import forms as playbook_forms  # noqa: F401
    from mubiao.reports import views as report_views  # noqa: F401
    from mubiao.sso import forms as sso_forms  # noqa: F401
    from mubiao.twofactor import forms as twofactor_forms  # noqa: F401
    from mubiao.web import forms as web_forms  # noqa: F401

    del accounts, directory, notify, people, playbook, reports, sso, twofactor, web

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    ours = [
        form
        for form in every(django.forms.Form)
        if form.__module__.startswith("mubiao.") and not issubclass(form, OneValueEachForm)
    ]
    assert [f"{form.__module__}.{form.__name__}" for form in ours] == [
        "mubiao.accounts.forms.SignInForm",
        "mubiao.accounts.forms.PersonalPasswordResetForm",
    ]
