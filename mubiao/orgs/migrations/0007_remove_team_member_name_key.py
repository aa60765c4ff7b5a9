"""The team memberships' own name keys (orgs.TeamMember.name_key, teammember_name_idx and the
triggers of orgs 0005) removed: h14x reads a team's people in name order off the subtree name
keys (orgs.TeamSubtreeMember, orgs 0006) and nothing read them since.

The triggers first (SQLite refuses to drop a column a trigger names), then the index, then the
column (SQLite drops it in place: the table's other triggers stay). Reversed, SQLite remakes
orgs_teammember to add the column back, which drops its triggers and cannot rename the new
table while the subtree keys' triggers on other tables name it: those are dropped before it,
and they and the team member freshness ones (insights 0018) are installed again after it."""

from importlib import import_module

from django.db import migrations, models

from mubiao.insights import snapshots
from mubiao.orgs import subtree_keys

name_keys = import_module("mubiao.orgs.migrations.0005_team_member_name_key")


def drop(apps, schema_editor):
    name_keys.drop_triggers(schema_editor.connection)


def install(apps, schema_editor):
    name_keys.install_triggers(schema_editor.connection)


def subtree_triggers_off(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        subtree_keys.drop_triggers(schema_editor.connection)


def team_member_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        snapshots.install_member_triggers(schema_editor.connection)
        subtree_keys.install_triggers(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0006_team_subtree_member'),
    ]

    operations = [
        # Reversed last: after AddField has remade the table (SQLite).
        migrations.RunPython(migrations.RunPython.noop, team_member_triggers_again),
        migrations.RunPython(drop, install),
        migrations.RemoveIndex(
            model_name='teammember',
            name='teammember_name_idx',
        ),
        migrations.RemoveField(
            model_name='teammember',
            name='name_key',
        ),
        # Reversed first: before AddField remakes the table (SQLite).
        migrations.RunPython(migrations.RunPython.noop, subtree_triggers_off),
    ]
