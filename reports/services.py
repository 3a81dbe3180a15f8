"""Filing reports, answering needs, publishing and acknowledging directives."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.policy import Action, require
from organizations.services import audited_save
from organizations.uploads import check_upload

from .choices import NOTICE_ITEMS, NOTICE_TITLE
from .models import (
    Acknowledgement,
    Directive,
    DirectiveItem,
    Need,
    Period,
    ReportingCadence,
    ReportPhoto,
    StatusReport,
)
from .selectors import figures_for


@transaction.atomic
def cadence_update(*, user: User, **fields) -> ReportingCadence:
    """The county sets how often organizations report; the old setting stays on file."""
    require(user, Action.CADENCE_SET)
    return audited_save(ReportingCadence(created_by=user, **fields), user=user)


@transaction.atomic
def report_submit(
    *,
    user: User,
    organization: Organization,
    period: Period,
    highlights: str = "",
    risk: str,
    needs: list[str] = (),
    photos=(),
) -> StatusReport:
    """File (or update) an organization's report for a period.

    The figures are read from the records at this moment; the secretary supplies only
    highlights, new needs, the risk level and photos. Filing twice updates one report.
    """
    require(user, Action.REPORT_FILE, organization)
    errors = {}
    if period.start > timezone.localdate():
        errors["period"] = _("不能为尚未开始的周期报送。")
    checked = []
    for photo in photos:
        try:
            kept = check_upload(photo)
        except ValidationError as error:
            errors.setdefault("photos", []).extend(error.messages)
            continue
        if not kept.content_type.startswith("image/"):
            errors.setdefault("photos", []).append(_("“%(name)s”不是图片。") % {"name": photo.name})
        checked.append(kept)
    needs = [text.strip() for text in needs if text.strip()]
    if any(len(text) > 500 for text in needs):
        errors["needs"] = _("每条困难和需求不超过 500 字。")
    if errors:
        raise ValidationError(errors)

    # Lock the organization: a double tap on "报送" waits here, then finds the report the
    # first tap filed and updates it, instead of filing a second one the database refuses.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    report = (
        StatusReport.objects.select_for_update()
        .filter(organization=organization, period_start=period.start)
        .first()
    )
    if report is None:
        report = StatusReport(
            organization=organization,
            period_start=period.start,
            period_end=period.end,
            submitted_by=user,
            submitted_at=timezone.now(),
        )
    report.figures = figures_for(organization, period)
    report.highlights = highlights
    report.risk = risk
    audited_save(report, user=user)
    for text in needs:
        need = Need(
            report=report, organization=organization, text=text, raised_on=timezone.localdate()
        )
        audited_save(need, user=user)
    for kept in checked:
        audited_save(
            ReportPhoto(
                report=report,
                file=kept.file,
                content_type=kept.content_type,
                original_name=kept.name,
            ),
            user=user,
        )
    return report


@transaction.atomic
def need_answer(*, need: Need, user: User, handler: str, answer: str, close: bool) -> Need:
    """The county answers a need (who handles it, what was done) and may close it."""
    require(user, Action.NEED_ANSWER, need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not need.is_open:
        raise ValidationError(_("该事项已办结。"))
    if not answer.strip():
        raise ValidationError({"answer": _("请写明办理情况。")})
    need.handler = handler
    need.answer = answer
    need.answered_by = user
    if close:
        need.closed_at = timezone.now()
    return audited_save(need, user=user)


@transaction.atomic
def need_reopen(*, need: Need, user: User, reason: str) -> Need:
    """The county reopens a need closed too early (the difficulty came back, the answer did
    not solve it), saying why; the reason joins the answer, and history keeps the close."""
    require(user, Action.NEED_REOPEN, need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.is_open:
        raise ValidationError(_("该事项尚未办结，无需重新办理。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请写明重新办理的原因。")})
    note = _("%(day)s 重新办理：%(reason)s") % {
        "day": timezone.localdate().isoformat(),
        "reason": reason,
    }
    need.answer = f"{need.answer}\n{note}"
    need.closed_at = None
    return audited_save(need, user=user)


@transaction.atomic
def directive_publish(
    *, user: User, title: str, items: list[tuple[str, str]], issued_on: datetime.date | None = None
) -> Directive:
    require(user, Action.DIRECTIVE_ISSUE)
    items = [(text.strip(), evidence) for text, evidence in items if text.strip()]
    if not items:
        raise ValidationError({"items": _("请至少写一项部署内容。")})
    directive = audited_save(
        Directive(title=title, issued_on=issued_on or timezone.localdate(), issued_by=user),
        user=user,
    )
    for number, (text, evidence) in enumerate(items, start=1):
        audited_save(
            DirectiveItem(directive=directive, number=number, text=text, evidence=evidence),
            user=user,
        )
    return directive


def notice_directive_ensure() -> Directive:
    """The notice's six points as the first directive (after a flush, in a new database)."""
    directive = Directive.objects.filter(title=NOTICE_TITLE).first()
    if directive is None:
        directive = Directive.objects.create(
            title=NOTICE_TITLE, issued_on=datetime.date(2020, 1, 28)
        )
        for number, (text, evidence) in enumerate(NOTICE_ITEMS, start=1):
            DirectiveItem.objects.create(
                directive=directive, number=number, text=text, evidence=evidence
            )
    return directive


@transaction.atomic
def directive_acknowledge(
    *, directive: Directive, organization: Organization, user: User
) -> Acknowledgement:
    """签收 in one click by an organization that reports; a second click changes nothing."""
    require(user, Action.DIRECTIVE_ACKNOWLEDGE, organization)
    # Lock the organization: a double click waits here, then finds the first one's 签收.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    existing = Acknowledgement.objects.filter(directive=directive, organization=organization)
    if existing.exists():
        raise ValidationError(_("已签收。"))
    return audited_save(
        Acknowledgement(directive=directive, organization=organization, acknowledged_by=user),
        user=user,
    )
