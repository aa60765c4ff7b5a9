"""OKR templates: built-in ones shipped with Mubiao and each organization's own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mubiao.orgs.models import Membership, Organization


class Template(models.Model):
    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "中文"
        EN = "en", "English"

    # Null for a built-in template, visible to every organization.
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="templates"
    )
    key = models.SlugField(max_length=80, blank=True)
    role = models.CharField(_("role"), max_length=100)
    department = models.CharField(_("department"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language)
    title = models.CharField(_("objective"), max_length=500)
    body = models.TextField(_("OKR text"))
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # Words of role, title and body, lower-cased and (for Chinese) segmented, for search.
    search_text = models.TextField(blank=True)
    # Seen only by its author: saved from an objective the author may see but not edit, whose
    # content must not reach the rest of the organization (DESIGN.md §4 Visibility details).
    is_private = models.BooleanField(_("only visible to its author"), default=False)
    created_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("template")
        verbose_name_plural = _("templates")
        ordering = ["role", "language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"],
                condition=models.Q(organization__isnull=True),
                name="template_builtin_unique_key",
            ),
        ]
        indexes = [models.Index(fields=["organization", "language", "role"])]

    def __str__(self) -> str:
        return f"{self.role}: {self.title}"

    @property
    def is_builtin(self) -> bool:
        return self.organization_id is None
