"""Who is trying passwords, and when they must stop.

django-axes locks a user name on one address after AXES_FAILURE_LIMIT wrong passwords. That
leaves password spraying open: a few guesses on each of many accounts from one address lock
nothing. `LoginAttemptHandler` adds a second rule, a lock on the address for every user name
after LOGIN_FAILURES_PER_ADDRESS failures across names. It is a rule of its own rather than
a second entry in AXES_LOCKOUT_PARAMETERS because axes applies one failure limit to every
entry (the address would lock after 5, shutting a whole office behind one NAT address out
over a few typos), and a successful login would wipe the address's count for every name.

`client_address` is the address both rules count against: REMOTE_ADDR, or the reverse
proxy's X-Forwarded-For entry when TRUSTED_PROXY_COUNT says a proxy is there.
"""

import ipaddress
import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum

security_log = logging.getLogger("zhandou.security")
# Set on the request when the address rule refused it (the locked-out page says why).
ADDRESS_LOCKED = "address_locked_out"


def client_address(request) -> str | None:
    """The client's address, as far as it can be trusted.

    With TRUSTED_PROXY_COUNT = 0 only REMOTE_ADDR counts: X-Forwarded-For is the client's
    own word, and believing it would let anyone dodge the lock by writing a new address each
    time. Behind N trusted proxies each appends the address it saw, so the client is the
    N-th entry from the right; whatever stands further left was written by the client.
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped the outer ones, and every entry
    # present was written by a proxy that is trusted; the leftmost is the nearest client.
    candidate = forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        security_log.warning("proxy sent no valid client address x_forwarded_for=%r", header)
        return remote


def address_failures(request) -> int:
    """Wrong passwords from the request's address, any user name, within the cool-off."""
    total = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def address_locked(request) -> bool:
    return address_failures(request) >= settings.LOGIN_FAILURES_PER_ADDRESS


class LoginAttemptHandler(AxesDatabaseHandler):
    """axes' database handler (user name + address, reset on success) plus the address
    rule. A user locked on one address can still sign in from another: both rules count
    per address."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if address_locked(request):
            setattr(request, ADDRESS_LOCKED, True)
            return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or self.is_whitelisted(request, credentials):
            return
        if not address_locked(request):
            return
        setattr(request, ADDRESS_LOCKED, True)
        if request.axes_locked_out:
            return
        security_log.warning("login refused, address locked ip=%s", request.axes_ip_address)
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
