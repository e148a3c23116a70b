from io import StringIO

import pytest
from django.core.management import call_command

from codes.bundled import BUNDLED, FIXTURE_DIR

pytestmark = pytest.mark.django_db


def test_exportcontent_writes_the_bundled_fixtures_back_unchanged(tmp_path):
    call_command("exportcontent", output=tmp_path, stdout=StringIO())
    for name, _ in BUNDLED:
        assert (tmp_path / f"{name}.json").read_text() == (FIXTURE_DIR / f"{name}.json").read_text(), name


def test_createeditor_makes_a_staff_account_in_the_editors_group(monkeypatch):
    from django.contrib.auth.models import User

    passwords = iter(["short", "short", "a-sound-pass-phrase-42", "a-sound-pass-phrase-42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))
    err = StringIO()
    call_command("createeditor", username="dana", stdout=StringIO(), stderr=err)
    user = User.objects.get(username="dana")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.check_password("a-sound-pass-phrase-42")
    assert "too short" in err.getvalue()  # the weak password was refused first
