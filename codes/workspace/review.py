"""Codes due for review: neither changed nor marked reviewed for a year.

"Changed" is measured as the code's public page measures it (codes/code_page.py, "last changed"): the
latest version in the edit history of the code or of a row its page is made of (a note, a citation, an
alias, a method's meaning, a related code), whether an editor saved it or a load of the bundled content
added or updated it. Here it is worked out for every code at once, in a query per kind of row."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from reversion.models import Version

from ..models import Alias, Citation, CodeMethod, RelatedCode, ResponseCode, TroubleshootingNote

REVIEW_EVERY = timedelta(days=365)
# The rows a code's page is made of, besides the code itself, each pointing to its code by `code`.
PAGE_ROWS = (TroubleshootingNote, Citation, Alias, CodeMethod, RelatedCode)


@dataclass(frozen=True)
class Due:
    code: ResponseCode
    changed: date | None  # the last change the history holds, if any
    reviewed: date | None


def last_changes() -> dict[int, datetime]:
    """When each code (by id) or a row of its page was last saved, for the codes the history knows."""
    latest: dict[int, datetime] = {}
    for model in (ResponseCode, *PAGE_ROWS):
        owners = None if model is ResponseCode else dict(model.objects.values_list("pk", "code_id"))
        versions = (
            Version.objects.filter(content_type=ContentType.objects.get_for_model(model))
            .values("object_id")
            .annotate(at=Max("revision__date_created"))
        )
        for row in versions:
            pk = int(row["object_id"])
            code = pk if owners is None else owners.get(pk)  # None: the row has since been deleted
            if code is not None and (code not in latest or row["at"] > latest[code]):
                latest[code] = row["at"]
    return latest


def due_for_review(*, today: date | None = None) -> list[Due]:
    today = today or timezone.localdate()
    changes = last_changes()
    due = []
    for code in ResponseCode.objects.order_by("code"):
        changed = timezone.localdate(changes[code.pk]) if code.pk in changes else None
        latest = max((d for d in (changed, code.reviewed_on) if d), default=None)
        if latest is None or today - latest >= REVIEW_EVERY:
            due.append(Due(code, changed, code.reviewed_on))
    return due
