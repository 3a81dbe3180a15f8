"""Logging in and out, changing a password, and what the navigation offers each role."""

import pytest
from django.urls import reverse

from organizations.models import User


def test_login_page_is_chinese_and_works_at_phone_width(client, db):
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    assert 'name="viewport"' in page
    assert "登录" in page and "用户名" in page and "密码" in page
    assert "cdn" not in page.lower()


def test_wrong_password_is_refused_in_chinese(client, personas):
    response = client.post(reverse("login"), {"username": "town_a", "password": "wrong-one"})
    assert response.status_code == 200
    assert "正确的" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_logout_ends_the_session(client, personas):
    response = client.post(
        reverse("login"), {"username": "town_a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    session_key = client.session.session_key
    assert client.get(reverse("logout")).status_code == 405  # logout is POST only
    client.post(reverse("logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("home")).status_code == 302


def test_password_change_needs_a_strong_password(client_as, personas):
    client = client_as("township_a")
    url = reverse("password_change")
    response = client.post(
        url,
        {
            "old_password": "correct-horse-battery",
            "new_password1": "short1",
            "new_password2": "short1",
        },
    )
    assert response.status_code == 200
    assert "密码长度太短" in response.content.decode()
    response = client.post(
        url,
        {
            "old_password": "correct-horse-battery",
            "new_password1": "front-line-2026-spring",
            "new_password2": "front-line-2026-spring",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="town_a").check_password("front-line-2026-spring")


@pytest.mark.parametrize(
    ("persona", "sees_admin"),
    [
        ("admin", True),
        ("county_staff", False),
        ("leader", False),
        ("township_a", False),
        ("branch", False),
    ],
)
def test_navigation_offers_each_role_what_it_may_use(client_as, persona, sees_admin):
    page = client_as(persona).get(reverse("home")).content.decode()
    assert "组织体系" in page
    assert ("系统管理" in page) is sees_admin
    assert "退出登录" in page


def test_home_counts_only_the_scope(client_as, tree):
    response = client_as("township_a").get(reverse("home"))
    assert dict(response.context["kind_counts"]) == {"乡镇党委": 1, "党总支": 1, "党支部": 2}
