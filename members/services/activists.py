"""火线发展: an activist's stages, in order, with the required intervals."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.choices import OrganizationKind
from organizations.concurrency import again_after_duplicate
from organizations.models import User
from organizations.services import audited_save

from ..choices import STAGE_ORDER, MemberCategory, Stage
from ..models import (
    Activist,
    ActivistEvent,
    Member,
)
from .registry import id_number_not_here, member_create, member_update
from .rules import _add_years, _not_in_future, _person_from_id, _raise_if, _require_writer

MINIMUM_DAYS = {
    # 入党积极分子 at least a year before 发展对象; a year's probation before 正式党员.
    Stage.CANDIDATE: (Stage.ACTIVIST, 365),
    Stage.FULL: (Stage.PROBATIONARY, 365),
}


def stage_interval_shortfall(*, activist: Activist, stage: str, happened_on) -> str:
    """A warning when the usual minimum time before `stage` has not passed, else ""."""
    if stage not in MINIMUM_DAYS or happened_on is None:
        return ""
    since_stage, days = MINIMUM_DAYS[stage]
    since = activist.events.filter(stage=since_stage).first()
    if since is None or (happened_on - since.happened_on).days >= days:
        return ""
    return _("距成为“%(since)s”（%(date)s）只有 %(days)s 天，不满一年。") % {
        "since": Stage(since_stage).label,
        "date": since.happened_on.isoformat(),
        "days": (happened_on - since.happened_on).days,
    }


@again_after_duplicate("activist_id_number_unique")
@transaction.atomic
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
            seen = holders.visible_to(user).exists()
            errors["id_number"] = known if seen else id_number_not_here()
            return


def activist_create(
    *,
    user: User,
    applied_on: datetime.date,
    performance: str,
    **fields,
) -> Activist:
    """Record a person who applied on the front line; their first stage is 入党申请人."""
    _require_writer(user)
    activist = Activist(stage=Stage.APPLICANT, **fields)
    errors = {}
    _person_from_id(activist, errors)
    _id_number_free(activist, user, errors)
    if activist.organization.kind != OrganizationKind.BRANCH:
        errors["organization"] = _("培养党支部必须是党支部（不能是临时党支部）。")
    _not_in_future(errors, "applied_on", applied_on, _("申请日期"))
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


def activist_advance_check(
    *, activist: Activist, stage: str, happened_on: datetime.date, exception_note: str = ""
) -> None:
    """Raise the ValidationError `activist_advance` would raise, writing nothing: the page
    asks for confirmation of a step only once the step is known to be allowed."""
    current = STAGE_ORDER.index(Stage(activist.stage))
    wanted = STAGE_ORDER.index(Stage(stage))
    if current == len(STAGE_ORDER) - 1:
        raise ValidationError({"stage": _("已是正式党员，发展程序已完成。")})
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
    last = activist.events.order_by("-happened_on", "-pk").first()
    errors = {}
    if happened_on < last.happened_on:
        errors["happened_on"] = _("日期不能早于上一阶段（%(date)s）。") % {
            "date": last.happened_on.isoformat()
        }
    _not_in_future(errors, "happened_on", happened_on, _("日期"))
    shortfall = stage_interval_shortfall(activist=activist, stage=stage, happened_on=happened_on)
    if shortfall and not exception_note.strip():
        errors["exception_note"] = shortfall + _("火线发展须写明特殊情况说明。")
    if (
        stage == Stage.PROBATIONARY
        and activist.birth_date
        and happened_on < _add_years(activist.birth_date, 18)
    ):
        errors.setdefault("happened_on", []).append(_("入党时应年满十八周岁，请核对日期。"))
    _raise_if(errors)


@transaction.atomic
def activist_advance(
    *,
    activist: Activist,
    user: User,
    stage: str,
    happened_on: datetime.date,
    performance: str,
    exception_note: str = "",
) -> ActivistEvent:
    """Move an activist exactly one official stage on, with the performance behind it.

    Reaching 预备党员 creates the member in the home branch; 正式党员 records the
    full-membership date on that member.
    """
    _require_writer(user)
    activist = Activist.objects.select_for_update().get(pk=activist.pk)
    activist_advance_check(
        activist=activist, stage=stage, happened_on=happened_on, exception_note=exception_note
    )

    event = ActivistEvent(
        activist=activist,
        stage=stage,
        happened_on=happened_on,
        performance=performance,
        exception_note=exception_note,
        recorded_by=user,
    )
    audited_save(event, user=user)
    if stage == Stage.PROBATIONARY:
        activist.member = member_create(
            user=user,
            name=activist.name,
            id_number=activist.id_number,
            ethnicity=activist.ethnicity,
            education=activist.education,
            phone=activist.phone,
            joined_on=happened_on,
            organization=activist.organization,
            category=MemberCategory.EMPLOYED,
        )
    elif stage == Stage.FULL:
        member_update(member=activist.member, user=user, full_member_on=happened_on)
    activist.stage = stage
    audited_save(activist, user=user)
    return event
