"""The pages of two-factor login: prove it, set it up, keep the recovery codes, turn it off."""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import twofactor
from .twofactor import OFF, PENDING, VERIFIED

CODES_SESSION_KEY = "two_factor_new_codes"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=20,
        help_text=gettext_lazy("手机验证器上的 6 位数字；手机不在身边时，可输入一个恢复码。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class TwoFactorVerifyView(View):
    """After the password: the code from the phone, or one recovery code."""

    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if twofactor.session_state(request) != PENDING:
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(request, TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if form.is_valid():
            device = twofactor.verify(request.user, form.cleaned_data["token"])
            if device is not None:
                twofactor.mark_verified(request, device)
                if device.name == twofactor.RECOVERY_DEVICE_NAME:
                    left = twofactor.recovery_codes_left(request.user)
                    messages.warning(request, _("已用掉一个恢复码，还剩 %(n)s 个。") % {"n": left})
                return redirect(_next_url(request))
            form.add_error("token", _("验证码不正确或已过期。连续输错后须稍等片刻再试。"))
        return self.page(request, form)

    def page(self, request, form):
        return render(
            request,
            self.template_name,
            {"form": form, "next": _next_url(request), "hide_nav": True},
        )


class TwoFactorSetupView(View):
    """Scan the code with a phone authenticator, type what it shows, keep the recovery codes.

    Refused to a session that has not yet proven an existing device: a stolen password
    must not be enough to replace the owner's phone.
    """

    template_name = "registration/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if twofactor.session_state(request) == PENDING:
            return redirect(f"{reverse('two_factor_verify')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)

    def device(self, request) -> TOTPDevice:
        device = twofactor.phone_being_set_up(request.user)
        if device is None:
            device = TOTPDevice.objects.create(
                user=request.user, name=twofactor.PHONE_DEVICE_NAME, confirmed=False
            )
        return device

    def get(self, request):
        return self.page(request, TokenForm(), self.device(request))

    def post(self, request):
        device = self.device(request)
        form = TokenForm(request.POST)
        if form.is_valid():
            if device.verify_token(twofactor.normalise(form.cleaned_data["token"])):
                codes = twofactor.phone_confirm(request.user, device)
                twofactor.mark_verified(request, device)
                request.session[CODES_SESSION_KEY] = codes
                return redirect(f"{reverse('two_factor_codes')}?next={_next_url(request)}")
            form.add_error("token", _("验证码不正确，请核对手机上显示的 6 位数字后再试。"))
        return self.page(request, form, device)

    def page(self, request, form, device):
        secret = b32encode(device.bin_key).decode()
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "next": _next_url(request),
                "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                    scale=5, dark="#212529"
                ),
                "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
                "required": twofactor.is_required(request.user),
                "replacing": twofactor.session_state(request) == VERIFIED,
                "hide_nav": twofactor.session_state(request) != VERIFIED,
            },
        )


class TwoFactorCodesView(View):
    """New recovery codes are shown once, right after they are made."""

    template_name = "registration/two_factor_codes.html"

    def dispatch(self, request, *args, **kwargs):
        if twofactor.session_state(request) != VERIFIED:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        codes = request.session.pop(CODES_SESSION_KEY, None)
        return render(
            request,
            self.template_name,
            {
                "codes": codes,
                "left": twofactor.recovery_codes_left(request.user),
                "next": _next_url(request),
            },
        )

    def post(self, request):
        request.session[CODES_SESSION_KEY] = twofactor.recovery_codes_renew(request.user)
        return redirect("two_factor_codes")


class TwoFactorView(View):
    """账户安全: whether two-factor login is on, and what can be done about it."""

    template_name = "registration/two_factor.html"

    def get(self, request):
        state = twofactor.session_state(request)
        return render(
            request,
            self.template_name,
            {
                "enabled": state == VERIFIED,
                "required": twofactor.is_required(request.user),
                "left": twofactor.recovery_codes_left(request.user) if state == VERIFIED else 0,
            },
        )

    def post(self, request):
        """Turn it off: only where it is optional, and only from a verified session."""
        if twofactor.session_state(request) != VERIFIED:
            raise PermissionDenied
        twofactor.two_factor_disable(request.user)
        request.session[twofactor.SESSION_KEY] = OFF
        messages.success(request, _("已关闭两步验证。"))
        return redirect("two_factor")
