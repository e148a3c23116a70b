"""The content that ships with sipref: one fixture file per model under fixtures/, in load order."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
# Referenced rows come before the rows that refer to them.
BUNDLED = [
    ("classes", "codes.ResponseClass"),
    ("methods", "codes.Method"),
    ("senders", "codes.Sender"),
    ("sources", "codes.Source"),
    ("codes", "codes.ResponseCode"),
    ("code_methods", "codes.CodeMethod"),
    ("citations", "codes.Citation"),
    ("aliases", "codes.Alias"),
    ("notes", "codes.TroubleshootingNote"),
    ("related", "codes.RelatedCode"),
    ("symptoms", "codes.Symptom"),
    ("symptom_codes", "codes.SymptomCode"),
    ("symptom_citations", "codes.SymptomCitation"),
    ("q850_causes", "codes.Q850Cause"),
    ("q850_mappings", "codes.Q850Mapping"),
    ("warnings", "codes.WarningCode"),
    ("synonyms", "codes.SearchSynonym"),
]


def fixture_paths(directory: Path = FIXTURE_DIR) -> list[Path]:
    return [directory / f"{name}.json" for name, _ in BUNDLED]


def export_json(label: str) -> str:
    """One model's rows as fixture JSON, ordered by natural key so that diffs stay small."""
    model = apps.get_model(label)
    rows = model._default_manager.order_by(*model.natural_key_lookups)
    text = serializers.serialize(
        "json", rows, indent=2, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    return text + "\n"
