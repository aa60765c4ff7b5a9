"""The rows a reader can fail to see (team, private and draft objectives) in one partial
index, objective_hidden_kinds_idx, replacing objective_not_public_idx (its rows and drafts);
on PostgreSQL with every column the visibility condition reads (INCLUDE), so that a leader's
hidden objectives are tested off the index alone (insights.selectors.hidden_ids). SQLite has
no INCLUDE columns: there the index is the model's."""

from django.db import migrations, models

COVERED = (
    "CREATE INDEX objective_hidden_kinds_idx ON okrs_objective (organization_id, cycle_id,"
    " team_id) INCLUDE (owner_member_id, owner_team_id, id, visibility, state)"
    " WHERE NOT (visibility = 'public' AND NOT (state = 'draft'))"
)


def columns_in_the_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS objective_hidden_kinds_idx")
        schema_editor.execute(COVERED)


class Migration(migrations.Migration):
    dependencies = [
        ("okrs", "0029_long_text_limit_on_the_model"),
        ("orgs", "0004_reports_with_depth_covered"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="objective", name="objective_not_public_idx"),
        migrations.AddIndex(
            model_name="objective",
            index=models.Index(
                condition=models.Q(
                    ("visibility", "public"),
                    models.Q(("state", "draft"), _negated=True),
                    _negated=True,
                ),
                fields=["organization", "cycle", "team"],
                name="objective_hidden_kinds_idx",
            ),
        ),
        # Reversed, the index is dropped by the AddIndex's reversal whatever its columns.
        migrations.RunPython(columns_in_the_index, migrations.RunPython.noop),
    ]
