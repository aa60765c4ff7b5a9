"""/okrtext/parse reads a team beside a person, a role before a linked title and detail lines
under a key result as okrtext does (issue 10 §2, h10h; docs/okrtext-headings.md)."""


def test_parse_says_owner_team_and_details(world, api):
    text = (
        "## 市场部 — 林晓\n\n### 提升品牌影响力\n- 公众号粉丝增长到 5 万\n  当前值：4 万\n"
        "- 举办 4 场线下活动\n\n### 2. Support: [Cut first-response time](https://example.com)\n"
        "- Reduce first-response time from 4h to 1h\n"
    )
    response = api(world.alice).post("/okrtext/parse", {"text": text})
    assert response.status_code == 200, response.content
    sections = response.json()["sections"]
    assert [(s["owner"], s["team"]) for s in sections] == [("林晓", "市场部"), ("Support", None)]
    assert [o["title"] for s in sections for o in s["objectives"]] == [
        "提升品牌影响力",
        "Cut first-response time",
    ]
    krs = sections[0]["objectives"][0]["key_results"]
    assert [(kr["text"], kr["start"]) for kr in krs] == [
        ("公众号粉丝增长到 5 万", 40000),
        ("举办 4 场线下活动", None),
    ]
