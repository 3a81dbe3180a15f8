"""Every change to members, posts, 报到, activists, discipline and care goes through here."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.choices import OrganizationKind, Sector
from organizations.models import Organization, PersonalDataReveal, User
from organizations.personal import parse_id_number
from organizations.selectors import is_in_county_organ
from organizations.services import audited_save

from .choices import STAGE_ORDER, MemberCategory, MemberStatus, PostKind, Stage
from .models import (
    Activist,
    ActivistEvent,
    CareRecord,
    DisciplineCase,
    Member,
    Post,
    PostAssignment,
    Registration,
)

MINIMUM_DAYS = {
    # 入党积极分子 at least a year before 发展对象; a year's probation before 正式党员.
    Stage.CANDIDATE: (Stage.ACTIVIST, 365),
    Stage.FULL: (Stage.PROBATIONARY, 365),
}


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _not_in_future(errors: dict, field: str, value, label: str) -> None:
    if value and value > timezone.localdate():
        errors.setdefault(field, []).append(_("%(label)s不能晚于今天。") % {"label": label})


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _person_from_id(person, errors: dict) -> None:
    """Fill birth date and gender from the ID number (never typed, always consistent)."""
    person.id_number = (person.id_number or "").strip().upper()
    try:
        person.birth_date, person.gender = parse_id_number(person.id_number)
    except ValidationError as error:
        errors["id_number"] = error.messages


def _member_rules(member: Member) -> None:
    errors = {}
    _person_from_id(member, errors)
    _not_in_future(errors, "joined_on", member.joined_on, _("入党日期"))
    _not_in_future(errors, "full_member_on", member.full_member_on, _("转正日期"))
    if (
        member.birth_date
        and member.joined_on
        and member.joined_on < _add_years(member.birth_date, 18)
    ):
        errors.setdefault("joined_on", []).append(
            _("入党时应年满十八周岁，请核对入党日期或身份证号码。")
        )
    if member.full_member_on and member.joined_on and member.full_member_on <= member.joined_on:
        errors.setdefault("full_member_on", []).append(_("转正日期必须晚于入党日期。"))
    organization = member.organization
    if organization.kind != OrganizationKind.BRANCH:
        errors.setdefault("organization", []).append(
            _("党员的组织关系只能在党支部（不能是临时党支部或党委、党总支）。")
        )
    if member.category == MemberCategory.COUNTY_ORGAN and not is_in_county_organ(organization):
        errors.setdefault("category", []).append(_("“县直机关”党员的所在党支部必须属于县直单位。"))
    _raise_if(errors)
    member.status = MemberStatus.FULL if member.full_member_on else MemberStatus.PROBATIONARY


@transaction.atomic
def member_create(*, user: User | None, **fields) -> Member:
    member = Member(**fields)
    _member_rules(member)
    return audited_save(member, user=user)


@transaction.atomic
def member_update(*, member: Member, user: User, **fields) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    for name, value in fields.items():
        setattr(member, name, value)
    _member_rules(member)
    return audited_save(member, user=user)


def personal_data_reveal(*, subject, user: User, fields: str) -> PersonalDataReveal:
    """Record that `user` saw `subject`'s full personal data; refuse roles that may not."""
    if not user.may_reveal:
        raise PermissionDenied
    return PersonalDataReveal.objects.create(user=user, subject=subject, fields=fields)


def _post_rules(post: Post) -> None:
    errors = {}
    if post.kind != PostKind.ZONE and post.households_covered:
        errors["households_covered"] = _("只有党员责任区填写覆盖户数。")
    if post.ends_on and post.starts_on and post.ends_on < post.starts_on:
        errors["ends_on"] = _("结束日期不能早于开始日期。")
    if post.organization.closed_on is not None:
        errors["organization"] = _("该组织已撤销，不能设岗。")
    _raise_if(errors)


