from django import forms
from django.utils.translation import gettext_lazy as _

from mubiao.okrs import limits
from mubiao.web.params import OneValueEachForm


class CodeForm(OneValueEachForm):
    code = limits.TextField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
