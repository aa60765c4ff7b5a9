"""Issue 9 (probe 20, h9p): a check-in typed on the key result page or sent to the API is
taken, or refused saying what is wrong in words that fit it, en and zh-hans.

It said `两秒半` "is in 秒半", `2.5秒左右` "is in 秒左右" (while `约2.5` is approximate), `¥1.7亿`
"is not a number" and `1.7亿元` "is in 元" on a key result counted in 亿 (`GMV 达到 1.2亿`: as
`1.3万人` is taken on 万), `一半` "is not a number" (while `half` is helped), `done` / `完成` on a
milestone "is not a number", `40m` on minutes "is in m", and `22.5 million dollars` / `20.4 mio`
"is in million dollars / mio" (while `20 million` and `USD 20.2M` are taken)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn
from tests.api.conftest import Api, sent_check_in
from tests.conftest import make_objective
from tests.web.test_rerendered_forms_keep_what_was_typed import said_on

pytestmark = pytest.mark.django_db

D = Decimal
# (metric type, unit, typed, the value stored or {language: what the refusal says})
CASES = [
    ("number", "秒", "两秒半", {"en": "for example 2.5", "zh-hans": "例如 2.5"}),
    ("number", "分钟", "1小时半", {"en": "for example 90.", "zh-hans": "例如 90。"}),
    ("number", "秒", "2.5秒左右", {"en": "approximate (“左右”)", "zh-hans": "是约数（“左右”）"}),
    ("number", "秒", "2.5秒上下", {"en": "approximate (“上下”)", "zh-hans": "是约数（“上下”）"}),
    ("number", "人", "280人多", {"en": "approximate (“多”)", "zh-hans": "是约数（“多”）"}),
    ("number", "人", "280人余", {"en": "approximate (“余”)", "zh-hans": "是约数（“余”）"}),
    ("number", "秒", "约2.5", {"en": "approximate (“约”)", "zh-hans": "是约数（“约”）"}),
    ("number", "亿", "¥1.7亿", D("1.7")),
    ("number", "亿", "1.7亿元", D("1.7")),
    ("number", "万", "1.3万人", D("1.3")),
    ("number", "万", "1.3万小时", {"en": "is in 小时", "zh-hans": "单位是小时"}),
    ("number", "人", "一半", {"en": "half of what?", "zh-hans": "是什么的一半？"}),
    ("number", "人", "half", {"en": "half of what?", "zh-hans": "是什么的一半？"}),
    ("milestone", "%", "done", {"en": "is a milestone", "zh-hans": "是里程碑"}),
    ("milestone", "%", "完成", {"en": "100 when it is done", "zh-hans": "完成时填 100"}),
    ("number", "分钟", "40m", {"en": "write min or minutes", "zh-hans": "请写 min 或“分钟”"}),
    ("number", "分钟", "5m", {"en": "write min or minutes", "zh-hans": "请写 min 或“分钟”"}),
    ("number", "分钟", "1h30m", D(90)),
    ("currency", "USD", "22.5 million dollars", D(22500000)),
    ("currency", "USD", "20.4 mio", D(20400000)),
    ("currency", "USD", "20 million", D(20000000)),
    ("currency", "USD", "USD 20.2M", D(20200000)),
    ("currency", "M USD", "22.5 million dollars", D("22.5")),
    ("currency", "USD", "22.5 million euros", {"en": "is in euros", "zh-hans": "单位是 euros"}),
]
UNCLEAR = ["not a number", "不是数字", "is in 秒", "单位是秒半", "单位是秒左右", "is in m,"]


def _kr(world, metric_type, unit):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    # A range the values taken lie in (far from it, a value is asked about: services.scale).
    target = {"milestone": 100}.get(metric_type) or {"USD": 10**8}.get(unit) or 1000
    return services.update_key_result(world.alice, kr, metric_type=metric_type, unit=unit,
                                      start_value=0, target_value=target)  # fmt: skip


def _api(world, client_for, kr, typed, lang):
    return sent_check_in(Api(world.alice, **{"Accept-Language": lang}), kr, typed)


def _page(world, client_for, kr, typed, lang):
    """The check-in form on the key result page."""
    response = client_for(world.alice).post(reverse("check_in", args=[kr.pk]), {"value": typed},
                                            headers={"Accept-Language": lang})  # fmt: skip
    if CheckIn.objects.filter(key_result=kr).exists():
        return None
    page = client_for(world.alice).get(response.url) if response.status_code == 302 else response
    return said_on(page)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("route", [_api, _page], ids=["api", "page"])
@pytest.mark.parametrize(("metric_type", "unit", "typed", "expected"), CASES,
                         ids=[f"{c[1]}:{c[2]}" for c in CASES])  # fmt: skip
def test_taken_or_said_clearly(world, client_for, route, lang, metric_type, unit, typed, expected):
    kr = _kr(world, metric_type, unit)
    said = route(world, client_for, kr, typed, lang)
    if isinstance(expected, Decimal):
        assert said is None, said
        kr.refresh_from_db()
        assert kr.current_value == expected
    else:
        assert said is not None, "refused"
        assert expected[lang] in said, said
        assert typed in said, said
        assert not CheckIn.objects.filter(key_result=kr).exists()
        assert not [word for word in UNCLEAR if f"“{typed}” {word}" in said or word in said], said
