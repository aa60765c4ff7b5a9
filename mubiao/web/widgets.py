"""Widgets whose rendered value must not follow the reader's locale."""

from django import forms


class DateInput(forms.DateInput):
    """`<input type="date">` with its value in ISO 8601 (2026-12-31) whatever the language.

    Browsers accept only that form in a date field (HTML Living Standard, "valid date string")
    and show it in the reader's own format; Django's DateInput writes the locale's first input
    format instead (zh-hans: 2026/12/31), which Chromium shows as an empty field — saving the
    form then cleared the date the person never touched (issue 9 prober finding).
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TeamSelect(forms.Select):
    """A team picker (capped at orgs.selectors.MAX_TEAM_OPTIONS teams) with a search box above
    it: what is typed asks the `team_options` view (htmx) for the matching teams, put at the top
    of the list in their own group, so a team past the cap can be picked (h14t). Without
    JavaScript the list alone is shown, the current value kept. `kind`: what an option's value
    is, "id", "slug" or "owner" (`team:<id>`, the objective form's owner)."""

    template_name = "web/widgets/team_select.html"

    def __init__(self, attrs=None, choices=(), kind: str = "id"):
        super().__init__(attrs, choices)
        self.kind = kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kind"] = self.kind
        return context


class TeamSelectMultiple(TeamSelect, forms.SelectMultiple):
    """TeamSelect's many-valued form: a pick from the search stays picked by a later search."""
