"""Checks shared by the member services."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.personal import parse_id_number


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _not_in_future(errors: dict, field: str, value, label: str) -> None:
    if value and value > timezone.localdate():
        errors.setdefault(field, []).append(_("%(label)s不能晚于今天。") % {"label": label})


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _person_from_id(person, errors: dict) -> None:
    """Fill birth date and gender from the ID number (never typed, always consistent)."""
    person.id_number = (person.id_number or "").strip().upper()
    try:
        person.birth_date, person.gender = parse_id_number(person.id_number)
    except ValidationError as error:
        errors["id_number"] = error.messages


def _require_writer(user) -> None:
    """Leaders read and never write; `None` is the data generator (seed_demo, factories)."""
    if user is not None and not user.may_write:
        raise PermissionDenied
