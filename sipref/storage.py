"""Static files as whitenoise stores them, with each file's hashed URL worked out once per process."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The manifest is read once when the process starts and does not change under it, so neither does the URL
    a name maps to. Worked out afresh, the five `{% static %}` URLs of the layout took a quarter of its rendering
    time (bench/code_page_cost.py, "base layout alone")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        if (found := self._urls.get(name)) is None:
            found = self._urls[name] = super().url(name)
        return found