@transaction.atomic
def post_create(*, user: User, **fields) -> Post:
    post = Post(**fields)
    _post_rules(post)
    return audited_save(post, user=user)


@transaction.atomic
def post_update(*, post: Post, user: User, **fields) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    for name, value in fields.items():
        setattr(post, name, value)
    _post_rules(post)
    outside = post.assignments.filter(starts_on__lt=post.starts_on)
    if post.ends_on:
        outside = outside | post.assignments.filter(ends_on__gt=post.ends_on)
    if outside.exists():
        raise ValidationError(_("已有党员的在岗日期超出新的岗区期限，请先调整在岗党员。"))
    return audited_save(post, user=user)


@transaction.atomic
def post_assign(
    *,
    post: Post,
    member: Member,
    user: User,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> PostAssignment:
    """Put a member on a post, for dates inside the post's period."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    starts_on = starts_on or max(post.starts_on, timezone.localdate())
    ends_on = ends_on or post.ends_on
    errors = {}
    if not member.is_active:
        errors["member"] = _("该党员已不在册。")
    if starts_on < post.starts_on or (post.ends_on and starts_on > post.ends_on):
        errors["starts_on"] = _("上岗日期必须在岗区期限（%(period)s）之内。") % {
            "period": _period(post)
        }
    if ends_on and (ends_on < starts_on or (post.ends_on and ends_on > post.ends_on)):
        errors["ends_on"] = _("离岗日期必须在上岗日期之后、岗区期限（%(period)s）之内。") % {
            "period": _period(post)
        }
    if post.assignments.filter(member=member).exists():
        errors["member"] = _("%(name)s 已在此岗区。") % {"name": member.name}
    _raise_if(errors)
    assignment = PostAssignment(post=post, member=member, starts_on=starts_on, ends_on=ends_on)
    return audited_save(assignment, user=user)


def _period(post: Post) -> str:
    end = post.ends_on.isoformat() if post.ends_on else _("长期")
    return f"{post.starts_on.isoformat()} 至 {end}"


@transaction.atomic
def post_unassign(*, assignment: PostAssignment, user: User) -> PostAssignment:
    """Take a member off a post today; the assignment stays on file."""
    assignment = PostAssignment.objects.select_for_update().get(pk=assignment.pk)
    today = timezone.localdate()
    if assignment.ends_on and assignment.ends_on <= today:
        raise ValidationError(_("该党员已离岗。"))
    assignment.ends_on = max(today, assignment.starts_on)
    return audited_save(assignment, user=user)


@transaction.atomic
def registration_create(
    *,
    user: User,
    member: Member,
    organization: Organization,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Registration:
    """A county-organ member registers with a village or community (到属地报到)."""
    # Lock the member: two registrations for the same member must not both pass the check.
    member = Member.objects.select_for_update().get(pk=member.pk)
    errors = {}
    if member.category != MemberCategory.COUNTY_ORGAN or not member.is_active:
        errors["member"] = _("只有在册的县直机关党员到属地报到。")
    if organization.sector not in (Sector.RURAL, Sector.URBAN_COMMUNITY) or (
        organization.township_id is None
    ):
        errors["organization"] = _("报到组织必须是乡镇（街道）所属的村或社区党组织。")
    if ends_on and ends_on < starts_on:
        errors["ends_on"] = _("结束日期不能早于开始日期。")
    _raise_if(errors)
    registration = Registration(
        member=member,
        organization=organization,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user,
    )
    registration.full_clean()
    overlapping = Registration.objects.filter(member=member, role=role).exclude(
        ends_on__lt=starts_on
    )
    if ends_on:
        overlapping = overlapping.exclude(starts_on__gt=ends_on)
    clash = overlapping.first()
    if clash:
        raise ValidationError(
            {
                "starts_on": _(
                    "%(name)s 在 %(start)s 起已有“%(role)s”报到（%(place)s），"
                    "时间重叠，不能重复登记。"
                )
                % {
                    "name": member.name,
                    "start": clash.starts_on.isoformat(),
                    "role": clash.get_role_display(),
                    "place": clash.organization.name,
                }
            }
        )
    return audited_save(registration, user=user)


@transaction.atomic
def registration_confirm(*, registration: Registration, user: User) -> Registration:
    """The receiving organization confirms the member has reported, in one click.

    Only someone whose scope holds the receiving organization may: the sending side sees
    the registration but cannot confirm it.
    """
    receiving = Organization.objects.visible_to(user)
    if not receiving.filter(pk=registration.organization_id).exists():
        raise PermissionDenied
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_confirmed:
        raise ValidationError(_("该报到已确认。"))
    registration.confirmed_at = timezone.now()
    registration.confirmed_by = user
    return audited_save(registration, user=user)


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


@transaction.atomic
def activist_create(
    *,
    user: User,
    applied_on: datetime.date,
    performance: str,
    **fields,
) -> Activist:
    """Record a person who applied on the front line; their first stage is 入党申请人."""
    activist = Activist(stage=Stage.APPLICANT, **fields)
    errors = {}
    _person_from_id(activist, errors)
    if Member.objects.filter(id_number=activist.id_number).exists():
        errors["id_number"] = _("此身份证号码已是党员，不能再作为发展对象登记。")
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
    activist = Activist.objects.select_for_update().get(pk=activist.pk)
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
    _raise_if(errors)

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


@transaction.atomic
def discipline_record(
    *, user: User, member: Member, deciding_organization: Organization, **fields
) -> DisciplineCase:
    """严肃处理: only the member's own branch or a committee above it decides."""
    errors = {}
    if deciding_organization.kind == OrganizationKind.TEMPORARY_BRANCH:
        errors["deciding_organization"] = _("临时党支部不能作出党纪处理决定。")
    elif not member.organization.path.startswith(deciding_organization.path):
        errors["deciding_organization"] = _("作出决定的组织必须是该党员所在党支部或其上级党组织。")
    _not_in_future(errors, "decided_on", fields.get("decided_on"), _("决定日期"))
    _raise_if(errors)
    case = DisciplineCase(
        member=member, deciding_organization=deciding_organization, recorded_by=user, **fields
    )
    return audited_save(case, user=user)


@transaction.atomic
def care_record(
    *,
    user: User,
    organization: Organization,
    member: Member | None = None,
    person_name: str = "",
    **fields,
) -> CareRecord:
    """关心关爱: note a front-line worker's difficulty so it is followed to the end."""
    person_name = person_name or (member.name if member else "")
    fields.setdefault("reported_on", timezone.localdate())
    errors = {}
    if not person_name:
        errors["person_name"] = _("请填写姓名或选择党员。")
    _not_in_future(errors, "reported_on", fields["reported_on"], _("登记日期"))
    _raise_if(errors)
    care = CareRecord(
        organization=organization,
        member=member,
        person_name=person_name,
        recorded_by=user,
        **fields,
    )
    return audited_save(care, user=user)


@transaction.atomic
def care_resolve(
    *, care: CareRecord, user: User, action: str, resolved_on: datetime.date | None = None
) -> CareRecord:
    care = CareRecord.objects.select_for_update().get(pk=care.pk)
    if care.resolved_on is not None:
        raise ValidationError(_("该事项已于 %(date)s 解决。") % {"date": care.resolved_on})
    resolved_on = resolved_on or timezone.localdate()
    errors = {}
    if not action.strip():
        errors["action"] = _("请写明采取的帮扶措施。")
    _not_in_future(errors, "resolved_on", resolved_on, _("解决日期"))
    if resolved_on < care.reported_on:
        errors["resolved_on"] = _("解决日期不能早于登记日期。")
    _raise_if(errors)
    care.action = action
    care.resolved_on = resolved_on
    return audited_save(care, user=user)
