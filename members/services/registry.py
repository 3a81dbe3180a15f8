"""The register: members created and updated one at a time, and recorded reveals of their
personal data."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.choices import OrganizationKind
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


@transaction.atomic
def member_create(*, user: User | None, **fields) -> Member:
    _require_writer(user)
    member = Member(**fields)
    _member_rules(member)
    return audited_save(member, user=user)


@transaction.atomic
def member_update(*, member: Member, user: User, **fields) -> Member:
    _require_writer(user)
    member = Member.objects.select_for_update().get(pk=member.pk)
    was_in = member.organization_id
    for name, value in fields.items():
        setattr(member, name, value)
    _member_rules(member, placed=member.organization_id != was_in)
    return audited_save(member, user=user)


def personal_data_reveal(*, subject, user: User, fields: str) -> PersonalDataReveal:
    """Record that `user` saw `subject`'s full personal data; refuse roles that may not."""
    if not user.may_reveal:
        raise PermissionDenied
    return PersonalDataReveal.objects.create(user=user, subject=subject, fields=fields)
