"""Every change to cadres, front-line records, outcomes and commendations goes through here.

Only county staff keep cadres and decide outcomes and commendations; township
secretaries may propose front-line records about cadres of their township.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from organizations.choices import Role
from organizations.codes import join_codes
from organizations.models import Organization, User
from organizations.services import audited_save
from organizations.uploads import check_upload

from .choices import (
    CADRE_MEASURES,
    CHECKPOINTS,
    DEFAULT_CATEGORIES,
    OUTCOME_STEPS,
    TEAM_MEASURES,
    CheckpointSet,
    CommendationKind,
    CommendationState,
    Dimension,
    OutcomeKind,
    OutcomeState,
)
from .models import (
    Cadre,
    CadreCategory,
    Commendation,
    Evidence,
    FrontlineRecord,
    Outcome,
    OutcomeStep,
)


def require_county_staff(user: User) -> None:
    if not (user.is_superuser or user.role == Role.COUNTY_STAFF):
        raise PermissionDenied


def default_categories_ensure() -> None:
    """Put back the five §2 categories if missing (after a flush, in a new database)."""
    for name, checkpoint_set, position in DEFAULT_CATEGORIES:
        CadreCategory.objects.get_or_create(
            name=name, defaults={"checkpoint_set": checkpoint_set, "position": position}
        )


def _not_in_future(errors: dict, field: str, day, label: str) -> None:
    if day and day > timezone.localdate():
        errors[field] = _("%(label)s不能晚于今天。") % {"label": label}


@transaction.atomic
def cadre_create(*, user: User, **fields) -> Cadre:
    require_county_staff(user)
    return audited_save(Cadre(**fields), user=user)


@transaction.atomic
def cadre_update(*, cadre: Cadre, user: User, **fields) -> Cadre:
    require_county_staff(user)
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    for name, value in fields.items():
        setattr(cadre, name, value)
    return audited_save(cadre, user=user)


def _subject_fields(subject) -> dict:
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
    """Keep one front-line instance on file; county staff's records count as reviewed."""
    if user.role not in (Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY) and not user.is_superuser:
        raise PermissionDenied
    errors = {}
    _not_in_future(errors, "occurred_on", occurred_on, _("日期"))
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
    reviewed = user.is_superuser or user.role == Role.COUNTY_STAFF
    record = FrontlineRecord(
        **_subject_fields(subject),
        occurred_on=occurred_on,
        place=place,
        description=description,
        polarity=polarity,
        dimensions=join_codes(dimensions, Dimension),
        checkpoint=checkpoint,
        source=source,
        recorded_by=user,
        reviewed_by=user if reviewed else None,
        reviewed_at=timezone.now() if reviewed else None,
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
    """County staff accept a record a township proposed."""
    require_county_staff(user)
    record = FrontlineRecord.objects.select_for_update().get(pk=record.pk)
    if record.is_reviewed:
        raise ValidationError(_("该记录已审核。"))
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    return audited_save(record, user=user)


def _step(outcome: Outcome, *, state: str, user: User, reason: str, acted_on) -> OutcomeStep:
    step = OutcomeStep(
        outcome=outcome, state=state, acted_on=acted_on, reason=reason, acted_by=user
    )
    return audited_save(step, user=user)


@transaction.atomic
def outcome_propose(
    *,
    user: User,
    subject,
    kind: str,
    reason: str,
    records,
    measure: str = "",
    follows: Outcome | None = None,
) -> Outcome:
    """提议 a recommendation, adjustment or accountability resting on the subject's records."""
    require_county_staff(user)
    subject_fields = _subject_fields(subject)
    records = list(records)
    errors = {}
    if not records:
        errors["records"] = _("必须引用至少一条该对象的一线表现记录。")
    elif any(
        (record.cadre_id, record.team_id)
        != (
            getattr(subject_fields["cadre"], "pk", None),
            getattr(subject_fields["team"], "pk", None),
        )
        for record in records
    ):
        errors["records"] = _("引用的一线表现记录必须是同一对象的。")
    elif not all(record.is_reviewed for record in records):
        errors["records"] = _("引用的一线表现记录必须已经审核。")
    is_team = subject_fields["team"] is not None
    if kind == OutcomeKind.ACCOUNTABILITY:
        allowed = TEAM_MEASURES if is_team else CADRE_MEASURES
        if measure not in allowed:
            errors["measure"] = _("请选择适用于%(who)s的问责方式：%(list)s。") % {
                "who": _("组织") if is_team else _("干部"),
                "list": "、".join(str(m.label) for m in allowed),
            }
    else:
        if is_team:
            errors["kind"] = _("推荐和调整的对象是干部个人，领导班子只能问责。")
        if measure:
            errors["measure"] = _("只有问责需要选择问责方式。")
    if not reason.strip():
        errors["reason"] = _("请写明理由。")
    if follows is not None and Outcome.objects.get(pk=follows.pk).state != OutcomeState.DECIDED:
        errors["follows"] = _("只能接续已决定的结果。")
    if errors:
        raise ValidationError(errors)
    outcome = Outcome(
        **subject_fields,
        kind=kind,
        measure=measure,
        reason=reason,
        state=OutcomeState.PROPOSED,
        follows=follows,
        created_by=user,
    )
    audited_save(outcome, user=user)
    outcome.records.set(records)
    _step(
        outcome,
        state=OutcomeState.PROPOSED,
        user=user,
        reason=reason,
        acted_on=timezone.localdate(),
    )
    return outcome


@transaction.atomic
def outcome_advance(
    *,
    outcome: Outcome,
    user: User,
    state: str,
    reason: str,
    acted_on: datetime.date | None = None,
) -> Outcome:
    """审核, 决定 or 撤回: each step in order, dated, with a reason; a decision is final."""
    require_county_staff(user)
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    acted_on = acted_on or timezone.localdate()
    errors = {}
    if outcome.state == OutcomeState.DECIDED:
        raise ValidationError(_("该结果已决定，不能再更改；如需变更，请另行提议并接续此结果。"))
    if state not in OUTCOME_STEPS or outcome.state not in OUTCOME_STEPS[state]:
        raise ValidationError(
            {
                "state": _("当前为“%(now)s”，不能直接“%(next)s”。")
                % {"now": outcome.get_state_display(), "next": OutcomeState(state).label}
            }
        )
    last = outcome.steps.order_by("-acted_on", "-pk").first()
    if acted_on < last.acted_on:
        errors["acted_on"] = _("日期不能早于上一步（%(date)s）。") % {"date": last.acted_on}
    _not_in_future(errors, "acted_on", acted_on, _("日期"))
    if not reason.strip():
        errors["reason"] = _("请写明理由。")
    if errors:
        raise ValidationError(errors)
    _step(outcome, state=state, user=user, reason=reason, acted_on=acted_on)
    outcome.state = state
    return audited_save(outcome, user=user)


def _nominee_fields(nominee) -> dict:
    if isinstance(nominee, Organization):
        return {"kind": CommendationKind.COLLECTIVE, "organization": nominee}
    if isinstance(nominee, Cadre):
        return {"kind": CommendationKind.INDIVIDUAL, "cadre": nominee}
    if isinstance(nominee, Member):
        return {"kind": CommendationKind.INDIVIDUAL, "member": nominee}
    raise ValidationError(_("表彰对象必须是组织、干部或党员。"))


@transaction.atomic
def commendation_nominate(
    *, user: User, nominee, title: str, citation: str, records=()
) -> Commendation:
    """提名 an advanced collective or individual, citing the reviewed records behind it."""
    require_county_staff(user)
    records = list(records)
    if isinstance(nominee, Cadre) and not records:
        raise ValidationError({"records": _("提名干部须引用其一线表现记录。")})
    if any(
        record.cadre_id != getattr(nominee, "pk", None)
        for record in records
        if isinstance(nominee, Cadre)
    ):
        raise ValidationError({"records": _("引用的一线表现记录必须是被提名干部的。")})
    if not all(record.is_reviewed for record in records):
        # Like an outcome (§5), a commendation rests only on what the county has reviewed.
        raise ValidationError({"records": _("引用的一线表现记录必须已经审核。")})
    commendation = Commendation(
        **_nominee_fields(nominee),
        title=title,
        citation=citation,
        state=CommendationState.NOMINATED,
        created_by=user,
    )
    audited_save(commendation, user=user)
    commendation.records.set(records)
    return commendation


@transaction.atomic
def commendation_start_notice(
    *, commendation: Commendation, user: User, starts_on: datetime.date, ends_on: datetime.date
) -> Commendation:
    """公示: the nomination is made public for a period before it can be confirmed."""
    require_county_staff(user)
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    if commendation.state != CommendationState.NOMINATED:
        raise ValidationError(_("只有提名状态的表彰可以开始公示。"))
    if ends_on < starts_on:
        raise ValidationError({"notice_ends_on": _("公示结束日期不能早于开始日期。")})
    commendation.notice_starts_on = starts_on
    commendation.notice_ends_on = ends_on
    commendation.state = CommendationState.IN_NOTICE
    return audited_save(commendation, user=user)


@transaction.atomic
def commendation_confirm(*, commendation: Commendation, user: User, note: str = "") -> Commendation:
    """确认表彰, only once the public-notice period is over."""
    require_county_staff(user)
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    today = timezone.localdate()
    if commendation.state != CommendationState.IN_NOTICE:
        raise ValidationError(_("只有公示中的表彰可以确认。"))
    if today <= commendation.notice_ends_on:
        raise ValidationError(
            _("公示期至 %(date)s 结束，期满后才能确认。") % {"date": commendation.notice_ends_on}
        )
    commendation.state = CommendationState.CONFIRMED
    commendation.decided_on = today
    commendation.decision_note = note
    return audited_save(commendation, user=user)


@transaction.atomic
def commendation_withdraw(*, commendation: Commendation, user: User, note: str) -> Commendation:
    require_county_staff(user)
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    if commendation.state in (CommendationState.CONFIRMED, CommendationState.WITHDRAWN):
        raise ValidationError(_("已确认或已撤回的表彰不能撤回。"))
    if not note.strip():
        raise ValidationError({"decision_note": _("请写明撤回理由。")})
    commendation.state = CommendationState.WITHDRAWN
    commendation.decided_on = timezone.localdate()
    commendation.decision_note = note
    return audited_save(commendation, user=user)
