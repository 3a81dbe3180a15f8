"""党员处理: a 党纪处分 or a 组织处理, recorded or proposed, and approved from above."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.choices import OrganizationKind
from organizations.models import Organization, User
from organizations.policy import Action, require
from organizations.services import audited_save

from ..choices import (
    DISCIPLINE_MEASURES,
    ENDS_MEMBERSHIP,
    NEEDS_APPROVAL,
    DisciplineDecision,
    DisciplineKind,
    DisciplineStatus,
    MemberStatus,
)
from ..choices import StepKind as PipelineStep
from ..models import Activist, DisciplineCase, Member, PostAssignment, Registration
from .activists import development_step_record
from .registry import member_update
from .rules import _not_in_future, _raise_if, _require_writer

# Branches and general branches are no party committee: they cannot approve (党章 第七章).
NOT_COMMITTEES = frozenset(
    {OrganizationKind.BRANCH, OrganizationKind.GENERAL_BRANCH, OrganizationKind.TEMPORARY_BRANCH}
)


def measures_for(member: Member, kind: str) -> tuple:
    """The measures a case of `kind` may take on `member`: a probationary member gets no
    党纪处分, only 批评教育, 延长预备期 or 取消预备党员资格 (《中国共产党纪律处分条例》;
    党章 第七条; 《发展党员工作细则》第五章 预备党员的教育、考察和转正)."""
    probationary = member.status == MemberStatus.PROBATIONARY
    return DISCIPLINE_MEASURES.get((kind, probationary), ())


def _measure_rules(errors: dict, member: Member, kind: str, decision: str, fields: dict) -> None:
    if kind not in DisciplineKind.values:
        errors["kind"] = _("请先选择处理类别（党纪处分或组织处理）。")
        return
    allowed = measures_for(member, kind)
    if member.status == MemberStatus.PROBATIONARY and kind == DisciplineKind.SANCTION:
        errors["kind"] = _("预备党员不能给予党纪处分，只能批评教育、延长预备期或取消预备党员资格。")
    elif decision not in allowed:
        errors["decision"] = _("“%(decision)s”不是对%(status)s的%(kind)s措施。") % {
            "decision": DisciplineDecision(decision).label
            if decision in DisciplineDecision.values
            else decision,
            "status": member.get_status_display(),
            "kind": DisciplineKind(kind).label,
        }
    years = fields.get("probation_years")
    if decision == DisciplineDecision.PROBATION:
        if years not in (1, 2):
            errors["probation_years"] = _("留党察看期限为一年或二年，请选择。")
    elif years is not None:
        errors["probation_years"] = _("只有留党察看填写察看期限。")
    months = fields.get("extension_months")
    if decision == DisciplineDecision.EXTEND_PROBATION:
        if months is None or not 6 <= months <= 12:
            errors["extension_months"] = _("延长预备期不能少于半年，最长不超过一年（6至12个月）。")
    elif months is not None:
        errors["extension_months"] = _("只有延长预备期填写延长月数。")


def _facts_rules(errors: dict, member: Member, fields: dict) -> None:
    """The post or 报到 a case rests on is the member's own (notice §4)."""
    assignment: PostAssignment | None = fields.get("assignment")
    if assignment is not None and assignment.member_id != member.pk:
        errors["assignment"] = _("所涉岗区必须是该党员本人的上岗记录。")
    registration: Registration | None = fields.get("registration")
    if registration is not None and registration.member_id != member.pk:
        errors["registration"] = _("所涉报到必须是该党员本人的报到记录。")


def discipline_check(
    *,
    user: User | None,
    member: Member,
    deciding_organization: Organization,
    kind: str,
    decision: str,
    decided_on: datetime.date | None,
    **fields,
) -> None:
    """Raise what `discipline_record` would raise, writing nothing: the page asks for
    confirmation only of a case that would be accepted."""
    if user is not None:
        require(user, Action.DISCIPLINE_PROPOSE, deciding_organization)
    errors = {}
    if not member.is_active:
        errors["decision"] = _("该党员已不在册，不能再作处理。")
    if not member.organization.path.startswith(deciding_organization.path):
        errors["deciding_organization"] = _("作出决定的组织必须是该党员所在党支部或其上级党组织。")
    elif (
        user is not None
        and not Organization.objects.visible_to(user).filter(pk=deciding_organization.pk).exists()
    ):
        errors["deciding_organization"] = _("只能以本人负责的组织作出决定或提请。")
    _measure_rules(errors, member, kind, decision, fields)
    if decision == DisciplineDecision.EXTEND_PROBATION and (reason := _extended_already(member)):
        errors["decision"] = reason
    _facts_rules(errors, member, fields)
    _not_in_future(errors, "decided_on", decided_on, _("决定日期"))
    _raise_if(errors)


@transaction.atomic
def discipline_record(
    *,
    user: User | None,
    member: Member,
    deciding_organization: Organization,
    kind: str,
    decision: str,
    **fields,
) -> DisciplineCase:
    """Record a case. A measure that needs the upper committee's approval is only proposed
    (待上级党委批准) and takes effect in `discipline_approve`; the others take effect now."""
    _require_writer(user)
    discipline_check(
        user=user,
        member=member,
        deciding_organization=deciding_organization,
        kind=kind,
        decision=decision,
        **fields,
    )
    # Lock the member: a double tap on "confirm" must not record the same case twice.
    member = Member.objects.select_for_update().get(pk=member.pk)
    if DisciplineCase.objects.filter(
        member=member,
        deciding_organization=deciding_organization,
        kind=kind,
        decision=decision,
        **fields,
    ).exists():
        raise ValidationError(_("这一处理决定已经记录，未重复记录。"))
    case = DisciplineCase(
        member=member,
        deciding_organization=deciding_organization,
        kind=kind,
        decision=decision,
        recorded_by=user,
        status=DisciplineStatus.PROPOSED
        if decision in NEEDS_APPROVAL
        else DisciplineStatus.IN_EFFECT,
        **fields,
    )
    audited_save(case, user=user)
    if case.in_effect:
        _take_effect(case, user=user)
    return case


