"""Editing forms that never save over a change someone else made in the meantime, and store text as the
editor typed it, with LF line ends whatever the browser sent."""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict

STALE = (
    "Someone else saved a change to this after you opened it, so yours was not saved. "
    "Copy your edits, reload the page to see theirs, and apply yours again."
)


def with_lf(data: QueryDict) -> QueryDict:
    """The submitted form with CRLF (as browsers send a textarea) and lone CR line ends made LF."""
    if not any("\r" in value for _, values in data.lists() for value in values):
        return data
    normalised = data.copy()
    for name, values in normalised.lists():
        normalised.setlist(name, [value.replace("\r\n", "\n").replace("\r", "\n") for value in values])
    return normalised


def state_of(instance: models.Model) -> str:
    """A fingerprint of a row's stored values."""
    values = [field.value_to_string(instance) for field in instance._meta.concrete_fields]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


class GuardedModelForm(forms.ModelForm):
    """Carries the fingerprint of the row as it was when the form was opened, and checks it on save."""

    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Text resent unchanged then compares equal to what is stored, so it is not saved or logged as changed.
        if self.is_bound and isinstance(self.data, QueryDict):
            self.data = with_lf(self.data)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                # Kept as typed: stripping would drop an example message's final line end on every save.
                field.strip = False
        if self.instance.pk:
            self.fields["loaded_state"].initial = state_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea) and field.required and not str(cleaned.get(name, "x")).strip():
                self.add_error(name, ValidationError(field.error_messages["required"], code="required"))
        loaded = cleaned.get("loaded_state")
        # self.instance was read from the database for this save, so it holds what is stored now.
        if self.instance.pk and loaded and loaded != state_of(self.instance):
            raise ValidationError(STALE, code="stale")
        return cleaned
