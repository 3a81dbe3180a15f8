"""Cadres and their front-line records: kept by county staff, recorded "简便易行" by the
county and the townships, reviewed by someone other than their author (four eyes)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.codes import join_codes
from organizations.models import Organization, User
from organizations.policy import Action, require
from organizations.services import audited_save
from organizations.uploads import check_upload

from ..choices import (
    CHECKPOINTS,
    DEFAULT_CATEGORIES,
    CheckpointSet,
    Dimension,
)
from ..models import (
    Cadre,
    CadreCategory,
    Evidence,
    FrontlineRecord,
)


def default_categories_ensure() -> None:
    """Put back the five §2 categories if missing (after a flush, in a new database)."""
    for name, checkpoint_set, position in DEFAULT_CATEGORIES:
        CadreCategory.objects.get_or_create(
            name=name, defaults={"checkpoint_set": checkpoint_set, "position": position}
        )


def not_in_future(errors: dict, field: str, day, label: str) -> None:
    if day and day > timezone.localdate():
        errors[field] = _("%(label)s不能晚于今天。") % {"label": label}


@transaction.atomic
def cadre_create(*, user: User, **fields) -> Cadre:
    require(user, Action.CADRE_EDIT)
    return audited_save(Cadre(**fields), user=user)


@transaction.atomic
def cadre_update(*, cadre: Cadre, user: User, **fields) -> Cadre:
    require(user, Action.CADRE_EDIT, cadre)
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    for name, value in fields.items():
        setattr(cadre, name, value)
    return audited_save(cadre, user=user)


def subject_fields(subject) -> dict:
    if isinstance(subject, Cadre):
        return {"cadre": subject, "team": None}
    if isinstance(subject, Organization) and subject.is_township:
        return {"cadre": None, "team": subject}
    raise ValidationError({"subject": _("对象必须是一名干部或一个乡镇（街道）领导班子。")})


def checkpoint_set_of(subject) -> str:
    return (
        CheckpointSet.TEAM if isinstance(subject, Organization) else subject.category.checkpoint_set
    )


@transaction.atomic
def record_create(
    *,
    user: User,
    subject,
    occurred_on: datetime.date,
    place: str,
    description: str,
    polarity: str,
    dimensions: list[str],
    checkpoint: str,
    source: str,
    evidence_files=(),
) -> FrontlineRecord:
    """Keep one front-line instance on file; it awaits review by someone else (four eyes),
    whoever wrote it, and counts in the printed file and for outcomes only then."""
    require(user, Action.RECORD_CREATE)
    errors = {}
    not_in_future(errors, "occurred_on", occurred_on, _("日期"))
    checkpoint_set = checkpoint_set_of(subject)
    if checkpoint not in CHECKPOINTS[CheckpointSet(checkpoint_set)]:
        errors["checkpoint"] = _("“%(set)s”的考察要点中没有这一项，请从该对象的要点中选择。") % {
            "set": CheckpointSet(checkpoint_set).label
        }
    if not dimensions or set(dimensions) - set(Dimension.values):
        errors["dimensions"] = _("请至少选择一个识别评价维度。")
    files = []
    for upload in evidence_files:
        try:
            files.append(check_upload(upload))
        except ValidationError as error:
            errors.setdefault("evidence", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    record = FrontlineRecord(
        **subject_fields(subject),
        occurred_on=occurred_on,
        place=place,
        description=description,
        polarity=polarity,
        dimensions=join_codes(dimensions, Dimension),
        checkpoint=checkpoint,
        source=source,
        recorded_by=user,
    )
    audited_save(record, user=user)
    for checked in files:
        evidence = Evidence(
            record=record,
            file=checked.file,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=user,
        )
        audited_save(evidence, user=user)
    return record


@transaction.atomic
def record_review(*, record: FrontlineRecord, user: User) -> FrontlineRecord:
    """County staff accept a record someone else wrote (four eyes)."""
    record = FrontlineRecord.objects.select_for_update().get(pk=record.pk)
    require(user, Action.RECORD_REVIEW, record)
    if record.is_reviewed:
        raise ValidationError(_("该记录已审核。"))
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    return audited_save(record, user=user)
