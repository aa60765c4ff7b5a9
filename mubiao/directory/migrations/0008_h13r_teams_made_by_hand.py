from django.db import migrations, models


def hand_made_teams(apps, schema_editor):
    """A linked team the sync did not create (no "team.created" entry a sync logged for it) was
    matched by name to a team made by hand: it is left alone from now on."""
    LinkedTeam = apps.get_model("directory", "LinkedTeam")
    Activity = apps.get_model("okrs", "Activity")
    team_ids = list(LinkedTeam.objects.values_list("team_id", flat=True))
    made = {
        target_id
        for target_id, data in Activity.objects.filter(
            verb="team.created", target_type="team", target_id__in=team_ids
        ).values_list("target_id", "data")
        if "directory" in (data or {})
    }
    LinkedTeam.objects.exclude(team_id__in=made).update(made_by_sync=False)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_h13p_retried_runs"),
        ("okrs", "0024_h14m_last_check_in_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="linkedteam",
            name="made_by_sync",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(hand_made_teams, migrations.RunPython.noop),
    ]
