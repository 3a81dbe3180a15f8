"""表彰: nominated, made public (公示) for a legal minimum, objections resolved, then confirmed."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from organizations.models import Organization, User
from organizations.policy import Action, require
from organizations.services import audited_save

from ..choices import (
    CommendationKind,
    CommendationState,
)
from ..models import (
    Cadre,
    Commendation,
    CommendationObjection,
)


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
