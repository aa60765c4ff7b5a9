"""What the web pages keep beyond a session: the previews already applied (web.uploads) and
the create forms already sent (web.create_once)."""

from django.db import models


class AppliedPreview(models.Model):
    """One confirmed preview, claimed by its nonce before it is applied: the unique index makes
    a second confirmation of the same preview (two tabs, a double submit from a script, sent
    at the same moment) fail instead of importing the file twice, which the session alone
    cannot tell, as both requests read it before either writes it back. A create form's
    one-time token is claimed the same way (web.create_once)."""

    nonce = models.CharField(max_length=32, unique=True)
    claimed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"preview {self.nonce[:8]}… applied at {self.claimed_at:%Y-%m-%d %H:%M}"
