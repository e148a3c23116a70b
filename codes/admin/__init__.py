"""The editors' admin (django.contrib.admin autodiscovers this package): the shared base of every form
(base.py), the code's form and the notes (codes.py), and everything else editors work on (content.py). The site
itself, which groups them on the index, is codes/admin_site.py."""

from . import codes, content  # noqa: F401  (registering the admins is importing them)
