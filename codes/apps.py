from django.apps import AppConfig


class CodesConfig(AppConfig):
    name = "codes"
    verbose_name = "SIP reference content"

    def ready(self):
        from . import signals

        signals.connect()
