"""党员处理 and 关心关爱."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.choices import OrganizationKind
from organizations.models import Organization, User
from organizations.services import audited_save

from ..models import (
    CareRecord,
    DisciplineCase,
    Member,
)
from .rules import _not_in_future, _raise_if, _require_writer


def discipline_check(
    *, member: Member, deciding_organization: Organization, decided_on: datetime.date | None
) -> None:
    """Raise the ValidationError `discipline_record` would raise, writing nothing."""
    errors = {}
    if deciding_organization.kind == OrganizationKind.TEMPORARY_BRANCH:
        errors["deciding_organization"] = _("临时党支部不能作出党纪处理决定。")
    elif not member.organization.path.startswith(deciding_organization.path):
        errors["deciding_organization"] = _("作出决定的组织必须是该党员所在党支部或其上级党组织。")
    _not_in_future(errors, "decided_on", decided_on, _("决定日期"))
    _raise_if(errors)


@transaction.atomic
def discipline_record(
    *, user: User, member: Member, deciding_organization: Organization, **fields
) -> DisciplineCase:
    """严肃处理: only the member's own branch or a committee above it decides."""
    _require_writer(user)
    discipline_check(
        member=member,
        deciding_organization=deciding_organization,
        decided_on=fields.get("decided_on"),
    )
    # Lock the member: a double tap on "confirm" must not record the same decision twice.
    member = Member.objects.select_for_update().get(pk=member.pk)
    if DisciplineCase.objects.filter(
        member=member, deciding_organization=deciding_organization, **fields
    ).exists():
        raise ValidationError(_("这一处理决定已经记录，未重复记录。"))
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
    _require_writer(user)
    person_name = person_name or (member.name if member else "")
    fields.setdefault("reported_on", timezone.localdate())
    errors = {}
    if not person_name:
        errors["person_name"] = _("请填写姓名或选择党员。")
    _not_in_future(errors, "reported_on", fields["reported_on"], _("登记日期"))
    _raise_if(errors)
    # Lock the organization: a double tap on "save" must not register the item twice.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    if CareRecord.objects.filter(
        organization=organization,
        member=member,
        person_name=person_name,
        resolved_on__isnull=True,
        **fields,
    ).exists():
        raise ValidationError(_("这一事项已经登记，未重复登记。"))
    care = CareRecord(
        organization=organization,
        member=member,
        person_name=person_name,
        recorded_by=user,
        **fields,
    )
    return audited_save(care, user=user)


def care_resolve_check(
    *, care: CareRecord, action: str, resolved_on: datetime.date | None = None
) -> None:
    """Raise the ValidationError `care_resolve` would raise, writing nothing: the page asks
    for confirmation only of a resolution that would be accepted."""
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


@transaction.atomic
def care_resolve(
    *, care: CareRecord, user: User, action: str, resolved_on: datetime.date | None = None
) -> CareRecord:
    """Close a difficulty with what was done about it; a closed item stays closed."""
    _require_writer(user)
    care = CareRecord.objects.select_for_update().get(pk=care.pk)
    care_resolve_check(care=care, action=action, resolved_on=resolved_on)
    care.action = action
    care.resolved_on = resolved_on or timezone.localdate()
    return audited_save(care, user=user)
