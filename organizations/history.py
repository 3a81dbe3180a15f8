"""Readable change history for any model audited with django-simple-history."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.template_utils import HistoricalRecordContextHelper

from .money import yuan
from .personal import mask_id_number, mask_phone

# Bookkeeping fields that say nothing to a reader of the history.
HIDDEN_FIELDS = ["created_at", "updated_at", "depth", "numchild", "path"]


def mask_birth_date(value: datetime.date) -> str:
    """1990-01-**: to the month, as the member page shows it."""
    return f"{value:%Y-%m}-**"


def mask_gender(value: str) -> str:
    """The 17th digit's parity: told by the masked number itself, so not told twice."""
    return "*"


# Personal data stays masked in history as everywhere else.
MASKED_FIELDS = {"id_number": mask_id_number, "phone": mask_phone}
# Read from the ID number where a model keeps one: the full birth date with the region and
# the last four digits of the masked number gives the whole number back.
DERIVED_FROM_ID_NUMBER = {"birth_date": mask_birth_date, "gender": mask_gender}


def personal_mask(model, field_name: str):
    """The mask history shows `model`'s field through, or None for a field that is not personal."""
    if field_name in MASKED_FIELDS:
        return MASKED_FIELDS[field_name]
    if field_name in DERIVED_FROM_ID_NUMBER and _keeps_id_number(model):
        return DERIVED_FROM_ID_NUMBER[field_name]
    return None


def _keeps_id_number(model) -> bool:
    return any(f.name == "id_number" for f in model._meta.get_fields())


class MaskedHistoryContextHelper(HistoricalRecordContextHelper):
    """simple-history's admin diff, with personal data masked as in the change log beside a
    record: the administrator keeps the tree and the accounts and needs no full numbers."""

    def prepare_delta_change_value(self, change, value):
        mask = personal_mask(self.model, change.field)
        if mask is not None and value not in (None, ""):
            return mask(value)
        return super().prepare_delta_change_value(change, value)


ACTIONS = {"+": _("创建"), "~": _("修改"), "-": _("删除")}


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    reason: str = ""
    changes: list[list] = field(default_factory=list)


def _shown(model_field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    mask = personal_mask(model_field.model, model_field.name)
    if mask is not None:
        return mask(value)
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return yuan(value)
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, datetime.datetime):
        # Stored in UTC; read in the county's time, as everywhere else on the page.
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "Y-m-d")
    return str(value)


def history_entries(instance, limit: int = 20) -> list[HistoryEntry]:
    """The latest changes to `instance`, newest first, each with what changed.

    One query for the records, then one per related model named in the changes.
    """
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    raw = []
    wanted = defaultdict(set)
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        changes = []
        if older is not None:
            # Compared field by field (simple-history's diff skips derived,
            # non-editable fields such as a member's status).
            for tracked in older.tracked_fields:
                if tracked.name in HIDDEN_FIELDS:
                    continue
                old = getattr(older, tracked.attname)
                new = getattr(newer, tracked.attname)
                if old == new:
                    continue
                model_field = model._meta.get_field(tracked.name)
                changes.append((model_field, old, new))
                if model_field.is_relation:
                    wanted[model_field.related_model].update({old, new} - {None})
        raw.append((newer, changes))

    names = {}
    for related_model, pks in wanted.items():
        for related in related_model._default_manager.filter(pk__in=pks):
            names[(related_model, related.pk)] = str(related)

    return [
        HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            action=ACTIONS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            changes=[
                [str(f.verbose_name), _shown(f, old, names), _shown(f, new, names)]
                for f, old, new in changes
            ],
        )
        for record, changes in raw
    ]
