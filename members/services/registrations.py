"""县直机关党员到村（社区）报到, confirmed by the receiving side."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.choices import Sector
from organizations.models import Organization, User
from organizations.services import audited_save

from ..choices import MemberCategory
from ..models import (
    Member,
    Registration,
)
from .rules import _raise_if, _require_writer


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
    """A county-organ member registers with a village or community (到属地报到) in the
    user's scope."""
    _require_writer(user)
    if not Organization.objects.visible_to(user).filter(pk=organization.pk).exists():
        raise PermissionDenied
    # Lock the member: two registrations for the same member must not both pass the check.
    member = Member.objects.select_for_update().get(pk=member.pk)
    errors = {}
    if member.category != MemberCategory.COUNTY_ORGAN or not member.is_active:
        errors["member"] = _("只有在册的县直机关党员到属地报到。")
    if organization.sector not in (Sector.RURAL, Sector.URBAN_COMMUNITY) or (
        organization.township_id is None
    ):
        errors["organization"] = _("报到组织必须是乡镇（街道）所属的村或社区党组织。")
    elif not Organization.objects.working().filter(pk=organization.pk).exists():
        errors["organization"] = _("%(name)s 已停止运行或已撤销，不能接收报到。") % {
            "name": organization.name
        }
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
    _require_writer(user)
    receiving = Organization.objects.visible_to(user)
    if not receiving.filter(pk=registration.organization_id).exists():
        raise PermissionDenied
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_confirmed:
        raise ValidationError(_("该报到已确认。"))
    registration.confirmed_at = timezone.now()
    registration.confirmed_by = user
    return audited_save(registration, user=user)
