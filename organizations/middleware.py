"""Session limits and caching rules for signed-in pages; form posts that are not UTF-8."""

import logging
import time
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth import logout, user_logged_in, user_login_failed
from django.dispatch import receiver
from django.shortcuts import redirect, render

security_log = logging.getLogger("zhandou.security")
LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
# How stale the "last seen" mark may get before it is written again (saves a write a page).
SEEN_RESOLUTION = 60
REPLACED = "\N{REPLACEMENT CHARACTER}"  # what Django makes of a byte that is not UTF-8


@receiver(user_logged_in)
def _remember_login(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    security_log.info("login ok user=%s", user.username)


@receiver(user_login_failed)
def _log_failure(sender, credentials, request=None, **kwargs):
    security_log.warning("login failed user=%s", credentials.get("username", "?"))


class SessionLimitsMiddleware:
    """End a session after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS
    after login however busy it is; keep pages shown to a signed-in user out of every
    cache, since they hold personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(LOGIN_AT, now)
            seen = request.session.get(SEEN_AT, now)
            if (
                now - started > settings.SESSION_MAX_HOURS * 3600
                or now - seen > settings.SESSION_IDLE_MINUTES * 60
            ):
                security_log.info("session expired user=%s", request.user.username)
                logout(request)
                return redirect(settings.LOGIN_URL)
            if now - seen > SEEN_RESOLUTION:
                request.session[SEEN_AT] = now
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class RequestEncodingMiddleware:
    """Refuse a form post whose text is not UTF-8 (400, nothing stored), instead of letting
    Django store every broken byte as U+FFFD without a word. A url-encoded body is checked
    byte for byte; of a multipart form (one with an upload) only the text fields are, as
    Django decoded them (a broken byte became U+FFFD): file content is binary by nature."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            broken = not _is_utf8(request.body)
        elif content_type.startswith("multipart/form-data") and request.method == "POST":
            broken = any(
                REPLACED in value for _, values in request.POST.lists() for value in values
            )
        else:
            broken = False
        if broken:
            security_log.warning("post not utf-8 path=%s", request.path)
            return render(request, "400_encoding.html", status=400)
        return self.get_response(request)


def _is_utf8(body: bytes) -> bool:
    """Every name and value of an url-encoded body, percent-decoded, is UTF-8."""
    try:
        for pair in body.split(b"&"):
            for part in pair.split(b"="):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
