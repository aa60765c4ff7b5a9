"""h9p (issue 9): a number's hint fits its field. A confidence (0–10) typed `4,5` or `abc` was
told "write decimals with a point (4.5) and group thousands in threes (4,500)" or "enter for
example 42, 4.5 or 1,234"; the aligned share (0–100) answered in Django's own words; `十万`
typed on a 0 → 100 key result was asked "did you mean 100?", where it reads as 100,000. Each
path (API, web form, import) now says the field's own range, and a numeral in words is told
the value it reads as."""

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs.models import Objective
from mubiao.okrs.transfer import import_okrs
from mubiao.okrs.transfer.errors import ImportErrors
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective
from tests.web.test_writing import form_data

pytestmark = pytest.mark.django_db

CONFIDENCE = {"4,5": "Confidence “4,5”: enter a whole number from 0 to 10.",
              "abc": "Confidence “abc”: enter a whole number from 0 to 10.",
              "4.5": "Confidence “4.5”: enter a whole number from 0 to 10."}  # fmt: skip


@pytest.mark.parametrize("typed", CONFIDENCE)
def test_a_confidence_is_hinted_with_its_range_through_the_api(world, typed):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    response = Api(world.alice).post(
        f"/key-results/{kr.pk}/check-ins", {"value": 5, "confidence": typed}
    )
    assert response.status_code == 422
    assert field_errors(response)["confidence"] == CONFIDENCE[typed]


def test_a_confidence_is_hinted_with_its_range_on_the_web(world, client_for):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    response = client_for(world.alice).post(
        reverse("check_in", args=[kr.pk]), {"value": "5", "confidence": "4,5"}
    )
    assert CONFIDENCE["4,5"] in response.content.decode()


def test_a_confidence_cell_is_hinted_with_its_range_in_an_import(world):
    rows = ["objective,key result,start,target,confidence", 'O,Sign-ups,0,100,"4,5"']
    with pytest.raises(ImportErrors) as refused:
        import_okrs(world.alice, file_name="okrs.csv", data="\n".join(rows).encode(),
                    cycle=world.cycle, dry_run=True)  # fmt: skip
    said = str(refused.value)
    assert "Confidence “4,5”: enter a whole number from 0 to 10." in said  # h9m: named
    assert "4,500" not in said


def _objective_form(world, client_for, share, lang="en"):
    data = form_data(owner=f"person:{world.alice.pk}", progress_source="mix",
                     aligned_share=share)  # fmt: skip
    client = client_for(world.alice)
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    with translation.override(lang):
        return client.post(reverse("objective_create"), data, **headers).content.decode()


@pytest.mark.parametrize(("typed", "lang", "said"), [
    ("abc", "en", "“abc”: enter a whole number from 0 to 100."),
    ("50.5", "en", "“50.5”: enter a whole number from 0 to 100."),
    ("150", "en", "“150”: enter a whole number from 0 to 100."),
    ("abc", "zh-hans", "“abc”：请输入 0 到 100 之间的整数。"),
])  # fmt: skip
def test_the_aligned_share_speaks_mubiaos_words(world, client_for, typed, lang, said):
    html = _objective_form(world, client_for, typed, lang)
    assert said in html
    assert "Enter a whole number." not in html and "请输入整数" not in html
    assert not Objective.objects.filter(title="Make onboarding delightful").exists()


def test_the_aligned_share_reads_as_people_type_it(world, client_for):
    _objective_form(world, client_for, "３０")  # full-width digits, as every number field
    assert Objective.objects.get(title="Make onboarding delightful").aligned_share == 30


def test_a_numeral_in_words_is_told_what_it_reads_as(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()  # 0 → 100
    response = Api(world.alice).post(f"/key-results/{kr.pk}/check-ins", {"value": "十万"})
    assert response.status_code == 422
    said = field_errors(response)["value"]
    assert said.startswith("“十万” was read as 100,000, far from this key result's range"), said
    assert "did you mean" not in said
