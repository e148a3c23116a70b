from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CodesConfig(AppConfig):
    name = "codes"
    verbose_name = "SIP reference content"

    def ready(self):
        from . import signals

        signals.connect()


class EditorsAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the editors' site (codes/admin_site.py) as `admin.site`."""

    default = False  # named in INSTALLED_APPS; "codes" itself stays CodesConfig

    default_site = "codes.admin_site.EditorsAdminSite"
