"""Two-factor sign-in: the authenticator app is django-otp's TOTPDevice; recovery codes are
ours, since django-otp keeps its static tokens in clear text."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecoveryCode(models.Model):
    """A one-time code for signing in without the authenticator app: only its SHA-256 digest
    is stored; the codes are shown once, when made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        indexes = [models.Index(fields=["user", "digest"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest[:8]}…"
