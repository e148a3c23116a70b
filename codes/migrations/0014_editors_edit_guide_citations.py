"""Editors may cite the sources behind symptom guides."""

from django.db import migrations

from ._permissions import grant


def grant_guide_citations(apps, schema_editor):
    grant(apps, models=["symptomcitation"], actions=["add", "change", "delete", "view"])


class Migration(migrations.Migration):
    dependencies = [("codes", "0013_examples_and_guide_citations")]

    operations = [migrations.RunPython(grant_guide_citations, migrations.RunPython.noop)]
