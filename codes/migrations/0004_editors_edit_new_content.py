"""Editors may edit the symptom guides, Q.850 mappings and warning codes too."""

from django.db import migrations

from ._permissions import grant


def grant_new_content(apps, schema_editor):
    grant(apps, models=["symptom", "q850cause", "warningcode"], actions=["add", "change", "view"])
    grant(apps, models=["symptomcode", "q850mapping"], actions=["add", "change", "delete", "view"])


class Migration(migrations.Migration):
    dependencies = [("codes", "0003_symptoms_q850_warnings")]

    operations = [migrations.RunPython(grant_new_content, migrations.RunPython.noop)]
