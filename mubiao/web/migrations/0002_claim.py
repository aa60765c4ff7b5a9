from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="AppliedPreview", new_name="Claim"),
        migrations.AddField(
            model_name="claim",
            name="result",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
    ]
