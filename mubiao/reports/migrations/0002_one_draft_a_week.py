from django.db import migrations, models


def merge_repeated_drafts(apps, schema_editor):
    """Drafts asked for twice for one week before there was one draft a week: the newest
    stays, holding below its own text that of the others someone edited (never lost); the
    unedited others were the week's check-ins written out again and go."""
    WeeklyReport = apps.get_model("reports", "WeeklyReport")
    kept = {}
    for draft in WeeklyReport.objects.filter(state="draft").order_by("-updated_at", "-id"):
        key = (draft.author_id, draft.team_id, draft.person_id, draft.week_start)
        if key not in kept:
            kept[key] = draft
            continue
        newest = kept[key]
        if draft.version > 1:
            newest.body = f"{newest.body}\n\n---\n\n{draft.body}"
            newest.save(update_fields=["body"])
        draft.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0002_closure_tables'),
        ('reports', '0001_h12g_weekly_reports'),
    ]

    operations = [
        migrations.RunPython(merge_repeated_drafts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='weeklyreport',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'draft'), ('team__isnull', False)), fields=('author', 'team', 'week_start'), name='weeklyreport_one_team_draft_a_week'),
        ),
        migrations.AddConstraint(
            model_name='weeklyreport',
            constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', False), ('state', 'draft')), fields=('person', 'week_start'), name='weeklyreport_one_own_draft_a_week'),
        ),
    ]
