"""What a directory sync changes, in words: the kinds of change and their fields, a change
as the preview and the sync log show it, a run's result and its one-line summary."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mubiao.directory import vendors
from mubiao.orgs import departures

KINDS = (
    "team.create",
    "team.update",
    "team.archive",
    "person.create",
    "person.update",
    "person.deactivate",
    "person.skip",
)


def kind_labels() -> dict[str, str]:
    """What each change is called in the preview and the log, in the active language."""
    return {
        "team.create": _("New team"),
        "team.update": _("Team changed"),
        "team.archive": _("Team archived"),
        "person.create": _("New member"),
        "person.update": _("Member changed"),
        "person.deactivate": _("Deactivated"),
        "person.skip": _("Not added"),
    }


def field_labels() -> dict[str, str]:
    return {
        "name": _("name"),
        "person_name": pgettext("person", "name"),
        "parent": _("parent team"),
        "restored": _("restored"),
        "title": _("job title"),
        "email": _("e-mail address"),
        "status": _("status"),
        "manager": _("manager"),
        "teams": _("teams"),
        "lead": _("lead"),
        "leads": _("leads"),
    }


def value_words() -> dict[str, str]:
    """The words of the states a change goes between (stored as these keys)."""
    return {
        "active": pgettext("state", "active"),
        "invited": pgettext("state", "invited"),
        "deactivated": pgettext("state", "deactivated"),
        "archived": pgettext("state", "archived"),
    }


@dataclass
class Change:
    kind: str
    subject: str  # a team's path or a person's name and e-mail
    fields: list[str] = field(default_factory=list)  # what changed (field_labels keys)
    values: dict = field(default_factory=dict)  # field key → [before, after]
    effects: list = field(default_factory=list)  # [[effect key, {params}], …]

    def as_row(self) -> list:
        return [self.kind, self.subject, self.fields, self.values, self.effects]

    @property
    def details(self) -> list[str]:
        """Each changed field as `label: before → after`, then what else happens, in the
        active language."""
        labels, words = field_labels(), value_words()
        shown = []
        for key in self.fields:
            if key in self.values:
                before, after = (words.get(v, v) or "—" for v in self.values[key])
                shown.append(f"{labels.get(key, key)}: {before} → {after}")
            else:
                shown.append(labels.get(key, key))
        return shown + [departures.effect_text(key, params) for key, params in self.effects]


@dataclass
class SyncResult:
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    problems: list[vendors.Note] = field(default_factory=list)
    held: str = ""  # why applying it needs an admin's confirmation (a preview's warning)
    confirmation: str = ""  # what confirms exactly these departures (rules.departures_code)
    # A confirmation came with no departure left to confirm (a replayed code, the second of two
    # admins): the sync ran as it would unconfirmed, and says so (vendors.Note).
    nothing_to_confirm: vendors.Note | None = None

    def count(self, *kinds: str) -> int:
        return sum(change.kind in kinds for change in self.changes)

    @property
    def summary(self) -> str:
        return summary_of(self.changes)


def summary_of(changes) -> str:
    """`3 teams added or changed, 1 archived; 2 people added, 4 changed, 1 deactivated.` in
    the active language, from a run's changes (Change, or the sync log's rows)."""
    kinds = [change.kind if isinstance(change, Change) else change[0] for change in changes]
    teams = kinds.count("team.create") + kinds.count("team.update")
    archived = kinds.count("team.archive")
    added = kinds.count("person.create")
    changed = kinds.count("person.update")
    gone = kinds.count("person.deactivate")
    return _("%(teams)s, %(archived)s; %(added)s, %(changed)s, %(gone)s.") % {
        "teams": ngettext(
            "%(count)s team added or changed", "%(count)s teams added or changed", teams
        )
        % {"count": teams},
        "archived": ngettext("%(count)s archived", "%(count)s archived", archived)
        % {"count": archived},
        "added": ngettext("%(count)s person added", "%(count)s people added", added)
        % {"count": added},
        "changed": ngettext("%(count)s changed", "%(count)s changed", changed) % {"count": changed},
        "gone": ngettext("%(count)s deactivated", "%(count)s deactivated", gone) % {"count": gone},
    }
