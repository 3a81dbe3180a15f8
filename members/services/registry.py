"""The register: members created and updated one at a time, and recorded reveals of their
personal data."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.choices import OrganizationKind, RevealReason
from organizations.concurrency import again_after_duplicate
from organizations.models import Organization, PersonalDataReveal, User
from organizations.selectors import is_in_county_organ
from organizations.services import audited_save

from ..choices import MemberCategory, MemberStatus
from ..models import (
    Member,
)
from .rules import _add_years, _not_in_future, _person_from_id, _raise_if, _require_writer


def _member_rules(
    member: Member,
    *,
    in_county_organ: Callable[[Organization], bool] = is_in_county_organ,
    placed: bool = True,
) -> None:
    """The register's rules for one member. `placed` is true when the member is put in
    `member.organization` now (created, or moved there): only a working branch takes a
    member, while a member of a branch that has since stopped can still be corrected."""
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
    elif placed and not organization.is_working:
        errors.setdefault("organization", []).append(
            _("“%(name)s”已停止运行或已撤销，不能接收党员。") % {"name": organization.name}
        )
    if member.category == MemberCategory.COUNTY_ORGAN and not in_county_organ(organization):
        errors.setdefault("category", []).append(_("“县直机关”党员的所在党支部必须属于县直单位。"))
    _raise_if(errors)
    member.status = MemberStatus.FULL if member.full_member_on else MemberStatus.PROBATIONARY


def id_number_not_here() -> str:
    """What a user is told of an ID number a member outside their scope holds."""
    return _("该身份证号码不能在此登记或导入，请与县委组织部联系。")


def _id_number_free(member: Member, *, user: User | None) -> None:
    """Refuse an ID number another member holds. Who does not see that member is told only
    that it cannot be used here (the county can say why): the database's own "already
    exists" would tell a township that the person is a party member elsewhere."""
    others = Member.objects.filter(id_number=member.id_number).exclude(pk=member.pk)
    if not others.exists():
        return
    if user is None or others.visible_to(user).exists():
        raise ValidationError({"id_number": member.unique_error_message(Member, ["id_number"])})
    raise ValidationError({"id_number": id_number_not_here()})


@again_after_duplicate("member_id_number_unique")
@transaction.atomic
def member_create(*, user: User | None, **fields) -> Member:
    _require_writer(user)
    member = Member(**fields)
    _member_rules(member)
    _id_number_free(member, user=user)
    return audited_save(member, user=user)


@transaction.atomic
def member_update(*, member: Member, user: User, **fields) -> Member:
    _require_writer(user)
    member = Member.objects.select_for_update().get(pk=member.pk)
    was_in = member.organization_id
    for name, value in fields.items():
        setattr(member, name, value)
    _member_rules(member, placed=member.organization_id != was_in)
    _id_number_free(member, user=user)
    return audited_save(member, user=user)


def personal_data_reveal(
    *, subject, user: User, fields: str, reason: str, note: str = ""
) -> PersonalDataReveal:
    """Record that `user` saw `subject`'s full personal data, and why; refuse roles that may
    not, and a reveal without a reason: an audit must answer "why", not only "who"."""
    if not user.may_reveal:
        raise PermissionDenied
    note = (note or "").strip()
    if reason not in RevealReason.values:
        raise ValidationError({"reason": _("请选择查看事由。")})
    if reason == RevealReason.OTHER and not note:
        raise ValidationError({"note": _("查看事由选择“其他”时，请写明具体事由。")})
    record = PersonalDataReveal(user=user, subject=subject, fields=fields, reason=reason, note=note)
    record.full_clean()
    record.save()
    return record
