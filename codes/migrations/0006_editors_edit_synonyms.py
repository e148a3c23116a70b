"""Editors may extend the search engine's synonyms."""

from django.db import migrations

from ._permissions import grant


def grant_synonyms(apps, schema_editor):
    grant(apps, models=["searchsynonym"], actions=["add", "change", "delete", "view"])


class Migration(migrations.Migration):
    dependencies = [("codes", "0005_search_synonyms_content_version")]

    operations = [migrations.RunPython(grant_synonyms, migrations.RunPython.noop)]
