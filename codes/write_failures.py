"""When the database cannot be written (a read-only file, a full disk), an editor's save ends on a page
that says the edit was not saved and why, instead of the generic server error."""

import logging
from http import HTTPStatus

from django.db import DatabaseError, IntegrityError
from django.template.response import TemplateResponse
from django.urls import reverse

logger = logging.getLogger(__name__)

# Words in the database's error message, and what they mean for an editor (SQLite's and PostgreSQL's).
REASONS = (
    (
        ("readonly", "read-only", "read only"),
        (
            "The database is read-only just now: the server may not write to its file, "
            "or it is in a read-only mode (for example during maintenance)."
        ),
    ),
    (("disk is full", "no space left", "disk full"), "The disk that holds the database is full."),
    (("locked", "busy", "lock timeout"), "Another save kept the database busy for too long."),
)
UNKNOWN = "The database refused to store the change."

# Form fields that carry no text of the editor's (tokens, the stale-edit guard, formset bookkeeping).
NOT_TEXT = ("csrfmiddlewaretoken", "loaded_state", "-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS",
            "-MAX_NUM_FORMS", "_save", "_continue", "_addanother", "_saveasnew")


def reason_for(error: DatabaseError) -> str:
    message = str(error).lower()
    for words, reason in REASONS:
        if any(word in message for word in words):
            return reason
    return UNKNOWN


def submitted_text(post) -> list[tuple[str, str]]:
    """The non-empty text the editor sent, field by field, so that none of it is lost."""
    return [
        (name, value)
        for name, values in post.lists()
        if not name.endswith(NOT_TEXT)
        for value in values
        if value.strip() and len(value) > 3
    ]


class WriteFailureMixin:
    """Catches a failed write in any admin view that saves, after its transaction has been rolled back."""

    write_failure_template = "admin/write_failed.html"

    def write_failed(self, request, error: DatabaseError):
        logger.error("An editor's save was refused by the database: %s", error)
        context = {
            **self.admin_site.each_context(request),
            "title": "Your edit was not saved",
            "reason": reason_for(error),
            "detail": str(error),
            "submitted": submitted_text(request.POST),
            "resubmit": [(name, value) for name, values in request.POST.lists() for value in values],
            "opts": self.opts,
        }
        return TemplateResponse(request, self.write_failure_template, context, status=HTTPStatus.SERVICE_UNAVAILABLE)

    def _unless_write_fails(self, view, request, *args, **kwargs):
        # Only the outermost view catches: reverting runs the change form inside its own transaction.
        if request.method != "POST" or getattr(request, "_sipref_write_guarded", False):
            return view(request, *args, **kwargs)
        request._sipref_write_guarded = True
        try:
            # The view's own transaction has been rolled back by the time the error gets here.
            return view(request, *args, **kwargs)
        except IntegrityError:
            raise  # a rule the forms missed is a bug to see, not the database being unwritable
        except DatabaseError as error:
            return self.write_failed(request, error)

    # The views the admin's URLs lead to, each outside the transaction its save runs in.
    def add_view(self, request, *args, **kwargs):
        return self._unless_write_fails(super().add_view, request, *args, **kwargs)

    def change_view(self, request, *args, **kwargs):
        return self._unless_write_fails(super().change_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._unless_write_fails(super().delete_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._unless_write_fails(super().changelist_view, request, *args, **kwargs)

    def revision_view(self, request, *args, **kwargs):
        return self._unless_write_fails(super().revision_view, request, *args, **kwargs)

    def recover_view(self, request, *args, **kwargs):
        return self._unless_write_fails(super().recover_view, request, *args, **kwargs)


class SignInWriteFailureMiddleware:
    """Signing in writes (the session, the failed-attempt count), so on an unwritable database the admin's
    sign-in says why it failed instead of showing the generic server error. It never echoes the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not isinstance(exception, DatabaseError) or isinstance(exception, IntegrityError):
            return None
        if request.path != reverse("admin:login"):
            return None
        logger.error("A sign-in was refused by the database: %s", exception)
        context = {"title": "You were not signed in", "reason": reason_for(exception), "sign_in": True}
        return TemplateResponse(request, "admin/write_failed.html", context, status=HTTPStatus.SERVICE_UNAVAILABLE)
