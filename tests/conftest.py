"""The shared county and personas every test speaks about (tests/county.py), and signing in."""

import os

import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations import twofactor

from .county import build_personas, build_tree
from .web import web_app


def pytest_configure(config):
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    engine = settings.DATABASES["default"]["ENGINE"]
    if expected and expected not in engine:
        raise pytest.UsageError(
            f"EXPECT_DATABASE_VENDOR={expected} but DATABASE_URL gives {engine}: refusing to "
            "test on another database."
        )


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def personas(tree):
    return build_personas(tree)


def sign_in(client, user):
    """Log `user` in, second factor included where the role needs one."""
    client.force_login(user)
    if twofactor.is_required(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="测试验证器", defaults={"confirmed": True}
        )
        session = client.session
        session[twofactor.SESSION_KEY] = twofactor.VERIFIED
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_as(client, personas):
    """A test client logged in as the named persona ("anonymous" stays logged out)."""

    def login(name):
        user = getattr(personas, name)
        if user is not None:
            sign_in(client, user)
        return client

    return login


@pytest.fixture
def web(personas):
    """`web("township_a")`: a WebTest browser signed in as the named persona (tests/web.py)."""

    def browser(name):
        return web_app(getattr(personas, name), sign_in=sign_in)

    return browser
