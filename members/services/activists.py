"""火线发展: an activist's stages and the procedure between them, in order, on legal dates.

《中国共产党发展党员工作细则》 (2014) is the procedure: chapter 二 (入党积极分子 trained a year
or more), 三 (发展对象: two full members as 入党介绍人, 政治审查, 短期集中培训 of at least
3 days or 24 class hours), 四 (接收预备党员: 公示, 上级党委预审, 支部大会讨论, 上级党委在3个月内
审批, 入党宣誓), 五 (预备期, 延长预备期 of half a year to a year, 取消预备党员资格). 党章
第七条: 预备期为一年, counted from the day the branch general meeting admitted the member.
Nothing here can be waived by typing a note: the one shortening the rules allow (缩短培养期
for outstanding front-line performance, the 2020 notice) is a step with the approving
committee, date and document.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.choices import OrganizationKind
from organizations.concurrency import again_after_duplicate
from organizations.models import Organization, User
from organizations.policy import Action, require
from organizations.services import audited_save

from ..choices import (
    CANDIDATE_STEPS,
    STAGE_ORDER,
    MemberCategory,
    MemberStatus,
    PipelineEnd,
    Stage,
    StepKind,
)
from ..models import Activist, ActivistEvent, DevelopmentStep, Member
from .registry import id_number_not_here, member_create, member_update
from .rules import _add_years, _not_in_future, _person_from_id, _raise_if

# The fields each step records (besides its date); all are required unless listed optional.
STEP_FIELDS = {
    StepKind.SHORTENING: ["branch_decided_on", "organization", "document_number", "note"],
    StepKind.INTRODUCERS: ["introducer_one", "introducer_two"],
    StepKind.POLITICAL_REVIEW: ["note"],
    StepKind.TRAINING: ["training_days", "training_hours"],
    StepKind.PUBLIC_NOTICE: ["ends_on"],
    StepKind.PRE_REVIEW: ["organization"],
    StepKind.BRANCH_MEETING: ["voters_entitled", "votes_for"],
    StepKind.APPROVAL: ["organization", "document_number"],
    StepKind.OATH: [],
    StepKind.EXTENSION: ["months", "organization", "document_number", "note"],
    StepKind.ENDED: ["note"],
}
OPTIONAL_FIELDS = {"training_days", "training_hours"}
# Who may record a step: the upper committee's decisions are not the branch's to record.
STEP_ACTIONS = {
    StepKind.SHORTENING: Action.ACTIVIST_APPROVE,
    StepKind.PRE_REVIEW: Action.ACTIVIST_APPROVE,
    StepKind.APPROVAL: Action.ACTIVIST_APPROVE,
    StepKind.EXTENSION: Action.ACTIVIST_APPROVE,
    StepKind.ENDED: Action.ACTIVIST_END,
}
STAGE_ACTIONS = {
    Stage.APPLICANT: Action.ACTIVIST_TRAIN,
    Stage.ACTIVIST: Action.ACTIVIST_TRAIN,
    Stage.CANDIDATE: Action.ACTIVIST_DEVELOP,
    Stage.FULL: Action.ACTIVIST_DEVELOP,
}
# The upper party committees that approve: never a branch or a general branch.
COMMITTEE_KINDS = frozenset(
    {
        OrganizationKind.COUNTY,
        OrganizationKind.TOWNSHIP,
        OrganizationKind.STREET,
        OrganizationKind.INDUSTRIAL_PARK,
        OrganizationKind.COUNTY_ORGAN,
        OrganizationKind.COMMITTEE,
    }
)
TRAINING_DAYS = 3
TRAINING_HOURS = 24
APPROVAL_MONTHS = 3


def _require(user: User | None, action: Action, activist: Activist | None = None) -> None:
    """`None` is the data generator (seed_demo, factories); everyone else asks the policy."""
    if user is not None:
        require(user, action, activist)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def upper_committees(activist: Activist):
    """The party committees above the activist's branch: who may approve for it."""
    return Organization.objects.get_ancestors(activist.organization).filter(
        kind__in=COMMITTEE_KINDS
    )


# ---- reading the pipeline ------------------------------------------------------------------


def _steps(activist: Activist) -> dict[str, DevelopmentStep]:
    return {step.kind: step for step in activist.steps.all()}


def _event(activist: Activist, stage: Stage) -> ActivistEvent | None:
    return next((e for e in activist.events.all() if e.stage == stage), None)


