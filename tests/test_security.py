"""Hardened by default: headers, cookies, deploy checks, sign-in throttling, editors' limits."""

import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
HTTPS = {"SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31_536_000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
         "SECURE_HSTS_PRELOAD": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True}


@pytest.mark.parametrize("url", ["/", "/codes/486/", "/api/codes/486/", "/search/?q=busy", "/codes/499/", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, url):
    with override_settings(**HTTPS):
        response = client.get(url, secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_plain_http_is_redirected_to_https(client):
    with override_settings(**HTTPS):
        response = client.get("/codes/486/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY and response["Location"].startswith("https://")


def test_cookies_are_secure_and_http_only(client):
    with override_settings(**HTTPS):
        response = client.get("/admin/login/", secure=True)
        csrf = response.cookies["csrftoken"]
        assert csrf["secure"] and csrf["httponly"]
        User.objects.create_superuser("admin", password="a-long-enough-password")
        signed_in = client.post("/admin/login/", {"username": "admin", "password": "a-long-enough-password"}, secure=True)
        session = signed_in.cookies["sessionid"]
    assert signed_in.status_code == HTTPStatus.FOUND
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_pages_have_no_inline_script_or_style(client):
    for url in ("/", "/codes/", "/codes/486/", "/q850/", "/cheatsheet/"):
        page = client.get(url).content.decode()
        assert "<script>" not in page and "<style" not in page and " style=" not in page, url
        assert all("src=" in tag for tag in page.split("<script")[1:]), url


def test_deploy_check_is_clean_in_production():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SECRET_KEY="kX9$mq2!vLr7@pZ4#tWn8^bYc3&hJf6*eDu5(sAg1)oQi0+Rz-Lm2%Tw7", DJANGO_ALLOWED_HOSTS="sipref.example")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"], cwd=ROOT,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_repeated_wrong_passwords_lock_the_sign_in(client):
    User.objects.create_user("ed", password="the-right-password-1", is_staff=True)
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "ed", "password": "wrong"}, REMOTE_ADDR="10.9.8.7")
        assert response.status_code == HTTPStatus.OK
    fifth = client.post("/admin/login/", {"username": "ed", "password": "wrong"}, REMOTE_ADDR="10.9.8.7")
    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS
    locked = client.post("/admin/login/", {"username": "ed", "password": "the-right-password-1"}, REMOTE_ADDR="10.9.8.7")
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many sign-in attempts" in locked.content.decode()
    elsewhere = client.post("/admin/login/", {"username": "ed", "password": "the-right-password-1"}, REMOTE_ADDR="10.1.1.1")
    assert elsewhere.status_code == HTTPStatus.FOUND


def test_editors_cannot_raise_their_own_permissions(client):
    editor = User.objects.create_user("ed", password="a-long-enough-password", is_staff=True)
    editors = Group.objects.get(name="Editors")
    editor.groups.add(editors)
    client.force_login(editor)
    assert client.get(f"/admin/auth/user/{editor.pk}/change/").status_code == HTTPStatus.FORBIDDEN
    assert client.post(f"/admin/auth/group/{editors.pk}/change/", {"name": "Editors"}).status_code == HTTPStatus.FORBIDDEN
    assert not editors.permissions.filter(content_type__app_label="auth").exists()
    assert not editor.has_perm("auth.change_user") and not editor.has_perm("auth.change_group")
