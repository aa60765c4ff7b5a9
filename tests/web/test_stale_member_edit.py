"""Issue 13 (h13t): the member form (Settings › People › a person) carries the version of what
it edits (role, title, manager, teams, active) and a stale save is refused with the stale-save
conflict (web.stale) instead of overwriting another admin's change; a post without the version
it was loaded with (`version=`, none, another) saves nothing."""

import pytest
from django.urls import reverse

from mubiao.orgs.models import Membership
from tests.web.test_stale_edits import FormReader, load

pytestmark = pytest.mark.django_db


def url_of(world):
    return reverse("settings_member", args=[world.bob.pk])


def ticked(form: dict) -> dict:
    """A ticked checkbox without a value, as a browser sends it."""
    return {k: "on" if k == "is_active" else v for k, v in form.items()}


def bob(world):
    return Membership.objects.get(pk=world.bob.pk)


def test_the_form_carries_a_version(world, client_for):
    form = load(client_for(world.admin), url_of(world), "panel")
    assert form["version"].isdigit()


def test_a_stale_save_does_not_undo_another_admins_deactivation(world, client_for):
    url = url_of(world)
    first, second = client_for(world.admin), client_for(world.admin)
    form_1, form_2 = (ticked(load(client, url, "panel")) for client in (first, second))
    assert "is_active" in form_2
    without_active = {k: v for k, v in form_1.items() if k != "is_active"}
    assert first.post(url, {**without_active, "confirm": "1"}).status_code == 302
    assert bob(world).is_active is False
    response = second.post(url, {**form_2, "title": "Chief editor"})
    assert response.status_code == 409
    assert "Someone else saved this after you opened it." in response.content.decode()
    assert (bob(world).is_active, bob(world).title) == (False, "文档撰写者")
    # Saved again from the form shown: the title changes, the deactivation stays.
    reader = FormReader("panel")
    reader.feed(response.content.decode())
    again = {}
    for name, value in reader.fields:
        again.setdefault(name, []).append(value)
    assert "is_active" not in again
    assert (
        second.post(url, {k: v if len(v) > 1 else v[0] for k, v in again.items()}).status_code
        == 302
    )
    assert (bob(world).is_active, bob(world).title) == (False, "Chief editor")


@pytest.mark.parametrize("version", ["", None, "1", "99999"])
@pytest.mark.parametrize("loaded_values", [True, False], ids=["with-loaded", "bare"])
def test_a_post_without_the_loaded_version_saves_nothing(world, client_for, version, loaded_values):
    url = url_of(world)
    admin = client_for(world.admin)
    form = load(admin, url, "panel")
    if not loaded_values:
        form = {k: v for k, v in form.items() if not k.startswith("initial-")}
    form.pop("version")
    if version is not None:
        form["version"] = version
    response = admin.post(url, {**form, "title": "Overwritten"})
    assert response.status_code == 409
    assert bob(world).title == "文档撰写者"