def next_step(activist: Activist) -> str | None:
    """What the pipeline takes next: a `Stage` to enter or a `StepKind` to record; None when
    it is complete or ended. Optional steps (缩短培养期, 延长预备期, 终止) are `optional_steps`."""
    if activist.ended_on is not None:
        return None
    stage = Stage(activist.stage)
    steps = _steps(activist)
    if stage == Stage.APPLICANT:
        return Stage.ACTIVIST
    if stage == Stage.ACTIVIST:
        return Stage.CANDIDATE
    if stage == Stage.CANDIDATE:
        return next(kind for kind in CANDIDATE_STEPS if kind not in steps)
    if stage == Stage.PROBATIONARY:
        return Stage.FULL if StepKind.OATH in steps else StepKind.OATH
    return None


def optional_steps(activist: Activist) -> list[StepKind]:
    if activist.ended_on is not None or activist.stage == Stage.FULL:
        return []
    steps = _steps(activist)
    optional = []
    if activist.stage == Stage.ACTIVIST and StepKind.SHORTENING not in steps:
        optional.append(StepKind.SHORTENING)
    if activist.stage == Stage.PROBATIONARY and StepKind.EXTENSION not in steps:
        optional.append(StepKind.EXTENSION)
    return [*optional, StepKind.ENDED]


def end_kind(activist: Activist) -> PipelineEnd:
    """How a pipeline ends follows from its stage; nobody chooses it."""
    if activist.stage == Stage.PROBATIONARY:
        return PipelineEnd.PROBATION_CANCELLED
    if activist.stage == Stage.CANDIDATE:
        return PipelineEnd.NOT_CANDIDATE
    return PipelineEnd.DISQUALIFIED


def probation_ends_on(activist: Activist) -> datetime.date | None:
    """党章 第七条: a year from the branch general meeting, plus an extension decided."""
    if activist.member is None:
        return None
    ends = _add_years(activist.member.joined_on, 1)
    extension = _steps(activist).get(StepKind.EXTENSION)
    return _add_months(ends, extension.months) if extension else ends


def training_ends_on(activist: Activist) -> datetime.date | None:
    """《发展党员工作细则》第二章: an 入党积极分子 is trained a year before 发展对象."""
    became = _event(activist, Stage.ACTIVIST)
    return _add_years(became.happened_on, 1) if became else None


def _last_day(activist: Activist) -> datetime.date:
    """The latest day anything happened in the pipeline: no step may be dated before it."""
    days = [event.happened_on for event in activist.events.all()]
    days += [step.last_day for step in activist.steps.all() if step.kind != StepKind.ENDED]
    return max(days)


# ---- registering -----------------------------------------------------------------------------


def _id_number_free(activist: Activist, user: User, errors: dict) -> None:
    """Refuse a person already a member or already an activist. Who does not see that member
    or activist is told only that the number cannot be used here (issue #15): "already a
    party member" would tell a township that the person is a member elsewhere."""
    for model, known in (
        (Member, _("此身份证号码已是党员，不能再作为发展对象登记。")),
        (Activist, _("此身份证号码已登记为发展对象，不能重复登记。")),
    ):
        holders = model.objects.filter(id_number=activist.id_number)
        if holders.exists():
            seen = user is None or holders.visible_to(user).exists()
            errors["id_number"] = known if seen else id_number_not_here()
            return


@again_after_duplicate("activist_id_number_unique")
@transaction.atomic
def activist_create(
    *,
    user: User,
    applied_on: datetime.date,
    performance: str,
    **fields,
) -> Activist:
    """Record a person who applied on the front line; their first stage is 入党申请人.

    党章 第一条: only a person of eighteen or more may apply, checked on the application
    date against the birth date the ID number gives. A temporary branch may train them
    (教育培养); it cannot develop them (see `Action.ACTIVIST_DEVELOP`).
    """
    _require(user, Action.ACTIVIST_TRAIN)
    activist = Activist(stage=Stage.APPLICANT, **fields)
    errors = {}
    _person_from_id(activist, errors)
    # Lock the training branch first: a double tap waits here, then finds the first tap's
    # applicant through the ordinary check below (the retry after a lost race stays for
    # the same number typed in two branches at once).
    Organization.objects.select_for_update().filter(pk=activist.organization_id).first()
    _id_number_free(activist, user, errors)
    if activist.organization.kind not in (
        OrganizationKind.BRANCH,
        OrganizationKind.TEMPORARY_BRANCH,
    ):
        errors["organization"] = _("培养党支部必须是党支部或临时党支部。")
    _not_in_future(errors, "applied_on", applied_on, _("申请日期"))
    if activist.birth_date and applied_on and applied_on < _add_years(activist.birth_date, 18):
        errors.setdefault("applied_on", []).append(
            _("递交入党申请时应年满十八周岁（出生日期 %(birth)s），不能登记。")
            % {"birth": activist.birth_date.isoformat()}
        )
    _raise_if(errors)
    audited_save(activist, user=user)
    event = ActivistEvent(
        activist=activist,
        stage=Stage.APPLICANT,
        happened_on=applied_on,
        performance=performance,
        recorded_by=user,
    )
    audited_save(event, user=user)
    return activist


