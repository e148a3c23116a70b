"""WSGI entry point: `gunicorn sipref.wsgi`."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sipref.settings")

application = get_wsgi_application()
