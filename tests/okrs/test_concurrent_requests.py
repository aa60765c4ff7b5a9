"""Every pair of write operations on one alignment chain, sent at the same moment to a real
server on PostgreSQL (issue 8): no 5xx, nothing lost, and the stored progress equal to a
recomputation from scratch afterwards."""

import itertools
import threading
from dataclasses import dataclass
from decimal import Decimal

import httpx
import pytest
from django.db import connection
from django.test import Client

from mubiao.accounts.tokens import create_token
from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, Comment, KeyResult, Objective
from tests.conftest import make_objective, make_world
from tests.okrs.test_rollup import CHILDREN, from_scratch, stored

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writes are tested on PostgreSQL"
    ),
]


@dataclass
class Chain:
    """company objective (a children KR and a manual KR) ← department objective (children KR)
    ← team objective (two manual KRs); two more objectives aligned to the department's KR."""

    company: Objective
    company_manual: KeyResult
    department: Objective
    department_kr: KeyResult
    company_kr: KeyResult
    team_kr: KeyResult
    team_sibling_kr: KeyResult
    archived_and_restored: Objective
    moved: Objective


def build_chain(world) -> Chain:
    company = make_objective(world.admin, world.cycle, "Company", krs=2)
    company_kr, company_manual = company.key_results.order_by("position")
    services.update_key_result(world.admin, company_kr, progress_source=CHILDREN)
    department = make_objective(world.lead, world.cycle, "Department",
                                parent_key_result=company_kr)  # fmt: skip
    department_kr = department.key_results.get()
    services.update_key_result(world.lead, department_kr, progress_source=CHILDREN)
    # Aspirational: grading one of its key results at 0.7 needs no retrospective (a committed
    # objective below 1.0 does, whichever path grades it).
    team = make_objective(world.alice, world.cycle, "Team", krs=2, kind="aspirational",
                          parent_key_result=department_kr)  # fmt: skip
    team_kr, team_sibling_kr = team.key_results.order_by("position")
    others = [
        make_objective(world.bob, world.cycle, f"Sibling {i}", parent_key_result=department_kr)
        for i in range(2)
    ]
    for objective in others:
        services.check_in(world.admin, objective.key_results.get(), value=40)
    services.set_cycle_state(world.admin, world.cycle, "grading")
    return Chain(company, company_manual, department, department_kr, company_kr, team_kr,
                 team_sibling_kr, *others)  # fmt: skip


