"""Irreversible steps are said back in words before they are taken.

The first POST of a valid form answers with a page that names the person, the step and its
consequence, carrying the same data in hidden fields; only a POST with `confirmed` takes
the step. "返回修改" goes back to the filled form. The steps stay POST-only throughout.
"""

import datetime

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _

CONFIRMED = "confirmed"
BACK = "back"


def is_confirmed(request) -> bool:
    return bool(request.POST.get(CONFIRMED)) and not request.POST.get(BACK)


def is_going_back(request) -> bool:
    return bool(request.POST.get(BACK))


def _shown(field: forms.Field, value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def confirm_step(request, *, form, title: str, statement: str, confirm_label: str):
    """The page asking to confirm `form`'s valid data; its form posts back to the same URL."""
    details = [
        (field.label, shown)
        for name, field in form.fields.items()
        if (shown := _shown(field, form.cleaned_data.get(name)))
    ]
    return render(
        request,
        "members/confirm_step.html",
        {
            "title": title,
            "statement": statement,
            "details": details,
            "form": form,
            "confirm_label": confirm_label,
            "irreversible": _("确认后不能撤销或修改。"),
        },
    )
