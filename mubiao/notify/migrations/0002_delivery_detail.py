from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="detail",
            field=models.TextField(blank=True),
        ),
    ]
