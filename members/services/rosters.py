"""The roster of a temporary branch: people of other organizations serving there.

Members keep their home branch (组织关系) while serving in a temporary branch, so the
branch lists them here instead of taking them over.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.services import audited_save

from ..models import Member, PostAssignment, RosterEntry
from .posts import assignments_end
from .rules import _not_in_future, _raise_if, _require_writer


@transaction.atomic
def roster_add(
    *,
    branch: Organization,
    member: Member,
    user: User | None,
    starts_on: datetime.date | None = None,
    duty: str = "",
) -> RosterEntry:
    """Put a member of the user's scope on a working temporary branch's roster, once while
    they serve there."""
    _require_writer(user)
    # Lock the branch: two clerks adding the same person at once get one entry.
    branch = Organization.objects.select_for_update().get(pk=branch.pk)
    if user is not None and not Organization.objects.visible_to(user).filter(pk=branch.pk).exists():
        raise PermissionDenied
    today = timezone.localdate()
    starts_on = starts_on or today
    errors = {}
    if not branch.is_temporary:
        raise ValidationError(_("只有临时党支部设名册；其他组织的党员在本组织党员名册中。"))
    if not branch.is_working:
        raise ValidationError(_("该临时党支部已撤销或停用，不能再加入人员。"))
    members = Member.objects.filter(is_active=True)
    if user is not None:
        members = Member.objects.visible_to(user).filter(is_active=True)
    if not members.filter(pk=member.pk).exists():
        errors["member"] = _("只能加入您管辖范围内的在册党员。")
    elif branch.roster.active().filter(member=member).exists():
        errors["member"] = _("%(name)s 已在本临时党支部名册中。") % {"name": member.name}
    _not_in_future(errors, "starts_on", starts_on, _("加入日期"))
    if branch.established_on and starts_on < branch.established_on:
        errors["starts_on"] = _("加入日期不能早于临时党支部成立日期（%(date)s）。") % {
            "date": branch.established_on.isoformat()
        }
    _raise_if(errors)
    entry = RosterEntry(organization=branch, member=member, starts_on=starts_on, duty=duty)
    return audited_save(entry, user=user)


def _leave_on(entry: RosterEntry, day: datetime.date) -> datetime.date:
    return max(day, entry.starts_on)


@transaction.atomic
def roster_remove(*, entry: RosterEntry, user: User | None) -> RosterEntry:
    """A person leaves the temporary branch today; the entry stays on file, and their
    assignments to the branch's posts end with it."""
    _require_writer(user)
    entry = RosterEntry.objects.select_for_update().select_related("member").get(pk=entry.pk)
    if user is not None and not RosterEntry.objects.visible_to(user).filter(pk=entry.pk).exists():
        raise PermissionDenied
    if entry.ends_on is not None:
        raise ValidationError(_("%(name)s 已离开本临时党支部。") % {"name": entry.member.name})
    entry.ends_on = _leave_on(entry, timezone.localdate())
    assignments_end(
        assignments=PostAssignment.objects.filter(
            post__organization_id=entry.organization_id, member_id=entry.member_id
        ),
        day=entry.ends_on,
        user=user,
    )
    return audited_save(entry, user=user)


def roster_close(*, branch: Organization, closed_on: datetime.date, user: User | None) -> int:
    """Everyone still on a dissolved branch's roster leaves on the closing date."""
    left = 0
    for entry in branch.roster.active().select_for_update():
        entry.ends_on = _leave_on(entry, closed_on)
        audited_save(entry, user=user)
        left += 1
    return left
