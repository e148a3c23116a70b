"""The editors' start page: what needs work, linked straight to the forms that fix it."""

import logging

from django.contrib import admin
from django.views.generic import TemplateView

from . import unfound
from .lists import sections

logger = logging.getLogger(__name__)


class WorkspaceView(TemplateView):
    template_name = "admin/workspace.html"

    def get(self, request, *args, **kwargs):
        try:
            unfound.flush()  # this process's counts; other workers' arrive within UNFOUND_FLUSH_SECONDS
        except Exception:
            logger.exception("Could not store searches that found nothing")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        found = sections()
        return super().get_context_data(
            **admin.site.each_context(self.request),
            title="What needs work",
            sections=found,
            all_well=not any(section.rows for section in found),
            **kwargs,
        )


# The admin's own sign-in and staff check, and never cached.
workspace = admin.site.admin_view(WorkspaceView.as_view())
