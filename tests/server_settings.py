"""Settings for a site that a test serves as make run does: production's behaviour where the test looks (the page
cache, search indexes built in the background and frozen out of the garbage collector's passes, the content version held for a second, pages
moving to new content once per five seconds during steady editing), with the test settings'
static files, so that no collectstatic is needed."""

from .settings import *

PAGE_CACHE = True
SEARCH_INDEX_IN_BACKGROUND = True
SEARCH_INDEX_FROZEN = True
VERSION_SECONDS = 1.0
PAGE_VERSION_SPACING = 5.0
