"""Titles and cycle names stored with line breaks, tabs or runs of spaces (through the API or an
import) put on one line, as every write now stores them (limits.one_line): the web's
single-line inputs dropped the breaks and joined the words on the next save."""

from django.db import migrations


def _one_line(text):
    # A copy of limits.one_line as it is today: a migration keeps its meaning if that changes.
    return " ".join((text or "").split())


def forwards(apps, schema_editor):
    for model in ("Objective", "KeyResult"):
        Model = apps.get_model("okrs", model)
        changed = []
        for row in Model.objects.only("pk", "title").iterator(chunk_size=2000):
            if (title := _one_line(row.title)) != row.title and title:
                row.title = title
                changed.append(row)
        Model.objects.bulk_update(changed, ["title"], batch_size=500)
    Cycle = apps.get_model("okrs", "Cycle")
    taken = set(Cycle.objects.values_list("organization_id", "name"))
    for cycle in Cycle.objects.only("pk", "organization_id", "name"):
        name = _one_line(cycle.name)
        # Two names that differ only in their spaces keep the second as it is (a unique name).
        if name and name != cycle.name and (cycle.organization_id, name) not in taken:
            taken.add((cycle.organization_id, name))
            Cycle.objects.filter(pk=cycle.pk).update(name=name)


class Migration(migrations.Migration):
    dependencies = [("okrs", "0024_h14m_last_check_in_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