class Sender:
    """The operations, each one or two real HTTP requests; records every status answered."""

    def __init__(self, base_url: str, chain: Chain, token: str, session: str):
        self.chain = chain
        self.api = httpx.Client(base_url=f"{base_url}/api/v1", timeout=60,
                                headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        self.web = httpx.Client(base_url=base_url, timeout=60, cookies={"sessionid": session})
        # The check-in form, fetched as htmx fetches it (a plain GET is sent to the KR's page),
        # sets the CSRF cookie.
        self.web.get(f"/krs/{chain.team_kr.pk}/check-in", headers={"HX-Request": "true"})
        self.csrf = self.web.cookies["csrftoken"]
        self.check_ins = 0
        self.comments = 0
        self.lock = threading.Lock()

    def count(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)

    def api_check_in(self):
        self.count("check_ins")
        return [
            self.api.post(f"/key-results/{self.chain.team_kr.pk}/check-ins", json={"value": 30})
        ]

    def api_check_in_sibling(self):
        self.count("check_ins")
        kr = self.chain.team_sibling_kr.pk
        return [self.api.post(f"/key-results/{kr}/check-ins", json={"value": 60})]

    def api_check_in_top(self):  # a manual KR of the objective the others roll up into
        self.count("check_ins")
        kr = self.chain.company_manual.pk
        return [self.api.post(f"/key-results/{kr}/check-ins", json={"value": 70})]

    def web_check_in(self):  # as the page's htmx form sends it: 200 with the new row
        self.count("check_ins")
        kr = self.chain.team_kr.pk
        headers = {"X-CSRFToken": self.csrf, "HX-Request": "true"}
        return [self.web.post(f"/krs/{kr}/check-in", data={"value": "45", "confidence": "7"},
                              headers=headers)]  # fmt: skip

    def patch_key_result(self):
        kr = self.chain.team_sibling_kr.pk
        return [self.api.patch(f"/key-results/{kr}", json={"weight": 2, "target_value": 120})]

    def patch_objective(self):
        pk = self.chain.department.pk
        return [self.api.patch(f"/objectives/{pk}", json={"weight": 2, "title": "Department!"})]

    def archive_restore(self):
        pk = self.chain.archived_and_restored.pk
        return [self.api.post(f"/objectives/{pk}/archive"),
                self.api.post(f"/objectives/{pk}/restore")]  # fmt: skip

    def align(self):
        pk = self.chain.moved.pk
        return [
            self.api.post(f"/objectives/{pk}/align",
                          json={"parent_key_result_id": self.chain.company_kr.pk}),
            self.api.post(f"/objectives/{pk}/align",
                          json={"parent_key_result_id": self.chain.department_kr.pk}),
        ]  # fmt: skip

    def grade(self):
        kr = self.chain.team_kr.pk
        return [self.api.post(f"/key-results/{kr}/grade", json={"score": 0.7, "note": "ok"})]

    def comment(self):
        self.count("comments")
        pk = self.chain.department.pk
        return [self.api.post("/comments", json={"objective_id": pk, "body": "@Alice on it"})]


OPERATIONS = [
    "api_check_in", "api_check_in_sibling", "api_check_in_top", "web_check_in",
    "patch_key_result", "patch_objective", "archive_restore", "align", "grade", "comment",
]  # fmt: skip


def run_together(*jobs) -> list[httpx.Response]:
    barrier = threading.Barrier(len(jobs))
    answers: list[httpx.Response] = []
    failures: list[BaseException] = []

    def runner(job):
        try:
            barrier.wait()
            answers.extend(job())
        except BaseException as error:  # re-raised below: a thread must not swallow it
            failures.append(error)

    threads = [threading.Thread(target=runner, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    return answers


@pytest.mark.django_db(transaction=True)
def test_every_pair_of_writes_on_one_alignment_chain_at_once(live_server, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    world = make_world("pairs")
    world.org.settings["weights"] = True  # the PATCHes change weights: taken where they count
    world.org.save()
    chain = build_chain(world)
    _token, secret = create_token(world.admin, name="pairs")
    client = Client()
    client.force_login(world.admin.user)
    sender = Sender(live_server.url, chain, secret, client.cookies["sessionid"].value)
    pairs = list(itertools.combinations_with_replacement(OPERATIONS, 2))
    answers = []
    try:
        for first, second in pairs:
            answers += [
                (first, second, response)
                for response in run_together(getattr(sender, first), getattr(sender, second))
            ]
    finally:  # the server's threads keep their database sessions while a client is connected
        sender.api.close()
        sender.web.close()
    failed = [(a, b, r.status_code, r.text[:200]) for a, b, r in answers if r.status_code >= 300]
    assert not failed
    assert len(pairs) == 55

    # Nothing lost: every check-in and comment is there, the last writes of each row hold.
    krs = [chain.team_kr, chain.team_sibling_kr, chain.company_manual]
    assert CheckIn.objects.filter(key_result__in=krs).count() == sender.check_ins
    assert Comment.objects.filter(objective=chain.department).count() == sender.comments
    sibling = KeyResult.objects.get(pk=chain.team_sibling_kr.pk)
    assert (sibling.weight, sibling.target_value) == (2, 120)
    assert Objective.objects.get(pk=chain.archived_and_restored.pk).state == "active"
    assert Objective.objects.get(pk=chain.moved.pk).parent_key_result_id == chain.department_kr.pk
    assert KeyResult.objects.get(pk=chain.team_kr.pk).score == Decimal("0.7")
    assert stored(world.org) == from_scratch(world.org)
