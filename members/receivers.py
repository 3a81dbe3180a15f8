"""Members' answers to `organizations.signals`: what closing a temporary branch ends."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.signals import ClosingNote, organization_closed, organization_closing

from .models import PostAssignment, RosterEntry
from .services import open_assignments, open_posts, posts_close, roster_close


@receiver(organization_closing, sender=Organization)
def closing_posts_and_roster(sender, *, organization, closed_on, **kwargs) -> list[ClosingNote]:
    notes = []
    posts = open_posts(organization, closed_on)
    post_count = posts.count()
    if post_count:
        on_duty = (
            open_assignments(PostAssignment.objects.filter(post__in=posts), closed_on)
            .values("member")
            .distinct()
            .count()
        )
        text = _("%(posts)s 个岗区将于 %(date)s 结束") % {
            "posts": post_count,
            "date": closed_on.isoformat(),
        }
        if on_duty:
            text += _("，其中 %(members)s 名党员随之离岗") % {"members": on_duty}
        notes.append(ClosingNote(text + "。"))
    on_roster = RosterEntry.objects.filter(organization=organization).active().count()
    if on_roster and organization.is_temporary:
        notes.append(
            ClosingNote(
                _("名册上的 %(count)s 名人员将于 %(date)s 离开本临时党支部（组织关系不变）。")
                % {"count": on_roster, "date": closed_on.isoformat()}
            )
        )
    return notes


@receiver(organization_closed, sender=Organization)
def end_posts_and_roster(sender, *, organization, closed_on, user, **kwargs) -> None:
    posts_close(organization=organization, closed_on=closed_on, user=user)
    roster_close(branch=organization, closed_on=closed_on, user=user)
