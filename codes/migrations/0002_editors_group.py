"""The Editors group: may add and change content, may not manage users or groups."""

from django.db import migrations

from ._permissions import EDITORS, grant

CONTENT = ["responseclass", "responsecode", "source", "method", "sender"]
PARTS_OF_A_CODE = ["citation", "alias", "troubleshootingnote", "relatedcode", "codemethod"]


def create_editors(apps, schema_editor):
    grant(apps, models=CONTENT, actions=["add", "change", "view"])
    grant(apps, models=PARTS_OF_A_CODE, actions=["add", "change", "delete", "view"])


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("codes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
