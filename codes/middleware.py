from django.conf import settings


class PermissionsPolicyMiddleware:
    """Tells browsers the site needs no camera, microphone, location or other powerful feature."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


EDITOR_COOKIE = "sipref_editor"


class EditorCookieMiddleware:
    """Tells the browser of a signed-in editor so, in a cookie scripts can read, for the public pages to show
    their Edit links: those pages never look at the session, so one cached copy serves everyone.

    Only the admin's responses set or clear it; the cookie grants nothing (the admin checks the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            return response
        editor = request.user.is_authenticated and request.user.is_staff
        if editor and request.COOKIES.get(EDITOR_COOKIE) != "1":
            response.set_cookie(EDITOR_COOKIE, "1", secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
                                max_age=settings.SESSION_COOKIE_AGE)
        elif not editor and EDITOR_COOKIE in request.COOKIES:
            response.delete_cookie(EDITOR_COOKIE, samesite="Lax")
        return response
