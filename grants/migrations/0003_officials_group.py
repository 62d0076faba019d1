"""The "Ambtenaren" group: officials who handle applications in the Wagtail admin.

Editors (Wagtail's "Editors" and "Moderators" groups) get none of these permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Ambtenaren"

PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("grants", "application", "handle_application"),
    ("grants", "application", "view_application"),
    ("grants", "application", "change_application"),
    ("grants", "budgetline", "view_budgetline"),
    ("grants", "attachment", "view_attachment"),
    ("grants", "attachment", "add_attachment"),
    ("grants", "message", "view_message"),
    ("grants", "message", "add_message"),
    ("grants", "transitionlog", "view_transitionlog"),
    ("grants", "report", "view_report"),
    ("grants", "reportphoto", "view_reportphoto"),
]
for _model in ("fundingscheme", "village", "category"):
    for _action in ("view", "add", "change", "delete"):
        PERMISSIONS.append(("grants", _model, f"{_action}_{_model}"))


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so the group
    # can be filled on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0002_pages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
