from django.db import migrations, models


def names_of_pending_invitations(apps, schema_editor):
    """A pending invitation's name is the account's when the account is this invitation's
    alone (it was made with the name typed); an account that belongs to other organizations
    too keeps its name from them: the invitation shows the address instead."""
    Invitation = apps.get_model("accounts", "Invitation")
    Membership = apps.get_model("orgs", "Membership")
    pending = Invitation.objects.filter(accepted_at__isnull=True).select_related("membership__user")
    for invitation in pending.iterator():
        user = invitation.membership.user
        if user.name and not Membership.objects.filter(user=user).exclude(
            pk=invitation.membership_id
        ).exists():
            invitation.name = user.name
            invitation.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_h13f_people_without_email"),
        ("orgs", "0002_closure_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="name",
            field=models.CharField(blank=True, max_length=150, verbose_name="name"),
        ),
        migrations.RunPython(names_of_pending_invitations, migrations.RunPython.noop),
    ]
