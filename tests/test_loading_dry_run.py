"""`loadcontent --update --dry-run` names only the rows an update would change, and writes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision

from codes.models import ContentVersion, ResponseCode

from .forms import form_data
from .test_line_endings import as_a_browser_sends_it

pytestmark = pytest.mark.django_db


def dry_run() -> tuple[list[str], list[str]]:
    """What the command printed, and the statements it sent that could write."""
    out = StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("loadcontent", "--update", "--dry-run", stdout=out)
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    return out.getvalue().splitlines(), writes


def test_on_the_bundled_content_a_dry_run_lists_nothing():
    lines, writes = dry_run()
    assert len(lines) == 1 and lines[0].startswith("Would add 0 new rows;")
    assert writes == []


def test_after_an_editors_save_a_dry_run_lists_that_one_row(client, editor):
    code = ResponseCode.objects.get(code=486)
    url = reverse("admin:codes_responsecode_change", args=[code.pk])
    data = as_a_browser_sends_it(form_data(client.get(url)))
    data["senders"] = [str(pk) for pk in code.senders.values_list("pk", flat=True)]
    client.post(url, {**data, "summary": "Edited by an editor."})
    before = list(ContentVersion.objects.values_list("token", "changed_at")), Revision.objects.count()
    lines, writes = dry_run()
    assert lines[1:] == ["Would take from the bundle (1 rows differ from the bundled fixtures):",
                         "  codes.ResponseCode 486: summary"]
    assert writes == []
    assert ResponseCode.objects.get(code=486).summary == "Edited by an editor."
    assert (list(ContentVersion.objects.values_list("token", "changed_at")), Revision.objects.count()) == before
