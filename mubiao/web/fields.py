"""Form fields that read what people type as every other path reads it."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from mubiao.okrs.transfer.columns import CellError, a_date
from mubiao.web.widgets import DateInput


class TypedDateField(forms.DateField):
    """A date read by the imports' one date reader (okrs.transfer.columns.a_date): `12月31日`,
    `2027年3月31日`, `3/31`, 元旦, `2027-3-31` and full-width digits mean here what they mean in
    a CSV cell or a line of text, the year taken from the cycle `within` (first, last day) when
    none is written; anything else is refused quoting what was typed and saying why ("2027-02
    has 28 days"). Django's DateField read only its locale's formats and answered "Enter a
    valid date." — a browser without a date picker, or a script, could type `12月31日`."""

    widget = DateInput

    def __init__(self, *args, **kwargs):
        self.within: tuple[date, date] | None = None
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return a_date(str(value), self.within)
        except CellError as error:
            raise ValidationError(str(error), code="invalid") from None
