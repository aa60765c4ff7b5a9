"""`mubiao lint --org SLUG --cycle NAME [--team SLUG] [--as EMAIL] [--lang L] [--json]`:
the linter on stored OKRs, as the given person sees them (default: an admin)."""

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.okrs import quality, selectors
from mubiao.orgs.cli import SpeakingCommand, add_actor_arguments, resolve_actor, speaking


class Command(SpeakingCommand):
    help = "Check a cycle's stored OKRs against the OKR quality rules."

    def add_arguments(self, parser):
        add_actor_arguments(parser)
        parser.add_argument("--team", help="Only this team's and its sub-teams' objectives.")
        parser.add_argument("--lang", choices=["zh-hans", "en"], default=None)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        actor, cycle = resolve_actor(options)
        team = None
        if options["team"]:
            team = selectors.teams(actor).filter(slug=options["team"]).first()
            if team is None:
                with speaking(actor):
                    raise CommandError(
                        _("No team with the slug “%(slug)s”.") % {"slug": options["team"]}
                    )
        objectives = list(selectors.objective_list(actor, cycle=cycle, team_subtree=team))
        findings = quality.lint_stored(objectives, lang=options["lang"])
        if options["json"]:
            rows = [
                {"objective_id": f.objective.pk, "objective": f.objective.title,
                 **f.finding.to_dict()}
                for f in findings
            ]  # fmt: skip
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for f in findings:
                where = f"O#{f.objective.pk}"
                if f.finding.key_result:
                    where += f" KR{f.finding.key_result}"
                self.stdout.write(
                    f"{f.finding.severity:7} {f.finding.rule} {where} {f.objective.title}\n"
                    f"        {f.finding.message}\n        → {f.finding.suggestion}"
                )
            # Each count its own plural (“3 findings in 1 objective.”), in the run's language.
            self.stdout.write(
                _("%(findings)s in %(objectives)s.")
                % {
                    "findings": ngettext("%(count)s finding", "%(count)s findings", len(findings))
                    % {"count": len(findings)},
                    "objectives": ngettext(
                        "%(count)s objective", "%(count)s objectives", len(objectives)
                    )
                    % {"count": len(objectives)},
                }
            )
        if any(f.finding.severity == "error" for f in findings):
            raise SystemExit(1)
