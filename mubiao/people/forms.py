from django import forms
from django.utils.translation import gettext_lazy as _

from mubiao.okrs.transfer.importer import MAX_BYTES
from mubiao.web.params import OneValueEachForm


class PeopleImportForm(OneValueEachForm):
    file = forms.FileField(
        label=_("File"),
        # The import refuses an empty file naming it (transfer.tabular.empty_file), as the CLI
        # does; Django's own refusal would not say which file.
        allow_empty_file=True,
        help_text=_(
            "Excel (.xlsx) or CSV (.csv) with the columns name, email, team, leads, manager, "
            "role, title, time zone, language, status (or 姓名, 邮箱, 团队, 负责的团队, 上级邮箱, "
            "角色, 职位, 时区, 语言, 状态). A people export has them all."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // 1024 // 1024}
            )
        return upload
