"""Issue 9 (brief h9t, D13): an import into a cycle being graded or closed follows the rule of
every other way to create an objective (okrs.rules.write_refusal: a cycle in grading takes new
objectives and key results, a closed one takes none) with the same sentence, on every import
route, the preview included: a closed cycle is refused once, naming the cycle, before anything
is read (it said so at each objective's line, and the web preview of a page opened before the
cycle closed said "Select a valid choice")."""

import io
import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api
from tests.web.test_writing import form_data

pytestmark = pytest.mark.postgres

TEXT = "O1: 提升留存\nKR1: 次月留存率从 35% 提升至 45%\nO2: 降低成本\nKR1: 成本从 80 万降到 60 万\n"
CSV = "objective,key result,start,target\n提升留存,次月留存率,35%,45%\n降低成本,成本,80万,60万\n"


def _settle(world, state):
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    if state == Cycle.State.CLOSED:
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)
    world.cycle.refresh_from_db()


def _client(world, language):
    client = Client(headers={"accept-language": language})
    client.force_login(world.alice.user)
    return client


def _errors(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def web_paste_preview(world, language):
    client = _client(world, language)
    page = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": TEXT})
    return page.status_code == 200, _errors(page.content.decode())


def web_upload_preview(world, language):
    client = _client(world, language)
    upload = io.BytesIO(CSV.encode())
    upload.name = "okrs.csv"
    page = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "file": upload})
    return page.status_code == 200, _errors(page.content.decode())


def web_confirm(world, language):
    """Previewed while the cycle was being graded, confirmed once it is closed."""
    closed = world.cycle.state == Cycle.State.CLOSED
    if closed:
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    client = _client(world, language)
    preview = client.post(reverse("import_preview"), {"cycle": world.cycle.pk, "text": TEXT})
    assert preview.status_code == 200, _errors(preview.content.decode())[-2000:]
    if closed:
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.CLOSED)
    token = re.search(r'name="preview" value="(\w+)"', preview.content.decode()).group(1)
    done = client.post(reverse("import_confirm"), {"preview": token})
    return done.status_code == 302, _errors(done.content.decode())


def _cli(world, language, *dry_run):
    world.alice.user.language = language
    world.alice.user.save(update_fields=["language"])
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "okrs.txt"
        path.write_text(TEXT)
        try:
            call_command("import", str(path), "--org", world.org.slug, "--cycle",
                         world.cycle.name, "--as", world.alice.user.email, *dry_run,
                         stdout=out)  # fmt: skip
        except CommandError as error:
            return False, str(error)
    return True, out.getvalue()


def cli_dry_run(world, language):
    return _cli(world, language, "--dry-run")


def cli_import(world, language):
    return _cli(world, language)


def _service(dry_run):
    def run(world, language):
        with translation.override(language):
            try:
                import_okrs(world.alice, file_name="okrs.txt", data=TEXT.encode(),
                            cycle=world.cycle, dry_run=dry_run)  # fmt: skip
            except ImportFailed as error:
                return False, error.text
        return True, ""

    return run


ROUTES = [web_paste_preview, web_upload_preview, web_confirm, cli_dry_run, cli_import,
          _service(True), _service(False)]  # fmt: skip
IDS = ["web paste", "web upload", "web confirm", "CLI dry run", "CLI", "preview", "import"]


def _create_elsewhere(world, language):
    """What the writing form and the API answer for a new objective in the cycle."""
    form = _client(world, language).post(
        reverse("objective_create") + f"?cycle={world.cycle.pk}",
        form_data(title="New O", owner=f"person:{world.alice.pk}"),
    )
    api = Api(world.alice, **{"accept-language": language}).post(
        "/objectives", {"cycle_id": world.cycle.pk, "title": "New O"}
    )
    return form.status_code == 302, api.status_code == 201, api.json()


@pytest.mark.every_case
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_an_import_into_a_closed_cycle_is_refused_once_as_every_write_is(world, route, language):
    _settle(world, Cycle.State.CLOSED)
    with translation.override(language):
        said = services.closed_refusal(world.cycle, "definition")
    form_ok, api_ok, answer = _create_elsewhere(world, language)
    assert not form_ok and not api_ok
    assert said in " ".join(error["message"] for error in answer["errors"])
    done, text = route(world, language)
    assert not done
    assert text.count(said) == 1, text[-2000:]
    assert not Objective.objects.filter(cycle=world.cycle).exists()


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_an_import_into_a_cycle_being_graded_is_taken_as_the_form_takes_it(world, route):
    _settle(world, Cycle.State.GRADING)
    form_ok, api_ok, _answer = _create_elsewhere(world, "en")
    assert form_ok and api_ok
    done, text = route(world, "en")
    assert done, text[-2000:]
    assert "closed" not in text
