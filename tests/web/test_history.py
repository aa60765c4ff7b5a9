"""Comments on check-ins (under each check-in of a key result's history) and the objective's
activity history as readable sentences."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import selectors, services
from mubiao.okrs.models import CheckIn, Comment
from mubiao.web import activity
from tests.conftest import make_objective, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked_in(world):
    objective = make_objective(world.alice, world.cycle, "Make onboarding delightful", krs=2)
    kr = objective.key_results.order_by("position").first()
    services.check_in(world.alice, kr, value=45)
    entry = services.check_in(world.alice, kr, value=60, note="Tour shipped")
    return objective, kr, entry


def test_comment_on_a_check_in(client_for, world, checked_in):
    _objective, kr, entry = checked_in
    client = client_for(world.lead)
    url = reverse("check_in_comment", args=[entry.pk])
    response = client.post(url, {"body": "Nice jump, @Alice"})
    assert response["Location"] == reverse("key_result", args=[kr.pk]) + f"#check-in-{entry.pk}"
    comment = Comment.objects.get()
    assert (comment.check_in, comment.author) == (entry, world.lead)
    page = client.get(reverse("key_result", args=[kr.pk])).content.decode()
    thread = page.split(f'id="check-in-thread-{entry.pk}"')[1].split("</form>")[0]
    assert "Nice jump, @Alice" in thread
    assert f'hx-post="{url}"' in thread


def test_htmx_answers_with_the_thread_and_errors_in_place(client_for, world, checked_in):
    _objective, _kr, entry = checked_in
    client = client_for(world.bob)
    url = reverse("check_in_comment", args=[entry.pk])
    response = client.post(url, {"body": "Where is the source?"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div class="check-in-thread" id="check-in-thread-')
    assert "Where is the source?" in html
    response = client.post(url, {"body": "  "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert Comment.objects.count() == 1


def test_hidden_and_foreign_check_ins_are_not_found(client_for, world):
    secret = make_objective(world.alice, world.cycle, "Secret", visibility="private")
    entry = services.check_in(world.alice, secret.key_results.first(), value=5)
    other = make_world("other")
    url = reverse("check_in_comment", args=[entry.pk])
    assert client_for(world.outsider).post(url, {"body": "hi"}).status_code == 404
    assert client_for(other.admin).post(url, {"body": "hi"}).status_code == 404
    assert not Comment.objects.exists()
    with pytest.raises(CheckIn.DoesNotExist):
        selectors.get_check_in(world.outsider, entry.pk)
    assert selectors.get_check_in(world.lead, entry.pk) == entry  # Alice's manager


def test_key_result_page_queries_do_not_grow_with_comments(client_for, world, checked_in):
    _objective, kr, _entry = checked_in
    client = client_for(world.lead)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("key_result", args=[kr.pk])).status_code == 200
        return len(queries)

    def grow(n):
        for i in range(n):
            entry = services.check_in(world.alice, kr, value=60 + i)
            services.add_comment(world.bob, body=f"note {i}", check_in=entry)

    grow(2)
    small = count()
    grow(15)
    assert count() == small


def test_activity_reads_as_sentences(client_for, world, checked_in):
    objective, kr, _entry = checked_in
    services.update_key_result(world.alice, kr, title="Week-1 activation")
    page = client_for(world.bob).get(reverse("objective", args=[objective.pk]))
    texts = [entry.text for entry in page.context["activity"]]
    assert texts == [
        "Alice edited the key result “Week-1 activation”.",
        "Alice checked in 45 → 60 on “Week-1 activation”.",
        "Alice checked in 0 → 45 on “Week-1 activation”.",
        "Alice added the key result “KR 2”.",
        "Alice added the key result “Week-1 activation”.",
        "Alice created this objective.",
    ]
    with translation.override("zh-hans"):
        entries = activity.history(
            selectors.objective_activity(world.bob, objective), objective.key_results.all()
        )
    assert entries[1].text == "Alice将“Week-1 activation”的进展从 45 更新为 60。"
    assert entries[-1].text == "Alice创建了这个目标。"


def test_activity_is_one_query_and_at_most_twenty(world, checked_in, django_assert_num_queries):
    objective, kr, _entry = checked_in
    for value in range(25):
        services.check_in(world.alice, kr, value=value)
    other = make_world("other")
    theirs = make_objective(other.alice, other.cycle, "Theirs")
    assert theirs.pk != objective.pk
    # As pages read it: through get_objective, with its key results.
    objective = selectors.get_objective(world.bob, objective.pk)
    key_results = list(objective.key_results.all())
    with django_assert_num_queries(1):
        entries = activity.history(selectors.objective_activity(world.bob, objective), key_results)
    assert len(entries) == 20
    assert entries[0].text == "Alice checked in 23 → 24 on “KR 1”."