def discipline_approve_check(
    *,
    user: User,
    case: DisciplineCase,
    approving_organization: Organization | None,
    approved_on: datetime.date | None,
    approval_document: str,
) -> None:
    """The upper committee's approval: a party committee above the proposing organization,
    dated, with its document number (党章 第七章 党的纪律, 第九条)."""
    require(user, Action.DISCIPLINE_APPROVE, case)
    errors = {}
    proposer = case.deciding_organization
    if approving_organization is None:
        errors["approving_organization"] = _("请选择批准的上级党委。")
    elif not (
        proposer.path.startswith(approving_organization.path)
        and proposer.path != approving_organization.path
    ) or (approving_organization.kind in NOT_COMMITTEES):
        errors["approving_organization"] = _("批准组织必须是%(name)s的上级党委。") % {
            "name": proposer.name
        }
    elif not Organization.objects.visible_to(user).filter(pk=approving_organization.pk).exists():
        errors["approving_organization"] = _("只能记录本人所在党委的批准。")
    if not (approval_document or "").strip():
        errors["approval_document"] = _("请填写批准文号。")
    if case.decision == DisciplineDecision.EXTEND_PROBATION and (
        reason := _extended_already(case.member)
    ):
        errors["decision"] = reason
    if approved_on is None:
        errors["approved_on"] = _("请填写批准日期。")
    else:
        _not_in_future(errors, "approved_on", approved_on, _("批准日期"))
        if approved_on < case.decided_on:
            errors["approved_on"] = _("批准日期不能早于提请（决定）日期 %(date)s。") % {
                "date": case.decided_on.isoformat()
            }
    _raise_if(errors)


@transaction.atomic
def discipline_approve(
    *,
    user: User,
    case: DisciplineCase,
    approving_organization: Organization,
    approved_on: datetime.date,
    approval_document: str,
) -> DisciplineCase:
    """Record the upper committee's approval; the case takes effect with it."""
    _require_writer(user)
    case = DisciplineCase.objects.select_for_update().select_related("member").get(pk=case.pk)
    discipline_approve_check(
        user=user,
        case=case,
        approving_organization=approving_organization,
        approved_on=approved_on,
        approval_document=approval_document,
    )
    case.approving_organization = approving_organization
    case.approved_on = approved_on
    case.approval_document = approval_document.strip()
    case.approved_by = user
    case.status = DisciplineStatus.IN_EFFECT
    audited_save(case, user=user)
    _take_effect(case, user=user)
    return case


def _pipeline(member: Member) -> Activist | None:
    """The 火线入党 pipeline that made this member, if the member came through one."""
    return Activist.objects.filter(member=member).first()


def _extended_already(member: Member) -> str:
    """党章 第七条: a probation is extended at most once, whether the extension is recorded
    in the member's development pipeline or as a decision here (asked when a 延长预备期 is
    proposed and again when it is approved)."""
    pipeline = _pipeline(member)
    in_pipeline = (
        pipeline is not None and pipeline.steps.filter(kind=PipelineStep.EXTENSION).exists()
    )
    decided = DisciplineCase.objects.filter(
        member=member,
        decision=DisciplineDecision.EXTEND_PROBATION,
        status=DisciplineStatus.IN_EFFECT,
    ).exists()
    if in_pipeline or decided:
        return _("预备期只能延长一次，该党员的预备期已经延长。")
    return ""


def _take_effect(case: DisciplineCase, *, user: User | None) -> None:
    """开除党籍, 除名 and 取消预备党员资格 end the membership: the member leaves the register
    through the register's own service, so the member's history says who and when.

    A 延长预备期 or 取消预备党员资格 of a member who came through the development pipeline is
    recorded in the pipeline too, by its own service (《发展党员工作细则》第五章, 党章 第七条),
    so the 转正 date the pipeline shows and enforces is the extended one, and a cancelled
    probation ends the pipeline.
    """
    pipeline = _pipeline(case.member)
    if pipeline is not None and pipeline.ended_on is None:
        note = _("党员处理决定（%(organization)s，%(date)s）") % {
            "organization": case.deciding_organization.name,
            "date": case.decided_on.isoformat(),
        }
        if case.decision == DisciplineDecision.EXTEND_PROBATION:
            development_step_record(
                activist=pipeline,
                user=user,
                kind=PipelineStep.EXTENSION,
                happened_on=case.approved_on,
                months=case.extension_months,
                organization=case.approving_organization,
                document_number=case.approval_document,
                note=note,
            )
        elif case.decision == DisciplineDecision.CANCEL_PROBATIONARY:
            development_step_record(
                activist=pipeline,
                user=user,
                kind=PipelineStep.ENDED,
                happened_on=case.approved_on,
                note=note,
            )
    case.member.refresh_from_db()
    if case.decision in ENDS_MEMBERSHIP and case.member.is_active:
        member_update(member=case.member, user=user, is_active=False)