# ---- the stages ------------------------------------------------------------------------------


def activist_advance_check(*, activist: Activist, stage: str, happened_on: datetime.date) -> None:
    """Raise the ValidationError `activist_advance` would raise, writing nothing: the page
    asks for confirmation of a step only once the step is known to be allowed."""
    if activist.ended_on is not None:
        raise ValidationError({"stage": _("发展程序已终止，不能再记录。")})
    if activist.stage == Stage.FULL:
        raise ValidationError({"stage": _("已是正式党员，发展程序已完成。")})
    current = STAGE_ORDER.index(Stage(activist.stage))
    wanted = STAGE_ORDER.index(Stage(stage))
    if wanted <= current:
        raise ValidationError(
            {
                "stage": _("不能退回或重复：当前已是“%(stage)s”。")
                % {"stage": activist.get_stage_display()}
            }
        )
    if wanted > current + 1:
        raise ValidationError(
            {"stage": _("不能跳过“%(stage)s”阶段。") % {"stage": STAGE_ORDER[current + 1].label}}
        )
    upcoming = next_step(activist)
    if upcoming != stage:
        raise ValidationError(
            {"stage": _("须先完成“%(step)s”，不能跳过。") % {"step": StepKind(upcoming).label}}
        )
    errors = {}
    last = _last_day(activist)
    if happened_on < last:
        errors["happened_on"] = [_("日期不能早于上一步（%(date)s）。") % {"date": last.isoformat()}]
    _not_in_future(errors, "happened_on", happened_on, _("日期"))
    if stage == Stage.CANDIDATE:
        _raise_if_training_short(activist, happened_on, errors)
    if stage == Stage.FULL:
        ends = probation_ends_on(activist)
        if happened_on < ends:
            errors.setdefault("happened_on", []).append(
                _("预备期至 %(ends)s 才满（党章第七条：预备期为一年），不能提前转正。")
                % {"ends": ends.isoformat()}
            )
    _raise_if(errors)


def _raise_if_training_short(activist: Activist, happened_on, errors: dict) -> None:
    """A year's training before 发展对象, unless the upper committee approved a shortening."""
    ends = training_ends_on(activist)
    if happened_on >= ends:
        return
    shortening = _steps(activist).get(StepKind.SHORTENING)
    if shortening is None:
        errors.setdefault("happened_on", []).append(
            _(
                "入党积极分子须培养考察一年以上（至 %(ends)s）。一线表现突出需缩短的，"
                "须先记录党支部决定和上级党委的批准。"
            )
            % {"ends": ends.isoformat()}
        )
    elif happened_on < shortening.happened_on:
        errors.setdefault("happened_on", []).append(
            _("不能早于上级党委批准缩短培养期的日期（%(date)s）。")
            % {"date": shortening.happened_on.isoformat()}
        )


@transaction.atomic
def activist_advance(
    *,
    activist: Activist,
    user: User,
    stage: str,
    happened_on: datetime.date,
    performance: str,
) -> ActivistEvent:
    """Move an activist one stage on: 入党积极分子, 发展对象, or 正式党员 (转正 records the
    full-membership date on the member). 预备党员 is entered by the upper committee's
    approval (`development_step_record`), never chosen here."""
    activist = Activist.objects.select_for_update().get(pk=activist.pk)
    _require(user, STAGE_ACTIONS.get(stage, Action.ACTIVIST_DEVELOP), activist)
    if stage == Stage.PROBATIONARY:
        raise ValidationError(
            {"stage": _("接收预备党员由“上级党委审批”记录，须先完成发展对象的各项程序。")}
        )
    activist_advance_check(activist=activist, stage=stage, happened_on=happened_on)
    event = _enter(activist, user, stage, happened_on, performance)
    if stage == Stage.FULL:
        member_update(member=activist.member, user=user, full_member_on=happened_on)
    return event


def _enter(activist, user, stage, happened_on, performance) -> ActivistEvent:
    event = ActivistEvent(
        activist=activist,
        stage=stage,
        happened_on=happened_on,
        performance=performance,
        recorded_by=user,
    )
    audited_save(event, user=user)
    activist.stage = stage
    audited_save(activist, user=user)
    return event


# ---- the steps between --------------------------------------------------------------------


