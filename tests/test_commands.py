from io import StringIO

import pytest
from django.core.management import call_command

from codes.bundled import BUNDLED, FIXTURE_DIR
from codes.models import ResponseCode

pytestmark = pytest.mark.django_db


def test_loadcontent_fills_an_empty_database():
    ResponseCode.objects.all().delete()
    out = StringIO()
    call_command("loadcontent", stdout=out)
    assert ResponseCode.objects.count() == 78
    assert "Loaded the bundled content: 78 codes" in out.getvalue()


def test_loadcontent_leaves_existing_content_alone():
    ResponseCode.objects.filter(code=486).update(summary="Edited by an editor.")
    out = StringIO()
    call_command("loadcontent", stdout=out)
    assert ResponseCode.objects.get(code=486).summary == "Edited by an editor."
    assert "already holds 78 codes" in out.getvalue()


def test_exportcontent_writes_the_bundled_fixtures_back_unchanged(tmp_path):
    call_command("exportcontent", output=tmp_path, stdout=StringIO())
    for name, _ in BUNDLED:
        assert (tmp_path / f"{name}.json").read_text() == (FIXTURE_DIR / f"{name}.json").read_text(), name
