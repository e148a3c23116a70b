"""Shared by the data migrations that grant the Editors group its permissions."""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"


def grant(apps, *, models: list[str], actions: list[str]) -> None:
    """Give the Editors group `actions` (add, change, delete, view) on `models` of the codes app."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    codenames = [f"{action}_{model}" for model in models for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="codes", codename__in=codenames))
