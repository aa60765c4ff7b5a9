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
