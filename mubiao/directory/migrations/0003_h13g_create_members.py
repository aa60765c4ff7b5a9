from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_h13f_sign_in_and_log_pruning"),
    ]

    operations = [
        migrations.AddField(
            model_name="directorysource",
            name="create_members",
            field=models.BooleanField(default=False, verbose_name="add unknown people as members"),
        ),
    ]
