"""Editing forms that never save over a change someone else made in the meantime."""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

STALE = (
    "Someone else saved a change to this after you opened it, so yours was not saved. "
    "Copy your edits, reload the page to see theirs, and apply yours again."
)


def state_of(instance: models.Model) -> str:
    """A fingerprint of a row's stored values."""
    values = [field.value_to_string(instance) for field in instance._meta.concrete_fields]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


class GuardedModelForm(forms.ModelForm):
    """Carries the fingerprint of the row as it was when the form was opened, and checks it on save."""

    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_state"].initial = state_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_state")
        # self.instance was read from the database for this save, so it holds what is stored now.
        if self.instance.pk and loaded and loaded != state_of(self.instance):
            raise ValidationError(STALE, code="stale")
        return cleaned
