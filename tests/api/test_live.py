"""A real HTTP round trip over a socket: the token flow end to end (live_server + httpx)."""

import httpx
import pytest

from mubiao.accounts.tokens import create_token
from tests.conftest import make_objective, make_world


@pytest.fixture
def live_world(transactional_db):
    return make_world("live")


def test_token_flow_over_http(live_server, live_world):
    _token, secret = create_token(live_world.alice, name="bootstrap")
    objective = make_objective(live_world.alice, live_world.cycle)
    kr = objective.key_results.first()
    with httpx.Client(base_url=f"{live_server.url}/api/v1", timeout=30) as http:
        assert http.get("/me").status_code == 401
        auth = {"Authorization": f"Bearer {secret}"}
        assert http.get("/me", headers=auth).json()["email"] == "alice@live.test"

        created = http.post("/tokens", json={"name": "BI job", "days": 1}, headers=auth)
        assert created.status_code == 201
        bi = {"Authorization": f"Bearer {created.json()['secret']}"}
        pushed = http.post(f"/key-results/{kr.pk}/check-ins", json={"value": 42}, headers=bi)
        assert pushed.status_code == 201 and pushed.json()["progress"] == 0.42
        assert http.get(f"/objectives/{objective.pk}", headers=bi).json()["progress"] == 0.42

        revoked = http.delete(f"/tokens/{created.json()['id']}", headers=auth)
        assert revoked.status_code == 204
        after = http.get("/me", headers=bi)
        assert after.status_code == 401 and after.headers["WWW-Authenticate"].startswith("Bearer")
        assert http.get("/me", headers=auth).status_code == 200
