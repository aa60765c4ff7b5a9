"""The dashboards at 100,000 people? `python -m benchmarks.dashboards [--small 100] [--reuse]`.

Issue 12's measurement: the team and company dashboards (pages and API), their flat lists, the
adoption page and API and the alignment map's levels (pages and API), side by side in the two
organizations of benchmarks.scale (generated there, or here on a fresh database), through the
same gunicorn server, the sizes interleaved request by request. Prints per endpoint the query
count (small/large), p50 and p95 of each size and the p95 ratio. A measurement, not a test.
"""

from benchmarks.scale import arguments, measure


def _requests(world: dict) -> dict:
    """name -> (who, method, path, body)."""
    c, dept = world["cycle"].pk, world["department"]
    level = world["squad_objective"].pk
    return {
        "company dashboard (admin)": ("admin", "GET", f"/company?cycle={c}", None),
        "company dashboard (CEO)": ("ceo", "GET", f"/company?cycle={c}", None),
        "team dashboard (head)": ("head", "GET", f"/teams/{dept.slug}?cycle={c}", None),
        "team dashboard (member)": ("member", "GET", f"/teams/{dept.slug}?cycle={c}", None),
        "company list (CEO)": ("ceo", "GET", f"/company?cycle={c}&view=list", None),
        "team list (head)": ("head", "GET", f"/teams/{dept.slug}?cycle={c}&view=list", None),
        "API dashboard (company)": ("ceo", "GET", f"/api/v1/dashboards/company?cycle_id={c}", None),
        "API dashboard (team)": (
            "head",
            "GET",
            f"/api/v1/dashboards/teams/{dept.pk}?cycle_id={c}",
            None,
        ),
        "adoption (admin)": ("admin", "GET", f"/adoption?cycle={c}", None),
        "adoption (CEO)": ("ceo", "GET", f"/adoption?cycle={c}", None),
        "adoption (department head)": ("head", "GET", f"/adoption?cycle={c}", None),
        "API adoption (CEO)": ("ceo", "GET", f"/api/v1/adoption?cycle_id={c}", None),
        "API adoption teams (CEO)": ("ceo", "GET", f"/api/v1/adoption/teams?cycle_id={c}", None),
        "alignment map: top level": ("member", "GET", f"/alignment/map?cycle={c}", None),
        "alignment map: a level": ("member", "GET", f"/alignment/map/{level}?cycle={c}", None),
        "alignment map: hidden": ("member", "GET", f"/alignment/map/hidden?cycle={c}", None),
        "alignment map: search": ("member", "GET", f"/alignment/map/search?cycle={c}&q=grow", None),
        "API alignment: top level": ("member", "GET", f"/api/v1/alignment?cycle_id={c}", None),
        "API alignment: a level": ("member", "GET", f"/api/v1/alignment/{level}", None),
        "API alignment: hidden": ("member", "GET", f"/api/v1/alignment/hidden?cycle_id={c}", None),
        "API alignment: search": (
            "member",
            "GET",
            f"/api/v1/alignment/search?cycle_id={c}&q=grow",
            None,
        ),
    }


def main() -> None:
    options = arguments(__doc__).parse_args()
    measure(options, _requests)


if __name__ == "__main__":
    main()
