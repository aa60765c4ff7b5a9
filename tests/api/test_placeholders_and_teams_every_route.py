"""h10n (issue 10 §2, §5) on the routes that read OKR text: a placeholder letter where the number
stands is OKR-M07 and no unmeasurable key result (M01), an `Ensure` with nothing to measure is
M01, and a team as subject or label is no metric; the API's /okrtext/lint and /okrtext/parse and
the lint of stored OKRs (okrs.quality, the web's quality page and the CLI) all read it so."""

from mubiao.okrs import quality, selectors, services

TEXT = (
    "O1: Grow the business\n"
    "KR1: Sign X new customers\n"
    "KR2: Increase NPS from 30 to X\n"
    "KR3: Ensure a clear and transparent hiring process for the engineering team\n"
    "KR4: Customer Support keeps first response under 2 hours\n"
    "KR5: Launch *X* by Q2\n"
)


def _rules(findings, key_result):
    return {f["rule"] for f in findings if f["key_result"] == key_result}


def test_the_api_lints_and_reads_them(world, api):
    response = api(world.alice).post("/okrtext/lint", {"text": TEXT, "lang": "en"})
    assert response.status_code == 200, response.content
    findings = response.json()["findings"]
    assert "OKR-M07" in _rules(findings, 1) and "OKR-M01" not in _rules(findings, 1)
    assert "OKR-M07" in _rules(findings, 2)
    assert "OKR-M01" in _rules(findings, 3)
    assert "OKR-M07" not in _rules(findings, 5)
    parsed = api(world.alice).post("/okrtext/parse", {"text": TEXT})
    assert parsed.status_code == 200, parsed.content
    krs = parsed.json()["sections"][0]["objectives"][0]["key_results"]
    assert [kr["metric"] for kr in krs[:2]] == ["new customers", "NPS"]
    assert (krs[1]["start"], krs[1]["target"]) == (30, None)
    assert krs[3]["metric"] == "first response"


def test_stored_key_results_are_linted_the_same_way(world):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Grow the business",
        key_results=[{"title": "Sign X new customers"}, {"title": "签约 N 家新客户"}],
    )  # fmt: skip
    findings = quality.lint_stored(selectors.objective_list(world.alice), lang="en")
    placeholders = [
        f.key_result for f in findings if f.objective == objective and f.finding.rule == "OKR-M07"
    ]
    assert len(placeholders) == 2
    assert not [f for f in findings if f.objective == objective and f.finding.rule == "OKR-M01"]
