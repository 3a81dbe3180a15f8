"""Every change to cadres, front-line records, outcomes and commendations goes through here.

Who may take each step is the policy table's (organizations/policy.py, the cadres section):
county staff keep cadres and decide outcomes and commendations, township secretaries may
record front-line instances about their township's cadres, and nobody reviews their own
record or reviews or decides their own proposal.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from organizations.codes import join_codes
from organizations.models import Organization, User
from organizations.policy import Action, require
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
    CommendationObjection,
    Evidence,
    FrontlineRecord,
    Outcome,
    OutcomeStep,
)

# The policy action of each outcome step; a step that is none of them is refused as out of
# order, to someone who may propose outcomes.
STEP_ACTIONS = {
    OutcomeState.REVIEWED: Action.OUTCOME_REVIEW,
    OutcomeState.DECIDED: Action.OUTCOME_DECIDE,
    OutcomeState.WITHDRAWN: Action.OUTCOME_WITHDRAW,
}


def step_action(state: str) -> Action:
    return STEP_ACTIONS.get(state, Action.OUTCOME_PROPOSE)


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
    require(user, Action.CADRE_EDIT)
    return audited_save(Cadre(**fields), user=user)


@transaction.atomic
def cadre_update(*, cadre: Cadre, user: User, **fields) -> Cadre:
    require(user, Action.CADRE_EDIT, cadre)
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
    """Keep one front-line instance on file; it awaits review by someone else (four eyes),
    whoever wrote it, and counts in the printed file and for outcomes only then."""
    require(user, Action.RECORD_CREATE)
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
    require(user, Action.OUTCOME_PROPOSE)
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
    """审核, 决定 or 撤回: each step in order, dated, with a reason; a decision is final.

    Four eyes: the proposer neither reviews nor decides (the policy's conditions); the
    reviewer may also decide, and the proposer may withdraw their own proposal.
    """
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    require(user, step_action(state), outcome)
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
    require(user, Action.COMMENDATION_CREATE)
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


def working_days(starts_on: datetime.date, ends_on: datetime.date) -> int:
    """Monday to Friday from `starts_on` to `ends_on`, both included. Public holidays and
    the weekends worked in their place (调休) are not known here."""
    days = (ends_on - starts_on).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    first = starts_on.weekday()
    return weeks * 5 + sum(1 for offset in range(rest) if (first + offset) % 7 < 5)


def notice_working_days() -> int:
    return getattr(settings, "COMMENDATION_NOTICE_WORKING_DAYS", 5)


@transaction.atomic
def commendation_start_notice(
    *, commendation: Commendation, user: User, starts_on: datetime.date, ends_on: datetime.date
) -> Commendation:
    """公示: the nomination is made public before it can be confirmed.

    A notice is given from today on, never backdated, and lasts at least
    COMMENDATION_NOTICE_WORKING_DAYS working days (Monday to Friday; 5 by default, the same
    minimum as the 任前公示 of 《党政领导干部选拔任用工作条例》, issue #16 §4).
    """
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    require(user, Action.COMMENDATION_NOTICE, commendation)
    if commendation.state != CommendationState.NOMINATED:
        raise ValidationError(_("只有提名状态的表彰可以开始公示。"))
    errors = {}
    today = timezone.localdate()
    if starts_on < today:
        errors["notice_starts_on"] = _("公示开始日期不能早于今天（%(today)s）。") % {"today": today}
    if ends_on < starts_on:
        errors["notice_ends_on"] = _("公示结束日期不能早于开始日期。")
    elif working_days(starts_on, ends_on) < notice_working_days():
        errors["notice_ends_on"] = _(
            "公示期不少于 %(days)s 个工作日（周一至周五）；%(start)s 至 %(end)s 只有 %(have)s 个。"
        ) % {
            "days": notice_working_days(),
            "start": starts_on,
            "end": ends_on,
            "have": working_days(starts_on, ends_on),
        }
    if errors:
        raise ValidationError(errors)
    commendation.notice_starts_on = starts_on
    commendation.notice_ends_on = ends_on
    commendation.state = CommendationState.IN_NOTICE
    return audited_save(commendation, user=user)


@transaction.atomic
def objection_record(
    *, commendation: Commendation, user: User, raised_by: str, raised_on, content: str
) -> CommendationObjection:
    """异议 raised during the 公示: who raised it (as they signed it), when, and what."""
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    require(user, Action.COMMENDATION_OBJECT, commendation)
    if commendation.state != CommendationState.IN_NOTICE:
        raise ValidationError(_("只有公示中的表彰可以登记异议。"))
    errors = {}
    starts, ends = commendation.notice_starts_on, commendation.notice_ends_on
    if raised_on > timezone.localdate():
        errors["raised_on"] = _("反映日期不能晚于今天。")
    elif not starts <= raised_on <= ends:
        errors["raised_on"] = _("异议须在公示期内（%(start)s 至 %(end)s）提出。") % {
            "start": starts,
            "end": ends,
        }
    if not raised_by.strip():
        errors["raised_by"] = _("请写明反映人（匿名的写“匿名”）。")
    if not content.strip():
        errors["content"] = _("请写明异议内容。")
    if errors:
        raise ValidationError(errors)
    objection = CommendationObjection(
        commendation=commendation,
        raised_by=raised_by.strip(),
        raised_on=raised_on,
        content=content,
        recorded_by=user,
    )
    return audited_save(objection, user=user)


@transaction.atomic
def objection_resolve(
    *,
    objection: CommendationObjection,
    user: User,
    upheld: bool,
    resolution: str,
    resolved_on: datetime.date | None = None,
) -> CommendationObjection:
    """核实 an objection: upheld withdraws the commendation; not upheld lets it be confirmed."""
    commendation = Commendation.objects.select_for_update().get(pk=objection.commendation_id)
    objection = CommendationObjection.objects.select_for_update().get(pk=objection.pk)
    require(user, Action.COMMENDATION_RESOLVE_OBJECTION, commendation)
    if objection.is_resolved:
        raise ValidationError(_("该异议已处理。"))
    if commendation.state != CommendationState.IN_NOTICE:
        raise ValidationError(_("只有公示中的表彰可以处理异议。"))
    resolved_on = resolved_on or timezone.localdate()
    errors = {}
    if resolved_on > timezone.localdate():
        errors["resolved_on"] = _("处理日期不能晚于今天。")
    elif resolved_on < objection.raised_on:
        errors["resolved_on"] = _("处理日期不能早于反映日期（%(date)s）。") % {
            "date": objection.raised_on
        }
    if not resolution.strip():
        errors["resolution"] = _("请写明核实处理意见。")
    if errors:
        raise ValidationError(errors)
    objection.upheld = upheld
    objection.resolution = resolution
    objection.resolved_by = user
    objection.resolved_on = resolved_on
    audited_save(objection, user=user)
    if upheld:
        commendation.state = CommendationState.WITHDRAWN
        commendation.decided_on = resolved_on
        commendation.decision_note = (_("异议成立：%(text)s") % {"text": resolution})[:500]
        audited_save(commendation, user=user)
    return objection


def confirm_refusal(commendation: Commendation) -> str:
    """Why the commendation cannot be confirmed now ("" when it can): the 公示 is over
    and every objection raised in it has been resolved."""
    if commendation.state != CommendationState.IN_NOTICE:
        return _("只有公示中的表彰可以确认。")
    if timezone.localdate() <= commendation.notice_ends_on:
        return _("公示期至 %(date)s 结束，期满后才能确认。") % {"date": commendation.notice_ends_on}
    open_objections = commendation.objections.filter(upheld__isnull=True).count()
    if open_objections:
        return _("公示期间有 %(count)s 条异议尚未处理，处理后才能确认。") % {
            "count": open_objections
        }
    return ""


@transaction.atomic
def commendation_confirm(*, commendation: Commendation, user: User, note: str = "") -> Commendation:
    """确认表彰, only once the public-notice period is over and its objections resolved."""
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    require(user, Action.COMMENDATION_CONFIRM, commendation)
    reason = confirm_refusal(commendation)
    if reason:
        raise ValidationError(reason)
    commendation.state = CommendationState.CONFIRMED
    commendation.decided_on = timezone.localdate()
    commendation.decision_note = note
    return audited_save(commendation, user=user)


@transaction.atomic
def commendation_withdraw(*, commendation: Commendation, user: User, note: str) -> Commendation:
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    require(user, Action.COMMENDATION_WITHDRAW, commendation)
    if commendation.state in (CommendationState.CONFIRMED, CommendationState.WITHDRAWN):
        raise ValidationError(_("已确认或已撤回的表彰不能撤回。"))
    if not note.strip():
        raise ValidationError({"decision_note": _("请写明撤回理由。")})
    commendation.state = CommendationState.WITHDRAWN
    commendation.decided_on = timezone.localdate()
    commendation.decision_note = note
    return audited_save(commendation, user=user)