def _stage_for(kind: StepKind) -> Stage:
    if kind == StepKind.SHORTENING:
        return Stage.ACTIVIST
    if kind in CANDIDATE_STEPS:
        return Stage.CANDIDATE
    return Stage.PROBATIONARY


def development_step_check(*, activist: Activist, kind: str, **fields) -> None:
    """Raise the ValidationError `development_step_record` would raise, writing nothing."""
    kind = StepKind(kind)
    if activist.ended_on is not None:
        raise ValidationError(_("发展程序已终止，不能再记录。"))
    if activist.stage == Stage.FULL:
        raise ValidationError(_("已是正式党员，发展程序已完成。"))
    steps = _steps(activist)
    if kind in steps:
        raise ValidationError(
            _("“%(step)s”已于 %(date)s 记录，不能重复。")
            % {"step": kind.label, "date": steps[kind].happened_on.isoformat()}
        )
    if kind != StepKind.ENDED:
        wanted = _stage_for(kind)
        if activist.stage != wanted:
            raise ValidationError(
                _("“%(step)s”只能在“%(stage)s”阶段记录，当前是“%(current)s”。")
                % {
                    "step": kind.label,
                    "stage": wanted.label,
                    "current": activist.get_stage_display(),
                }
            )
    upcoming = next_step(activist)
    if kind in CANDIDATE_STEPS and kind != upcoming:
        raise ValidationError(
            _("不能跳过“%(step)s”：须按顺序记录。") % {"step": StepKind(upcoming).label}
        )
    if kind == StepKind.EXTENSION and StepKind.OATH not in steps:
        raise ValidationError(_("须先记录入党宣誓。"))

    errors = {}
    for name in STEP_FIELDS[kind]:
        if name not in OPTIONAL_FIELDS and fields.get(name) in (None, ""):
            errors[name] = [_("此项必填。")]
    _raise_if(errors)
    happened_on = fields["happened_on"]
    last = _last_day(activist)
    if happened_on < last:
        errors["happened_on"] = [_("日期不能早于上一步（%(date)s）。") % {"date": last.isoformat()}]
    _not_in_future(errors, "happened_on", happened_on, _("日期"))
    _KIND_RULES.get(kind, _no_more_rules)(activist, steps, fields, errors)
    _raise_if(errors)


def _no_more_rules(activist, steps, fields, errors) -> None:
    return None


def _an_upper_committee(activist, fields, errors) -> None:
    organization = fields.get("organization")
    if organization and not upper_committees(activist).filter(pk=organization.pk).exists():
        errors["organization"] = [
            _("须是“%(branch)s”的上级党委（乡镇党委、街道党工委或县委等）。")
            % {"branch": activist.organization.name}
        ]


def _shortening_rules(activist, steps, fields, errors) -> None:
    """The 2020 notice: shortened only for outstanding front-line performance, decided by the
    branch and approved by the upper committee (recorded, not typed in a note)."""
    _an_upper_committee(activist, fields, errors)
    decided = fields["branch_decided_on"]
    became = _event(activist, Stage.ACTIVIST).happened_on
    if decided < became:
        errors["branch_decided_on"] = [
            _("不能早于确定为入党积极分子的日期（%(date)s）。") % {"date": became.isoformat()}
        ]
    if fields["happened_on"] < decided:
        errors.setdefault("happened_on", []).append(_("上级党委批准不能早于党支部决定。"))
    _not_in_future(errors, "branch_decided_on", decided, _("党支部决定日期"))


def _introducer_rules(activist, steps, fields, errors) -> None:
    """Two different full members (正式党员) on the register as 入党介绍人."""
    one, two = fields["introducer_one"], fields["introducer_two"]
    if one.pk == two.pk:
        errors["introducer_two"] = [_("两名入党介绍人必须是不同的人。")]
    for name, member in (("introducer_one", one), ("introducer_two", two)):
        if member.status != MemberStatus.FULL or not member.is_active:
            errors.setdefault(name, []).append(
                _("%(name)s不是在册的正式党员，不能作入党介绍人。") % {"name": member.name}
            )


def _training_rules(activist, steps, fields, errors) -> None:
    days, hours = fields.get("training_days") or 0, fields.get("training_hours") or 0
    if days < TRAINING_DAYS and hours < TRAINING_HOURS:
        errors["training_days"] = [
            _("集中培训不少于 %(days)s 天或 %(hours)s 学时（《发展党员工作细则》第三章）。")
            % {"days": TRAINING_DAYS, "hours": TRAINING_HOURS}
        ]


