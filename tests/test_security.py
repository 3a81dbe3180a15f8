"""Login lockout, session limits, security headers on every main page, the deploy check."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from organizations.middleware import LOGIN_AT, SEEN_AT

ROOT = Path(__file__).resolve().parents[1]


def test_five_wrong_passwords_lock_the_account_on_that_address(client, personas):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "town_a", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "town_a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "已暂停登录 15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(
        reverse("login"), {"username": "town_b", "password": "correct-horse-battery"}
    )
    assert other.status_code == 302  # another user name is not locked


def test_a_success_before_the_limit_resets_the_count(client, personas):
    for _ in range(4):
        client.post(reverse("login"), {"username": "town_a", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "town_a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


def _sign_in(client):
    response = client.post(
        reverse("login"), {"username": "town_a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


def test_a_new_session_key_at_login(client, personas):
    client.get(reverse("login"))
    before = client.cookies.get("sessionid")
    _sign_in(client)
    assert client.cookies["sessionid"].value != (before.value if before else None)


def test_idle_sessions_end(client, personas, settings):
    _sign_in(client)
    session = client.session
    session[SEEN_AT] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("home")).status_code == 302


def test_busy_sessions_end_after_the_absolute_lifetime(client, personas, settings):
    _sign_in(client)
    session = client.session
    session[LOGIN_AT] = int(time.time()) - settings.SESSION_MAX_HOURS * 3600 - 5
    session.save()
    assert client.get(reverse("home")).status_code == 302


MAIN_PAGES = [
    "home",
    "reports:dashboard",
    "organizations:organization_list",
    "members:member_list",
    "members:post_list",
    "cadres:cadre_list",
    "cadres:record_create",
    "funds:appropriation_list",
    "reports:report_list",
    "reports:completeness",
]


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_security_headers_on_every_main_page(client_as, tree, name):
    response = client_as("county_staff").get(reverse(name))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert "<script>" not in response.content.decode()  # no inline script anywhere


def test_the_login_page_has_headers_too(client, db):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_deploy_check_passes_with_production_settings():
    # The browser tests allow the ORM beside Playwright's event loop; a server never does.
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ENV_FILE="/nonexistent",
        SECRET_KEY="deploy-" + "x9Y" * 25,
        ALLOWED_HOSTS="dj.example.gov.cn",
        DEBUG="false",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_are_chinese_whatever_the_browser_asks(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page and "用户名" in page and "Username" not in page
