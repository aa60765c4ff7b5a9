"""`mubiao grade --org SLUG KEY_RESULT_ID SCORE [--note TEXT] [--as EMAIL]`.

Grades one key result as the grading form and the API do (services.grade_key_result, the same
rules: the cycle in grading, 0.0–1.0 with one decimal, a committed objective below 1.0 needs
its retrospective or the grading note, --note, of each key result that missed), so that a
script can grade what people send by mail or chat. A refusal is said in the acting person's
language, with nothing changed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mubiao.okrs import selectors, services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.wording import sentences
from mubiao.orgs.cli import SpeakingCommand, actor_for, speaking, whole_number


class Command(SpeakingCommand):
    help = "Grade a key result (0.0–1.0) while its cycle is in grading."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("key_result", type=whole_number, help="the key result's id")
        parser.add_argument(
            "score", help='0.0–1.0 with one decimal, e.g. 0.7; "" clears the score (not graded)'
        )
        parser.add_argument("--note", default="", help="why this grade")
        parser.add_argument("--as", dest="email", help="grade as this member (email)")

    def handle(self, *args, org, key_result, score, note, email, **options):
        actor = actor_for(org, email)
        with speaking(actor):
            try:
                kr = selectors.get_key_result(actor, key_result)
                graded = services.grade_key_result(actor, kr, score=score, note=note)
            except (KeyResult.DoesNotExist, PermissionDenied):
                raise CommandError(
                    _("No key result %(id)s that this member can grade in %(org)s.")
                    % {"id": key_result, "org": org}
                ) from None
            except ValidationError as error:
                raise CommandError(sentences(error.messages)) from None
        shown = f"{graded.score:.1f}" if graded.score is not None else _("not graded")
        self.stdout.write(_("%(title)s: %(score)s") % {"title": graded.title, "score": shown})