def _notice_rules(activist, steps, fields, errors) -> None:
    if fields["ends_on"] < fields["happened_on"]:
        errors["ends_on"] = [_("公示结束日期不能早于开始日期。")]
    _not_in_future(errors, "ends_on", fields["ends_on"], _("公示结束日期"))


def _meeting_rules(activist, steps, fields, errors) -> None:
    """The branch general meeting admits by more than half of the full members entitled."""
    entitled, votes = fields["voters_entitled"], fields["votes_for"]
    if votes > entitled:
        errors["votes_for"] = [_("赞成票数不能多于应到会有表决权的正式党员人数。")]
    elif votes * 2 <= entitled:
        errors["votes_for"] = [
            _("赞成票未超过应到会有表决权的正式党员的半数，支部大会未通过；可终止发展程序。")
        ]


def _approval_rules(activist, steps, fields, errors) -> None:
    """The upper committee approves within three months of the branch general meeting."""
    _an_upper_committee(activist, fields, errors)
    meeting = steps[StepKind.BRANCH_MEETING].happened_on
    deadline = _add_months(meeting, APPROVAL_MONTHS)
    if fields["happened_on"] > deadline:
        errors.setdefault("happened_on", []).append(
            _("上级党委须在支部大会（%(meeting)s）后三个月内（%(deadline)s 前）审批，已超期。")
            % {"meeting": meeting.isoformat(), "deadline": deadline.isoformat()}
        )


def _extension_rules(activist, steps, fields, errors) -> None:
    """党章 第七条 and 《发展党员工作细则》第五章: half a year to a year, once."""
    organization = fields.get("organization")
    allowed = upper_committees(activist).filter(pk=getattr(organization, "pk", None)).exists()
    if organization and not (allowed or organization.pk == activist.organization_id):
        errors["organization"] = [_("须是本党支部或其上级党委。")]
    if not 6 <= fields["months"] <= 12:
        errors["months"] = [_("延长预备期不能少于半年，最长不超过一年（6至12个月）。")]


_KIND_RULES = {
    StepKind.SHORTENING: _shortening_rules,
    StepKind.INTRODUCERS: _introducer_rules,
    StepKind.TRAINING: _training_rules,
    StepKind.PUBLIC_NOTICE: _notice_rules,
    StepKind.PRE_REVIEW: lambda activist, steps, fields, errors: _an_upper_committee(
        activist, fields, errors
    ),
    StepKind.BRANCH_MEETING: _meeting_rules,
    StepKind.APPROVAL: _approval_rules,
    StepKind.EXTENSION: _extension_rules,
}


@transaction.atomic
def development_step_record(
    *, activist: Activist, user: User, kind: str, performance: str = "", **fields
) -> DevelopmentStep:
    """Record one step of the procedure, in order, with who recorded it.

    The upper committee's approval makes the 发展对象 a 预备党员: the member is created in
    the branch with the branch general meeting's date as the day of joining (党章 第七条).
    Ending the pipeline (终止) sets `ended_on`; a cancelled probation takes the member off
    the register.
    """
    activist = Activist.objects.select_for_update().get(pk=activist.pk)
    kind = StepKind(kind)
    _require(user, STEP_ACTIONS.get(kind, Action.ACTIVIST_DEVELOP), activist)
    development_step_check(activist=activist, kind=kind, **fields)
    allowed = {"happened_on", *STEP_FIELDS[kind]}
    step = DevelopmentStep(
        activist=activist,
        kind=kind,
        recorded_by=user,
        **{name: value for name, value in fields.items() if name in allowed},
    )
    if kind == StepKind.ENDED:
        step.end_kind = end_kind(activist)
    audited_save(step, user=user)
    if kind == StepKind.APPROVAL:
        _admit(activist, user, step, performance)
    elif kind == StepKind.ENDED:
        activist.ended_on = step.happened_on
        audited_save(activist, user=user)
        if activist.member is not None:
            member_update(member=activist.member, user=user, is_active=False)
    return step


def _admit(activist, user, approval, performance) -> None:
    meeting = activist.steps.get(kind=StepKind.BRANCH_MEETING)
    activist.member = member_create(
        user=user,
        name=activist.name,
        id_number=activist.id_number,
        ethnicity=activist.ethnicity,
        education=activist.education,
        phone=activist.phone,
        joined_on=meeting.happened_on,
        organization=activist.organization,
        category=MemberCategory.EMPLOYED,
    )
    _enter(
        activist,
        user,
        Stage.PROBATIONARY,
        approval.happened_on,
        performance
        or _("经%(committee)s审批（%(document)s），接收为预备党员。")
        % {"committee": approval.organization.name, "document": approval.document_number},
    )
