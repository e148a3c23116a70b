"""WSGI entry point: `hypercorn --config file:sipref/serving.py sipref.wsgi:application`."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sipref.settings")

application = get_wsgi_application()
