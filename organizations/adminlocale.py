"""The admin site in Chinese, including what the libraries it shows ship in English only.

django-otp writes its models' names and help texts as plain English strings, and
django-axes and django-otp leave their apps unnamed. Each plain string is wrapped here in
gettext under its own English text, so locale/zh_Hans gives it in Chinese. Under
makemigrations (which switches translation off) the wrapped strings read as before, so
the libraries' migrations see no change.
"""

from django.apps import apps
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

APP_NAMES = {
    "axes": _("登录防护"),
    "otp": _("两步验证"),
    "otp_totp": _("两步验证 · 手机验证器"),
    "otp_static": _("两步验证 · 备用验证码"),
}

# Apps whose models name themselves in plain English.
UNTRANSLATED_APPS = ("otp_totp", "otp_static")

# Django's permission names, "Can add 党员" and so on, as an administrator reads them.
PERMISSION_ACTIONS = {
    "add": _("可以添加"),
    "change": _("可以修改"),
    "delete": _("可以删除"),
    "view": _("可以查看"),
}


def _lazy(text):
    return text if isinstance(text, Promise) or not text else _(text)


def translate_third_party_names() -> None:
    _name_axes_records()
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    for label in UNTRANSLATED_APPS:
        if label not in apps.app_configs:
            continue
        for model in apps.get_app_config(label).get_models():
            opts = model._meta
            # An unset plural is derived lazily from the English name: translate it too.
            opts.verbose_name_plural = _lazy(str(opts.verbose_name_plural))
            opts.verbose_name = _lazy(opts.verbose_name)
            for model_field in opts.local_fields:  # abstract bases' fields included
                model_field.verbose_name = _lazy(model_field.verbose_name)
                model_field.help_text = _lazy(model_field.help_text)


def _model_name(model) -> str:
    # django-simple-history names its models "historical 党员".
    audited = getattr(model, "instance_type", None)
    if audited is not None:
        return _("%(model)s（变更记录）") % {"model": audited._meta.verbose_name}
    return str(model._meta.verbose_name)


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# django-axes' records name themselves in English ("Attempted Access: …").
AXES_NAMES = {
    "accessattempt": lambda obj: (
        _("登录尝试：%(who)s，%(when)s") % {"who": obj.username, "when": _when(obj.attempt_time)}
    ),
    "accesslog": lambda obj: (
        _("登录日志：%(who)s，%(when)s") % {"who": obj.username, "when": _when(obj.attempt_time)}
    ),
    "accessfailurelog": lambda obj: (
        _("登录失败：%(who)s，%(when)s，%(ip)s")
        % {"who": obj.username, "when": _when(obj.attempt_time), "ip": obj.ip_address}
    ),
}


def _name_axes_records() -> None:
    if "axes" not in apps.app_configs:
        return
    for model in apps.get_app_config("axes").get_models():
        name = AXES_NAMES.get(model._meta.model_name)
        if name is not None:
            model.__str__ = lambda obj, name=name: str(name(obj))


def permission_label(permission) -> str:
    """ "组织体系 | 党员 | 可以添加 党员" for Django's own four; others keep their name."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    action, _sep, model_name = permission.codename.partition("_")
    name = _model_name(model)
    if action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        permission_name = f"{PERMISSION_ACTIONS[action]} {name}"
    else:
        permission_name = permission.name
    return f"{model._meta.app_config.verbose_name} | {name} | {permission_name}"
