"""What the web pages keep beyond a session: the one-time tokens already used (web.once)."""

from django.db import models


class Claim(models.Model):
    """One confirmed preview (web.uploads) or one sent create form (web.once), claimed by its
    nonce before it is applied: the unique index makes a second sending of the same form (two
    tabs, a double click, a script, sent at the same moment) fail instead of importing the file
    or creating the objective twice, which the session alone cannot tell, as both requests read
    it before either writes it back."""

    nonce = models.CharField(max_length=32, unique=True)
    claimed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Where the first sending's result is shown (a create form's new page), for the second.
    result = models.CharField(max_length=300, blank=True, default="")

    def __str__(self) -> str:
        return f"token {self.nonce[:8]}… used at {self.claimed_at:%Y-%m-%d %H:%M}"
