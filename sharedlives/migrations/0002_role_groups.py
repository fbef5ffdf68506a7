"""Create the four role groups and the scheme's policy row with Hampshire's defaults.

Permissions are attached to the groups after every migrate (sharedlives.roles.sync_role_permissions),
because a later app's permissions only exist once that app has migrated.
"""

from django.db import migrations

ROLES = ["Referrals officer", "Shared Lives officer", "Management team", "Finance admin"]


def create_roles_and_policy(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    SchemePolicy = apps.get_model("sharedlives", "SchemePolicy")
    if not SchemePolicy.objects.exists():
        SchemePolicy.objects.create(scheme_name="Shared Lives scheme")


class Migration(migrations.Migration):
    dependencies = [
        ("sharedlives", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles_and_policy, migrations.RunPython.noop)]
