"""Django's WSGI application, which sipref/asgi.py runs for hypercorn (and any WSGI server can run as it is)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sipref.settings")

application = get_wsgi_application()

from codes.search.current import HOLDER  # after the apps are loaded, above

# Each worker builds its search index as it starts (half a second), not in its first reader's search.
HOLDER.warm()
