"""先锋岗·示范岗·责任区 and the members on them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.services import audited_save

from ..choices import PostKind
from ..models import (
    Member,
    Post,
    PostAssignment,
)
from .rules import _raise_if, _require_writer


def _post_rules(post: Post) -> None:
    errors = {}
    if post.kind != PostKind.ZONE and post.households_covered:
        errors["households_covered"] = _("只有党员责任区填写覆盖户数。")
    if post.ends_on and post.starts_on and post.ends_on < post.starts_on:
        errors["ends_on"] = _("结束日期不能早于开始日期。")
    if post.organization.closed_on is not None:
        errors["organization"] = _("该组织已撤销，不能设岗。")
    elif not post.organization.is_active:
        errors["organization"] = _("该组织已停用，不能设岗。")
    _raise_if(errors)


@transaction.atomic
def post_create(*, user: User, **fields) -> Post:
    _require_writer(user)
    post = Post(**fields)
    _post_rules(post)
    return audited_save(post, user=user)


@transaction.atomic
def post_update(*, post: Post, user: User, **fields) -> Post:
    _require_writer(user)
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
    _require_writer(user)
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
    _require_writer(user)
    assignment = PostAssignment.objects.select_for_update().get(pk=assignment.pk)
    today = timezone.localdate()
    if assignment.ends_on and assignment.ends_on <= today:
        raise ValidationError(_("该党员已离岗。"))
    assignment.ends_on = max(today, assignment.starts_on)
    return audited_save(assignment, user=user)


def open_assignments(assignments, day: datetime.date):
    """Assignments that run past `day` (open-ended or ending later)."""
    return assignments.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))


def assignments_end(*, assignments, day: datetime.date, user: User | None) -> int:
    """End each of `assignments` that runs past `day` on that day, one by one (history)."""
    ended = 0
    for assignment in open_assignments(assignments, day).select_for_update():
        assignment.ends_on = max(day, assignment.starts_on)
        audited_save(assignment, user=user)
        ended += 1
    return ended


def open_posts(organization, day: datetime.date):
    """An organization's posts that run past `day`, and so would end if it closed then."""
    return organization.posts.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))


def posts_close(*, organization, closed_on: datetime.date, user: User | None) -> int:
    """A dissolved temporary branch's posts end on the closing date, their members with them."""
    ended = 0
    for post in open_posts(organization, closed_on).select_for_update():
        assignments_end(assignments=post.assignments.all(), day=closed_on, user=user)
        post.ends_on = max(closed_on, post.starts_on)
        audited_save(post, user=user)
        ended += 1
    return ended


@transaction.atomic
def post_end(*, post: Post, user: User, ends_on: datetime.date | None = None) -> Post:
    """End a post (today by default); everyone still on it leaves the same day."""
    _require_writer(user)
    post = Post.objects.select_for_update().get(pk=post.pk)
    ends_on = ends_on or timezone.localdate()
    if post.ends_on is not None and post.ends_on <= ends_on:
        raise ValidationError(_("该岗区已于 %(date)s 结束。") % {"date": post.ends_on.isoformat()})
    if ends_on < post.starts_on:
        raise ValidationError(
            _("岗区 %(date)s 才开始，不能在此之前结束。") % {"date": post.starts_on.isoformat()}
        )
    assignments_end(assignments=post.assignments.all(), day=ends_on, user=user)
    post.ends_on = ends_on
    return audited_save(post, user=user)
