"""An import's "aligned to" that names no objective or key result of the file: the existing
objective it names, or a warning at its row that it will be imported without alignment."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.okrs import selectors
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.transfer.plan import PlannedObjective
from mubiao.orgs.models import Membership


def ref_index(planned: list[PlannedObjective]) -> dict[str, int]:
    """The index of the objective each reference of the file names (its own or a KR's)."""
    index_of = {}
    for index, objective in enumerate(planned):
        if objective.ref:
            index_of[objective.ref] = index
            for kr in objective.key_results:
                if kr.ref:
                    index_of[kr.ref] = index
    return index_of


def outside_parents(planned: list[PlannedObjective], cycle: Cycle, actor: Membership) -> list[str]:
    """An "aligned to" that names no objective or key result of the file names one the
    organization has: looked up by title (any case) among the live objectives the importing
    person sees in the cycle or one containing it (a year's company objectives), or by number
    among all they see. One found is the parent (the import is refused at its cell if it may
    not be one); none, or several, and the objective is imported without alignment, said at
    its row so that the preview shows it before the person confirms: never dropped without a
    word."""
    index_of = ref_index(planned)
    outside = [o for o in planned if o.parent_label and o.parent_ref not in index_of]
    if not outside:
        return []
    seen = selectors.visible_objectives(actor).filter(
        cycle_id__in=selectors.enclosing_cycle_ids(cycle)
    )
    by_title: dict[str, list[int]] = {}
    for pk, title in seen.values_list("pk", "title"):
        by_title.setdefault(title.strip().casefold(), []).append(pk)
    found, kr_numbers = {}, {}
    for objective in outside:
        label = objective.parent_label.strip()
        pks = by_title.get(label.casefold(), [])
        if not pks and _NUMBER.match(label):
            pks = [int(label.lstrip("#"))]
        if not pks and (kr := _KEY_RESULT.match(label.replace(" ", ""))):
            # `#12.KR2`: the second key result of objective 12, as exports write a key result
            # of an objective outside the file (jsonformat.outside_refs).
            pks = [int(kr.group(1))]
            kr_numbers[id(objective)] = int(kr.group(2))
        found[id(objective)] = pks
    wanted = {pks[0] for pks in found.values() if len(pks) == 1}
    # A number names one objective exactly: found in any state and cycle, so that the import
    # refuses it at its cell for what it is (archived, a draft, of another cycle:
    # okrs.services.published_parents), as aligning to it in the form would.
    parents = selectors.visible_objectives(actor, include_archived=True).in_bulk(wanted)
    # The key results `#12.KR2` counts among: those each objective lists, as the export numbers
    # them (archived ones are not), read once for the file.
    named = {found[key][0] for key in kr_numbers if len(found[key]) == 1} & parents.keys()
    listed: dict[int, list[KeyResult]] = {pk: [] for pk in named}
    for kr in selectors.key_results_listed().filter(objective_id__in=named) if named else ():
        listed[kr.objective_id].append(kr)
    warnings = []
    for objective in outside:
        pks = found[id(objective)]
        objective.parent_ref = None  # not of this file: created in file order
        objective.parent_existing = parents.get(pks[0]) if len(pks) == 1 else None
        if objective.parent_existing is not None and id(objective) in kr_numbers:
            key_results = listed[objective.parent_existing.pk]
            number = kr_numbers[id(objective)]
            objective.parent_existing = (
                key_results[number - 1] if 0 < number <= len(key_results) else None
            )
        where = objective.parent_where().describe()
        if len(pks) > 1:
            warnings.append(
                ngettext(
                    "%(where)s: aligned to “%(parent)s”: %(count)s objective has that title; "
                    "it will be imported without alignment (align it after the import).",
                    "%(where)s: aligned to “%(parent)s”: %(count)s objectives have that title; "
                    "it will be imported without alignment (align it after the import).",
                    len(pks),
                )
                % {"where": where, "parent": objective.parent_label, "count": len(pks)}
            )
        elif objective.parent_existing is None:
            warnings.append(
                _(
                    "%(where)s: aligned to “%(parent)s”: no objective of this file, and none "
                    "you can see in this cycle or one containing it; it will be imported "
                    "without alignment."
                )
                % {"where": where, "parent": objective.parent_label}
            )
    return warnings


# An objective's number, as its page address shows it: 12 or #12.
_NUMBER = re.compile(r"^#?\d{1,18}$")
# A key result of an existing objective: #12.KR2.
_KEY_RESULT = re.compile(r"^#(\d{1,18})\.KR(\d{1,4})$", re.IGNORECASE)
