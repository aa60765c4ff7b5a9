"""Forms of the template and import pages: they parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mubiao.okrs import limits
from mubiao.okrs.transfer.errors import PASTED
from mubiao.okrs.transfer.importer import MAX_BYTES
from mubiao.playbook.models import Template
from mubiao.web.params import OneValueEachForm

# A template is one objective with its key results: a page of text; its tags, a line of them.
TEMPLATE_TEXT = 10_000
TAGS_TEXT = 500


class TemplateForm(OneValueEachForm):
    role = limits.TextField(label=_("Role"), max_length=100)
    department = limits.TextField(label=_("Department"), max_length=100, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Template.Language.choices)
    tags = limits.TextField(
        label=_("Tags"),
        required=False,
        max_length=TAGS_TEXT,
        help_text=_("Separated by commas, e.g. sales, renewal"),
    )
    text = limits.TextField(
        label=_("OKR text"),
        max_length=TEMPLATE_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One line “O: …” for the objective, then one line per key result: “KR1: …”, “KR2: …”."
        ),
    )


class TemplateSearchForm(OneValueEachForm):
    q = limits.TextField(label=_("Search"), required=False, max_length=200)
    role = limits.TextField(label=_("Role"), required=False, max_length=100)
    department = limits.TextField(label=_("Department"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *Template.Language.choices],
    )
    scope = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[
            ("all", _("All templates")),
            ("builtin", _("Built-in")),
            ("organization", _("Our organization's")),
        ],
    )


class ImportForm(OneValueEachForm):
    cycle = forms.ChoiceField(label=_("Cycle"))
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "Text or Markdown (.md, .txt), Excel (.xlsx), CSV (.csv) or a Mubiao export (.json)."
        ),
    )
    # Plain text as pasted: the import names a control character with its line and column
    # (transfer.decoding), which a field-wide refusal could not.
    text = limits.TextField(
        label=_("…or paste OKR text"),
        required=False,
        pasted=True,
        max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def __init__(self, *args, cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [(c.pk, c.shown_name) for c in cycles]

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Choose a file or paste some text."))
        if upload and upload.size > MAX_BYTES:
            self.add_error(
                "file",
                _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // 1024 // 1024},
            )
        return data

    def payload(self) -> tuple[str, bytes]:
        """(file name, content) of the upload, or of the pasted text."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.name, upload.read()
        return PASTED, self.cleaned_data["text"].encode()
