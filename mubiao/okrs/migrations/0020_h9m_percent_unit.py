"""A percent or milestone key result stores its unit as "%" (the API stored "" where an import
stored "%" for the same key result): the rows written before are brought to the one form."""

from django.db import migrations


def percent_unit(apps, schema_editor):
    KeyResult = apps.get_model("okrs", "KeyResult")
    KeyResult.objects.filter(metric_type__in=("percent", "milestone")).exclude(unit="%").update(
        unit="%"
    )


class Migration(migrations.Migration):
    dependencies = [("okrs", "0019_h13i_objective_carried_from")]

    operations = [migrations.RunPython(percent_unit, migrations.RunPython.noop)]
