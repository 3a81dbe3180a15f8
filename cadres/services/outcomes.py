"""推荐, 调整, 问责: proposed by whoever manages the cadre, reviewed by someone else, decided by
the body with the authority, then announced, open to appeal, and filed.

The rules followed, each enforced below:
- 《中国共产党问责条例》第八条: measures on an organization (检查, 通报, 改组) and on a cadre
  (通报, 诫勉, 组织调整或者组织处理, 纪律处分), used alone or combined.
- 《中国共产党问责条例》: a decision is made by the party organization with the authority
  (有管理权限的党组织); a party working department (the organization department) may itself
  decide 通报 and 诫勉 and only proposes 组织调整或者组织处理, which the managing committee
  decides collectively; a 纪律处分 follows the procedure of 《中国共产党纪律处分条例》, so it is
  transferred to the 纪委监委 and its result recorded when it comes back.
- 《中国共产党问责条例》: the decision is announced to the cadre (宣布), its papers go into the
  cadre's personal file and are reported to the organization department one level up (备案);
  the cadre may appeal in writing within one month of receiving the decision, and the body
  that decided answers within one month (申诉期间不停止执行).
- 《党政领导干部选拔任用工作条例》: recommending or adjusting a cadre is decided collectively
  by the committee that manages the cadre (县委, or for 乡管 the township committee).
- Four eyes (DESIGN.md): the proposer neither reviews nor decides (organizations/policy.py).
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.codes import join_codes
from organizations.models import User
from organizations.policy import Action, require
from organizations.services import audited_save

from ..choices import (
    CADRE_MEASURES,
    DEPARTMENT_MEASURES,
    ORGANIZATIONAL_MEASURES,
    TEAM_MEASURES,
    AppealResult,
    DecidingBody,
    Management,
    Measure,
    OutcomeKind,
    OutcomeState,
    StepKind,
)
from ..models import Outcome, OutcomeStep
from .records import not_in_future, subject_fields

# The policy action of each step; anything else is refused as out of order, to someone who
# may propose outcomes.
STEP_ACTIONS = {
    StepKind.REVIEWED: Action.OUTCOME_REVIEW,
    StepKind.TRANSFERRED: Action.OUTCOME_TRANSFER,
    StepKind.DECIDED: Action.OUTCOME_DECIDE,
    StepKind.WITHDRAWN: Action.OUTCOME_WITHDRAW,
    StepKind.NOTIFIED: Action.OUTCOME_NOTIFY,
    StepKind.APPEALED: Action.OUTCOME_APPEAL,
    StepKind.APPEAL_DECIDED: Action.OUTCOME_APPEAL_DECIDE,
    StepKind.FILED: Action.OUTCOME_FILE,
}

# The steps that move the outcome's state, and to which one.
STATE_OF_STEP = {
    StepKind.REVIEWED: OutcomeState.REVIEWED,
    StepKind.TRANSFERRED: OutcomeState.TRANSFERRED,
    StepKind.DECIDED: OutcomeState.DECIDED,
    StepKind.WITHDRAWN: OutcomeState.WITHDRAWN,
}

COMMITTEES = (DecidingBody.COUNTY_COMMITTEE, DecidingBody.TOWNSHIP_COMMITTEE)

# What each step records beside its date and reason; anything else given is not kept.
STEP_RECORDS = {
    StepKind.TRANSFERRED: ("document_number",),
    StepKind.DECIDED: ("meeting", "document_number"),
    StepKind.NOTIFIED: ("method",),
    StepKind.APPEAL_DECIDED: ("result", "document_number"),
    StepKind.FILED: ("document_number",),
}


def step_action(state: str) -> Action:
    return STEP_ACTIONS.get(state, Action.OUTCOME_PROPOSE)


def one_month_after(day: datetime.date) -> datetime.date:
    """The same day of the next month, or its last day (31 January → 28/29 February)."""
    year, month = day.year + day.month // 12, day.month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def deciding_body(outcome: Outcome) -> str:
    """Who decides the outcome, by the cadre's 管理权限 and the measures (module docstring).

    A township's leadership team is led by the county committee. With a 纪律处分 alone the
    decision is the 纪委监委's; combined with other measures, those decide who records it
    and the 纪委监委's result is recorded with it.
    """
    if outcome.team_id:
        return DecidingBody.COUNTY_COMMITTEE
    measures = set(outcome.measure_list) - {Measure.DISCIPLINARY}
    if outcome.kind == OutcomeKind.ACCOUNTABILITY and not measures:
        return DecidingBody.DISCIPLINE_COMMISSION
    if outcome.cadre.management == Management.TOWNSHIP:
        return DecidingBody.TOWNSHIP_COMMITTEE
    if outcome.kind == OutcomeKind.ACCOUNTABILITY and measures <= DEPARTMENT_MEASURES:
        return DecidingBody.DEPARTMENT
    return DecidingBody.COUNTY_COMMITTEE


def appeal_deadline(taken: dict) -> datetime.date:
    """The last day an appeal may be lodged: a month after the decision was announced."""
    return one_month_after(taken[StepKind.NOTIFIED])


def appeal_answer_due(taken: dict) -> datetime.date:
    """The body that decided answers an appeal within a month of its lodging."""
    return one_month_after(taken[StepKind.APPEALED])


def needs_filing_report(outcome: Outcome) -> bool:
    """An accountability decision is reported to the organization department one level up
    (备案, with its document number); every decided outcome is filed (归档)."""
    return outcome.kind == OutcomeKind.ACCOUNTABILITY


def steps_taken(outcome: Outcome) -> dict[str, datetime.date]:
    return dict(outcome.steps.values_list("state", "acted_on"))


def allowed_steps(outcome: Outcome, taken: dict | None = None) -> list[str]:
    """The steps the outcome may take next, in the order the page offers them."""
    taken = steps_taken(outcome) if taken is None else taken
    state = outcome.state
    if state == OutcomeState.PROPOSED:
        return [StepKind.REVIEWED, StepKind.WITHDRAWN]
    if state == OutcomeState.REVIEWED:
        if Measure.DISCIPLINARY in outcome.measure_list:
            return [StepKind.TRANSFERRED, StepKind.WITHDRAWN]
        return [StepKind.DECIDED, StepKind.WITHDRAWN]
    if state == OutcomeState.TRANSFERRED:
        return [StepKind.DECIDED, StepKind.WITHDRAWN]
    if state != OutcomeState.DECIDED:
        return []
    if StepKind.NOTIFIED not in taken:
        return [StepKind.NOTIFIED]
    steps = []
    # An appeal lodged in time may be recorded later, until the outcome is filed; once filed,
    # only while the month for appeals is still running.
    if (
        outcome.kind != OutcomeKind.RECOMMEND
        and StepKind.APPEALED not in taken
        and (StepKind.FILED not in taken or timezone.localdate() <= appeal_deadline(taken))
    ):
        steps.append(StepKind.APPEALED)
    if StepKind.APPEALED in taken and StepKind.APPEAL_DECIDED not in taken:
        steps.append(StepKind.APPEAL_DECIDED)
    elif StepKind.FILED not in taken:
        steps.append(StepKind.FILED)
    return steps


def _measure_errors(kind: str, measures: list[str], is_team: bool) -> dict:
    if kind != OutcomeKind.ACCOUNTABILITY:
        errors = {}
        if is_team:
            errors["kind"] = _("推荐和调整的对象是干部个人，领导班子只能问责。")
        if measures:
            errors["measures"] = _("只有问责需要选择问责方式。")
        return errors
    allowed = TEAM_MEASURES if is_team else CADRE_MEASURES
    if not measures or set(measures) - set(allowed):
        return {
            "measures": _("请选择适用于%(who)s的问责方式（可多选）：%(list)s。")
            % {
                "who": _("党组织") if is_team else _("干部"),
                "list": "、".join(str(m.label) for m in allowed),
            }
        }
    if len(set(measures) & ORGANIZATIONAL_MEASURES) > 1:
        return {
            "measures": _("组织调整或者组织处理只能选一种（%(list)s）。")
            % {"list": "、".join(str(Measure(m).label) for m in sorted(ORGANIZATIONAL_MEASURES))}
        }
    return {}


def _step(outcome: Outcome, *, state: str, user: User, acted_on, **fields) -> OutcomeStep:
    step = OutcomeStep(outcome=outcome, state=state, acted_on=acted_on, acted_by=user, **fields)
    return audited_save(step, user=user)


@transaction.atomic
def outcome_propose(
    *,
    user: User,
    subject,
    kind: str,
    reason: str,
    records,
    measures=(),
    follows: Outcome | None = None,
) -> Outcome:
    """提议 a recommendation, adjustment or accountability resting on the subject's reviewed
    records, by whoever manages the subject (policy: 管理权限)."""
    require(user, Action.OUTCOME_PROPOSE, subject)
    fields = subject_fields(subject)
    measures = list(measures)
    records = list(records)
    errors = {}
    if not records:
        errors["records"] = _("必须引用至少一条该对象的一线表现记录。")
    elif any(
        (record.cadre_id, record.team_id)
        != (getattr(fields["cadre"], "pk", None), getattr(fields["team"], "pk", None))
        for record in records
    ):
        errors["records"] = _("引用的一线表现记录必须是同一对象的。")
    elif not all(record.is_reviewed for record in records):
        errors["records"] = _("引用的一线表现记录必须已经审核。")
    errors.update(_measure_errors(kind, measures, is_team=fields["team"] is not None))
    if not reason.strip():
        errors["reason"] = _("请写明理由。")
    if follows is not None and Outcome.objects.get(pk=follows.pk).state not in (
        OutcomeState.DECIDED,
        OutcomeState.REVOKED,
    ):
        errors["follows"] = _("只能接续已决定（或申诉后撤销、变更）的结果。")
    if errors:
        raise ValidationError(errors)
    outcome = Outcome(
        **fields,
        kind=kind,
        measures=join_codes(measures, Measure),
        reason=reason,
        state=OutcomeState.PROPOSED,
        follows=follows,
        created_by=user,
    )
    audited_save(outcome, user=user)
    outcome.records.set(records)
    _step(outcome, state=StepKind.PROPOSED, user=user, reason=reason, acted_on=timezone.localdate())
    return outcome


def _step_errors(outcome: Outcome, state: str, taken: dict, fields: dict) -> dict:
    """What the step must carry, by the rules in the module docstring."""
    errors = {}
    reason = fields["reason"].strip()
    required_reason = {
        StepKind.REVIEWED: _("请写明审核意见。"),
        StepKind.TRANSFERRED: _("请写明移送的事由。"),
        StepKind.DECIDED: _("请写明决定的内容。"),
        StepKind.WITHDRAWN: _("请写明撤回的理由。"),
        StepKind.APPEALED: _("请写明申诉的理由。"),
        StepKind.APPEAL_DECIDED: _("请写明申诉处理的意见。"),
    }
    if state in required_reason and not reason:
        errors["reason"] = required_reason[state]
    if state in (StepKind.TRANSFERRED, StepKind.APPEAL_DECIDED) and not fields["document_number"]:
        errors["document_number"] = _("请填写文号。")
    if state == StepKind.DECIDED:
        body = deciding_body(outcome)
        if body in COMMITTEES and not fields["meeting"]:
            errors["meeting"] = _(
                "%(body)s集体讨论决定：请填写会议（如：县委常委会第12次会议）。"
            ) % {"body": DecidingBody(body).label}
        if not fields["document_number"]:
            errors["document_number"] = _("请填写%(body)s决定的文号。") % {
                "body": DecidingBody(body).label
            }
    if state == StepKind.NOTIFIED and not fields["method"]:
        errors["method"] = _("请选择告知方式。")
    if state == StepKind.APPEALED:
        deadline = appeal_deadline(taken)
        if fields["acted_on"] > deadline:
            errors["acted_on"] = _(
                "申诉须在收到决定之日起一个月内提出（%(notified)s 告知，%(deadline)s 截止）。"
            ) % {"notified": taken[StepKind.NOTIFIED], "deadline": deadline}
    if state == StepKind.APPEAL_DECIDED and not fields["result"]:
        errors["result"] = _("请选择申诉处理结果。")
    if state == StepKind.FILED and needs_filing_report(outcome) and not fields["document_number"]:
        errors["document_number"] = _("问责决定须报上一级组织部门备案：请填写备案文号。")
    return errors


@transaction.atomic
def outcome_advance(
    *,
    outcome: Outcome,
    user: User,
    state: str,
    reason: str = "",
    acted_on: datetime.date | None = None,
    meeting: str = "",
    document_number: str = "",
    method: str = "",
    result: str = "",
) -> Outcome:
    """One step on the outcome's file, in order, dated no earlier than the last one and not
    in the future, carrying what the step must carry; a decision is final, except that an
    appeal decided against it revokes it (a changed decision is then proposed anew, following
    this one)."""
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    require(user, step_action(state), outcome)
    taken = steps_taken(outcome)
    if state not in allowed_steps(outcome, taken):
        if outcome.state == OutcomeState.DECIDED and state in STATE_OF_STEP:
            raise ValidationError(_("该结果已决定，不能再更改；如需变更，请另行提议并接续此结果。"))
        label = StepKind(state).label if state in StepKind.values else state
        raise ValidationError(
            {
                "state": _("当前为“%(now)s”，不能直接“%(next)s”。")
                % {"now": outcome.get_state_display(), "next": label}
            }
        )
    acted_on = acted_on or timezone.localdate()
    given = {
        "meeting": meeting.strip(),
        "document_number": document_number.strip(),
        "method": method,
        "result": result,
    }
    kept = STEP_RECORDS.get(state, ())
    fields = {
        "reason": reason,
        "acted_on": acted_on,
        **{name: value if name in kept else "" for name, value in given.items()},
    }
    errors = _step_errors(outcome, state, taken, fields)
    last = max(taken.values())
    if acted_on < last:
        errors.setdefault("acted_on", _("日期不能早于上一步（%(date)s）。") % {"date": last})
    not_in_future(errors, "acted_on", acted_on, _("日期"))
    if errors:
        raise ValidationError(errors)
    body = ""
    if state == StepKind.DECIDED:
        body = deciding_body(outcome)
    elif state == StepKind.TRANSFERRED:
        body = DecidingBody.DISCIPLINE_COMMISSION
    _step(outcome, state=state, user=user, body=body, **fields)
    if state in STATE_OF_STEP:
        outcome.state = STATE_OF_STEP[state]
    elif state == StepKind.APPEAL_DECIDED and result != AppealResult.UPHELD:
        outcome.state = OutcomeState.REVOKED
    else:
        return outcome
    return audited_save(outcome, user=user)
