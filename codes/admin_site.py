"""The admin site editors sign in to: its index groups what they work on, in the order they reach for it.

It lives outside the codes.admin package, which registers the models on it: Django builds `admin.site` from
this class on first use, and importing that package from here would register them on a site it then drops.

Rows that only join two others (a code's methods, a guide's codes, a cause's mappings, citations, aliases,
related codes) have no admin of their own: they are edited inline on the form they belong to."""

from django.contrib import admin
from django.urls import path

from .preview import markdown_preview

# (heading, models by class name): the index's groups, in order. Models not named here keep Django's grouping
# by app, after these (users, groups and sign-in attempts, which only administrators see).
GROUPS = (
    ("Codes", ("ResponseCode", "TroubleshootingNote")),
    ("Symptom guides", ("Symptom",)),
    ("Q.850 causes", ("Q850Cause",)),
    ("Warning codes", ("WarningCode",)),
    ("Sources", ("Source",)),
    ("Search synonyms", ("SearchSynonym",)),
    ("Lists the codes draw on", ("ResponseClass", "Method", "Sender")),
)
GROUPED_APP = "codes"


class EditorsAdminSite(admin.AdminSite):
    site_header = "sipref editors"
    site_title = "sipref admin"
    index_title = "Reference content"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        grouped = next((app for app in apps if app["app_label"] == GROUPED_APP), None)
        others = [app for app in apps if app is not grouped]
        return group(grouped) + others if grouped else others

    def get_urls(self):
        return [
            path("markdown-preview/", self.admin_view(markdown_preview), name="markdown_preview"),
            *super().get_urls(),
        ]


def group(app: dict) -> list[dict]:
    """The content app's models as the index's groups; any model no group names goes in the last."""
    models = {model["object_name"]: model for model in app["models"]}
    groups = []
    for heading, names in GROUPS:
        members = [models.pop(name) for name in names if name in models]
        if members:
            groups.append({**app, "name": heading, "app_url": members[0]["admin_url"], "models": members})
    if models and groups:
        groups[-1]["models"] += sorted(models.values(), key=lambda model: model["name"])
    return groups
