"""Two people edit the same objective (issue 9): the later save never silently overwrites the
earlier one; it shows what changed, keeps both people's input and saves only when confirmed."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """The fields a browser would submit from the page's form of class `form_class`."""

    def __init__(self, form_class="okr-form"):
        super().__init__()
        self.form_class = form_class
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None
        self.template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_class in (a.get("class") or "").split():
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "search"):
                # A ticked box without a value is sent as "on" (HTML's default value): read as
                # "", a form's Active box came back unticked and deactivated the person.
                default = "on" if kind in ("checkbox", "radio") else ""
                self.fields.append((a["name"], a.get("value", default)))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.fields.append((self.textarea, ""))

    def handle_data(self, data):
        if self.textarea and self.fields and self.fields[-1][0] == self.textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "template":
            self.template -= 1
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def load(client, url, form_class="okr-form") -> dict:
    reader = FormReader(form_class)
    reader.feed(client.get(url).content.decode())
    reader.fields.append(("kr-0-ORDER", "1"))
    fields = {}
    for name, value in reader.fields:  # a multiple choice keeps all its values
        fields.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}


@pytest.fixture
def two_editors(world, client_for):
    objective = make_objective(world.alice, world.cycle, "Delight customers")
    url = reverse("objective_edit", args=[objective.pk])
    a, b = client_for(world.alice), client_for(world.admin)
    return objective, url, (a, load(a, url)), (b, load(b, url))


def test_the_later_save_shows_the_change_and_saves_nothing(two_editors):
    objective, url, (a, form_a), (b, form_b) = two_editors
    assert form_b["version"] == str(objective.version)
    assert form_b["initial-title"] == "Delight customers"  # the loaded value travels along
    assert a.post(url, {**form_a, "title": "Delight every customer"}).status_code == 302
    response = b.post(url, {**form_b, "kr-0-target_value": "250"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this after you opened it." in html
    stored = Objective.objects.get(pk=objective.pk)
    assert stored.title == "Delight every customer"  # A's title is not gone
    assert KeyResult.objects.get(objective=objective).target_value == 100  # nothing saved
    # B left the title alone: A's title is taken into it; B's target is kept as typed.
    reader = FormReader()
    reader.feed(html)
    again = dict(reader.fields)
    assert again["title"] == "Delight every customer"
    assert again["kr-0-target_value"] == "250"
    assert again["version"] == str(stored.version)
    assert "their value is now in the field" in html
    # Saving again is the confirmation: both changes are kept.
    again["kr-0-ORDER"] = "1"
    assert b.post(url, again).status_code == 302
    stored.refresh_from_db()
    assert stored.title == "Delight every customer"
    assert KeyResult.objects.get(objective=objective).target_value == 250


def test_both_changed_the_same_field(two_editors):
    objective, url, (a, form_a), (b, form_b) = two_editors
    assert a.post(url, {**form_a, "title": "Title by A"}).status_code == 302
    response = b.post(url, {**form_b, "title": "Title by B"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: Title by A" in html
    assert 'value="Title by B"' in html  # B's input kept
    assert Objective.objects.get(pk=objective.pk).title == "Title by A"


def test_a_key_result_changed_by_someone_else(two_editors, world):
    objective, url, (a, form_a), (b, form_b) = two_editors
    assert a.post(url, {**form_a, "kr-0-target_value": "120"}).status_code == 302
    response = b.post(url, {**form_b, "kr-0-target_value": "90"})
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: 120" in response.content.decode()
    assert KeyResult.objects.get(objective=objective).target_value == 120


def test_a_check_in_in_between_is_no_conflict(two_editors, world):
    """A check-in moves the key result's version on but changes nothing the form shows."""
    objective, url, _a, (b, form_b) = two_editors
    services.check_in(world.alice, objective.key_results.get(), value=10)
    assert b.post(url, {**form_b, "title": "Renamed"}).status_code == 302
    assert Objective.objects.get(pk=objective.pk).title == "Renamed"


def test_an_unchanged_save_goes_through(two_editors):
    objective, url, (a, form_a), _b = two_editors
    assert a.post(url, {**form_a, "description": "Why"}).status_code == 302
    assert Objective.objects.get(pk=objective.pk).description == "Why"


# ---- The kind: every web edit form (settings: organization, team, member) -----------------


def _team(world):
    return (
        reverse("settings_team", args=[world.product.pk]),
        {"name": "Product 2"},
        (lambda: world.product.__class__.objects.get(pk=world.product.pk).name),
    )


def _organization(world):
    return (
        reverse("settings"),
        {"name": "Acme 2"},
        (lambda: world.org.__class__.objects.get(pk=world.org.pk).name),
    )


def _member(world):
    return (
        reverse("settings_member", args=[world.bob.pk]),
        {"title": "Editor 2"},
        (lambda: world.bob.__class__.objects.get(pk=world.bob.pk).title),
    )


@pytest.mark.parametrize("target", [_team, _organization, _member])
def test_settings_forms_refuse_a_stale_save(world, client_for, target):
    url, change, stored = target(world)
    first, second = client_for(world.admin), client_for(world.admin)
    form_1, form_2 = load(first, url, "panel"), load(second, url, "panel")
    assert any(name.startswith("initial-") for name in form_2)
    assert first.post(url, {**form_1, **change}).status_code == 302
    before = stored()
    ((field, _value),) = change.items()
    response = second.post(url, {**form_2, field: "Mine"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this after you opened it." in html
    assert f"Saved meanwhile by someone else: {before}" in html
    assert stored() == before
    # Confirmed: the second save goes through.
    reader = FormReader("panel")
    reader.feed(html)
    again = {}
    for name, value in reader.fields:
        again.setdefault(name, []).append(value)
    assert (
        second.post(url, {k: v if len(v) > 1 else v[0] for k, v in again.items()}).status_code
        == 302
    )
    assert stored() == "Mine"


def test_grading_twice_at_once(world, client_for):
    """The grading form of the same kind: loaded values travel along as `initial-<name>`."""
    from mubiao.okrs.models import Cycle

    objective = make_objective(world.alice, world.cycle, "Delight customers")
    kr = objective.key_results.get()
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    url = reverse("objective_grade", args=[objective.pk])
    first, second = client_for(world.alice), client_for(world.admin)
    form_1, form_2 = load(first, url, "grade-form"), load(second, url, "grade-form")
    assert form_2[f"initial-score_{kr.pk}"] == ""
    saved = {**form_1, f"score_{kr.pk}": "0.5", "retrospective": "Hiring slipped"}
    assert first.post(url, saved).status_code == 302
    response = second.post(url, {**form_2, f"score_{kr.pk}": "0.6"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: 0.5" in html
    kr.refresh_from_db()
    assert kr.score == 0.5  # nothing saved
    # The retrospective the second person left alone is now the first person's.
    assert "Hiring slipped</textarea>" in html
