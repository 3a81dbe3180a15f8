"""Password spraying and the address a lock counts: signing in through the rendered login
page, from addresses set as the server sees them (REMOTE_ADDR, X-Forwarded-For)."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessLog
from django.db.models import Sum
from django.urls import reverse

from organizations.choices import Role

from .factories import UserFactory
from .web import form_with, web_app

PASSWORD = "correct-horse-battery"
OFFICE = "10.20.30.40"  # a township office behind one NAT address
ELSEWHERE = "10.20.99.1"
PROXY = "127.0.0.1"  # nginx on the same machine


@pytest.fixture
def secretaries(tree):
    """Six township secretaries (no second factor at login), the sprayer's targets."""
    return [
        UserFactory(
            username=f"town_{n}",
            role=Role.TOWNSHIP_SECRETARY,
            organization=tree.township_a if n % 2 else tree.township_b,
        )
        for n in range(6)
    ]


def sign_in(app, username, password, remote=OFFICE, forwarded=None):
    """Fill and submit the login form as the page renders it; the response comes back
    whatever its status (302 signed in, 200 refused, 429 locked)."""
    environ = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    form = form_with(app.get(reverse("login"), extra_environ=environ), "username")
    form["username"] = username
    form["password"] = password
    return form.submit(extra_environ=environ, expect_errors=True)


def failures_from(address):
    counted = AccessAttempt.objects.filter(ip_address=address)
    return counted.aggregate(total=Sum("failures_since_start"))["total"] or 0


def signed_in(username, address):
    return AccessLog.objects.filter(username=username, ip_address=address).exists()


def test_spraying_many_names_from_one_address_locks_the_address(secretaries, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    sprayer = web_app()
    for user in secretaries:
        for guess in range(4):  # one short of each name's own limit of 5
            sign_in(sprayer, user.username, f"guess-{guess}")
    assert failures_from(OFFICE) >= 20

    colleague = sign_in(web_app(), secretaries[0].username, PASSWORD)
    assert colleague.status_code == 429
    assert "本网络地址" in colleague.text and "已暂停从该地址登录 15 分钟" in colleague.text
    assert not signed_in(secretaries[0].username, OFFICE)

    # The same person, right password, from another network signs in.
    away = sign_in(web_app(), secretaries[0].username, PASSWORD, remote=ELSEWHERE)
    assert away.status_code == 302
    assert signed_in(secretaries[0].username, ELSEWHERE)


def test_a_forged_forwarded_for_does_not_move_the_counted_address(secretaries, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    sprayer = web_app()
    for n, user in enumerate(secretaries):
        for guess in range(4):
            forged = f"203.0.113.{n * 4 + guess + 1}"  # a new "address" every time
            sign_in(sprayer, user.username, f"guess-{guess}", forwarded=forged)
    assert failures_from(OFFICE) == 24
    assert not AccessAttempt.objects.exclude(ip_address=OFFICE).exists()

    again = sign_in(web_app(), secretaries[1].username, PASSWORD, forwarded="198.51.100.200")
    assert again.status_code == 429
    assert not signed_in(secretaries[1].username, OFFICE)


def test_behind_a_trusted_proxy_each_client_is_locked_on_its_own(secretaries, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first, second = "198.51.100.7", "198.51.100.8"
    name = secretaries[0].username
    attacker = web_app()
    for guess in range(5):
        # What the client wrote stands left of what nginx appended; only nginx's entry counts.
        sign_in(attacker, name, f"guess-{guess}", remote=PROXY, forwarded=f"6.6.6.{guess}, {first}")
    assert failures_from(first) == 5
    assert not AccessAttempt.objects.exclude(ip_address=first).exists()

    locked = sign_in(web_app(), name, PASSWORD, remote=PROXY, forwarded=first)
    assert locked.status_code == 429
    assert "连续 5 次密码错误" in locked.text

    owner = sign_in(web_app(), name, PASSWORD, remote=PROXY, forwarded=second)
    assert owner.status_code == 302
    assert signed_in(name, second) and not signed_in(name, PROXY)

    # A header the proxy did not fill with an address: the connection's address counts.
    odd = sign_in(web_app(), secretaries[1].username, "wrong", remote=PROXY, forwarded="unknown")
    assert odd.status_code == 200 and "正确的" in odd.text
    assert failures_from(PROXY) == 1


def test_the_locked_out_page_names_the_configured_limit_and_minutes(personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=40)
    for _ in range(3):
        sign_in(web_app(), "town_a", "wrong")
    response = sign_in(web_app(), "town_a", "correct-horse-battery")
    assert response.status_code == 429
    assert "连续 3 次密码错误，已暂停登录 40 分钟" in response.text
    assert not signed_in("town_a", OFFICE)
