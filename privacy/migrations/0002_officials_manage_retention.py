"""Officials (the "Ambtenaren" group of grants' migration 0003) see the coming retention list
and may hold records; editors do not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Ambtenaren"


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="privacy", codename="manage_retention")
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(
        content_type__app_label="privacy", codename="manage_retention"
    ):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_retention"),
        ("grants", "0003_officials_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
