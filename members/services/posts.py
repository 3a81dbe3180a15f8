"""先锋岗·示范岗·责任区 and the members on them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
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
