"""关心关爱."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funds.choices import Use
from funds.models import Expenditure
from organizations.models import Organization, User
from organizations.services import audited_save

from ..models import (
    CareRecord,
    Member,
)
from .rules import _not_in_future, _raise_if, _require_writer

# The earmarked uses that pay a person: 慰问 and 补助 (the 2020 central notice's uses).
CARE_USES = (Use.CONDOLENCE, Use.HARDSHIP)


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
    for name, label in (("assignment", _("上岗记录")), ("registration", _("报到记录"))):
        linked = fields.get(name)
        if linked is not None and (member is None or linked.member_id != member.pk):
            errors[name] = _("所选%(label)s必须是该党员本人的。") % {"label": label}
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
    *,
    care: CareRecord,
    user: User,
    action: str,
    resolved_on: datetime.date | None = None,
    paid_by: Expenditure | None = None,
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
    if paid_by is not None and (reason := _why_not_paid_by(care, paid_by, user)):
        errors["paid_by"] = reason
    _raise_if(errors)


def care_spendings(care: CareRecord, user: User):
    """The spendings that may have paid for this care (notice §5 专款专用): 慰问 or 补助 of
    special party fees, seen by the user, spent in the care's township and still standing
    (neither a reversal nor reversed). The form offers these and the service accepts only
    these."""
    return (
        Expenditure.objects.visible_to(user)
        .filter(
            township_id=care.township_id,
            use__in=CARE_USES,
            reverses__isnull=True,
            reversal__isnull=True,
        )
        .select_related("allocation__organization")
        .order_by("-spent_on", "-pk")
    )


def _why_not_paid_by(care: CareRecord, spending: Expenditure, user: User) -> str:
    if not care_spendings(care, user).filter(pk=spending.pk).exists():
        return _("只能选择本乡镇（街道）用于慰问或补助、且未冲销的专项党费支出。")
    return ""


@transaction.atomic
def care_resolve(
    *,
    care: CareRecord,
    user: User,
    action: str,
    resolved_on: datetime.date | None = None,
    paid_by: Expenditure | None = None,
) -> CareRecord:
    """Close a difficulty with what was done about it and, where special party fees paid
    for it, the spending that did (issue #16 §6: a care record rests on its facts); a closed
    item stays closed."""
    _require_writer(user)
    care = CareRecord.objects.select_for_update().get(pk=care.pk)
    care_resolve_check(
        care=care, user=user, action=action, resolved_on=resolved_on, paid_by=paid_by
    )
    care.action = action
    care.resolved_on = resolved_on or timezone.localdate()
    care.paid_by = paid_by
    return audited_save(care, user=user)
