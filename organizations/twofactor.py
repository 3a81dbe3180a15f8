"""Two-factor login: a phone authenticator (TOTP) plus one-time recovery codes.

County staff and administrators must use it (TWO_FACTOR_REQUIRED_ROLES); anyone else may
turn it on. Devices are django-otp's. Where a session stands is kept in the session itself
("verified", "pending", "enrol" or "off"), worked out once at login, so signed-in pages
cost no extra query.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

security_log = logging.getLogger("zhandou.security")

SESSION_KEY = "two_factor"
VERIFIED, PENDING, ENROL, OFF = "verified", "pending", "enrol", "off"
PHONE_DEVICE_NAME = "手机验证器"
RECOVERY_DEVICE_NAME = "恢复码"
DEMO_DEVICE_NAME = "演示验证器"
RECOVERY_CODE_COUNT = 10
# Pages an unverified session may still open: signing in and out, and these steps.
OPEN_URL_NAMES = frozenset({"login", "logout", "two_factor_verify", "two_factor_setup"})


def is_required(user) -> bool:
    return bool(
        user.is_superuser or user.is_staff or user.role in settings.TWO_FACTOR_REQUIRED_ROLES
    )


def phone_being_set_up(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def demo_device(user):
    return TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME, confirmed=True).first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def state_at_login(user) -> str:
    if has_device(user):
        return PENDING
    return ENROL if is_required(user) else OFF


@receiver(user_logged_in)
def _state_at_login(sender, request, user, **kwargs):
    request.session[SESSION_KEY] = state_at_login(user)


def session_state(request) -> str:
    state = request.session.get(SESSION_KEY)
    if state is None:  # a session from before two-factor login existed
        state = request.session[SESSION_KEY] = state_at_login(request.user)
    return state


def mark_verified(request, device) -> None:
    """The second factor is proven: new session key, device remembered for the admin."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = VERIFIED
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    security_log.info("two-factor ok user=%s device=%s", request.user.username, device.name)


def normalise(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def verify(user, token: str):
    """The device that accepts `token` (a 6-digit code or a recovery code), or None.

    Each device counts its own failures and makes the user wait longer after each
    (django-otp's throttling), so codes cannot be guessed quickly.
    """
    token = normalise(token)
    if token.isdigit():
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        for device in devices.select_for_update():
            if device.verify_token(token):
                return device
    security_log.warning("two-factor failed user=%s", user.username)
    return None


def current_code(device: TOTPDevice) -> str:
    """The code the device's authenticator shows now (for the demo and for tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def recovery_codes_renew(user) -> list[str]:
    """Ten new one-time codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    security_log.info("recovery codes renewed user=%s", user.username)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def phone_confirm(user, device: TOTPDevice) -> list[str]:
    """The new phone replaces any earlier one; recovery codes are issued afresh."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    security_log.info("two-factor enrolled user=%s", user.username)
    return recovery_codes_renew(user)


@transaction.atomic
def two_factor_disable(user) -> None:
    """Only where the role does not require it."""
    if is_required(user):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    security_log.info("two-factor disabled user=%s", user.username)


def _to(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


class TwoFactorMiddleware:
    """Send a signed-in session that still owes its second factor to the step it owes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        if request.resolver_match.url_name in OPEN_URL_NAMES:
            return None
        state = session_state(request)
        if state == PENDING:
            return _to("two_factor_verify", request)
        if state == ENROL:
            return _to("two_factor_setup", request)
        return None
