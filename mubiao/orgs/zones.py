"""The time zones a person may choose, as form choices (orgs.rules.TIME_ZONES)."""

from django.utils.functional import lazy
from django.utils.translation import gettext

from mubiao.orgs.rules import TIME_ZONES, real_offset


def _label(name: str) -> str:
    offset = real_offset(name)
    if offset is None:
        return name
    return gettext("%(zone)s (UTC%(offset)s)") % {"zone": name, "offset": offset}


_lazy_label = lazy(_label, str)


def zone_choices() -> list[tuple[str, str]]:
    """Every zone a person may choose; an Etc/GMT±N one labelled with its real offset
    (Etc/GMT+12 is UTC−12), in the reader's language when shown."""
    return [(name, _lazy_label(name) if real_offset(name) else name) for name in TIME_ZONES]
