"""Who may do what: one table of actions, asked by services, views and templates alike.

A service refuses with `require(user, Action.X, obj)`, a view answers 403 with
`PolicyRequiredMixin` (or `require` in its own dispatch), and a template shows a button with
`{% may "x" obj as allowed %}` (organizations/templatetags/policy.py), so a button is shown
exactly when the action would be allowed, and the reason it is not is the same everywhere.

Each rule names the roles that may take the action (the administrator, a superuser, always
may unless the rule says otherwise) and, where the action depends on the object, a condition
returning the Chinese reason it may not be taken here ("" when it may). The object is already
within the user's scope: it was fetched through `visible_to(user)`, so an object outside it
is a 404 before any rule is asked.

Rules of the party are cited where they are enforced, beside the rule.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import OrganizationKind, Role

COUNTY = frozenset({Role.COUNTY_STAFF})
WRITERS = frozenset({Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY, Role.BRANCH_SECRETARY})
READERS = frozenset(Role.values)

Condition = Callable[[object, object], str]  # (user, obj) → "" or the reason it may not


class Action(StrEnum):
    """Every action a user may be refused, named app.thing.step."""

    # organizations
    ORGANIZATION_EDIT = "organizations.organization.edit"
    REVEAL_PERSONAL_DATA = "organizations.personal_data.reveal"
    REVEAL_LOG_READ = "organizations.reveal_log.read"
    # cadres
    # funds
    # members: developing members
    # members: discipline
    # reports


@dataclass(frozen=True)
class Rule:
    label: str  # the action in Chinese, for the refusal: "您的角色不能{label}。"
    roles: frozenset[str]
    condition: Condition | None = None
    superuser: bool = True  # the administrator may, unless four eyes say otherwise


def _own_organization_for_branch(user, organization) -> str:
    """A branch secretary keeps only their own organization's details (支部工作条例 第十条:
    the branch committee runs the branch's own affairs); a township, its whole township."""
    if organization is None or user.role != Role.BRANCH_SECRETARY:
        return ""
    if organization.pk != user.organization_id:
        return _("基层党组织书记只能修改本组织的信息。")
    return ""


def _not_a_temporary_branch(user, organization) -> str:
    """《中国共产党支部工作条例（试行）》 and the 2020 中组部 notice: a temporary branch
    educates and trains activists (教育培养) but does not develop members, discipline members
    or collect dues. Asked by the members and funds rules that act for an organization."""
    if organization is not None and organization.kind == OrganizationKind.TEMPORARY_BRANCH:
        return _("临时党支部不能办理此事项（只开展教育培养，不发展党员、不处分党员、不收缴党费）。")
    return ""


POLICY: dict[Action, Rule] = {
    # organizations ------------------------------------------------------------------------
    Action.ORGANIZATION_EDIT: Rule(
        gettext_lazy("修改组织信息"), WRITERS, condition=_own_organization_for_branch
    ),
    Action.REVEAL_PERSONAL_DATA: Rule(gettext_lazy("查看完整身份证号码和手机号码"), WRITERS),
    Action.REVEAL_LOG_READ: Rule(gettext_lazy("查看个人信息查看记录"), COUNTY),
    # cadres -------------------------------------------------------------------------------
    # funds --------------------------------------------------------------------------------
    # members: developing members -----------------------------------------------------------
    # members: discipline ----------------------------------------------------------------------
    # reports ------------------------------------------------------------------------------
}


def refusal(user, action: Action, obj=None) -> str:
    """Why `user` may not take `action` on `obj`, in Chinese; "" when they may."""
    rule = POLICY[Action(action)]
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _("请先登录。")
    if not ((user.is_superuser and rule.superuser) or user.role in rule.roles):
        return _("您的角色不能%(action)s。") % {"action": rule.label}
    if rule.condition is not None:
        return rule.condition(user, obj)
    return ""


def may(user, action: Action, obj=None) -> bool:
    return not refusal(user, action, obj)


def require(user, action: Action, obj=None) -> None:
    """Raise PermissionDenied carrying the reason when `user` may not take `action`."""
    reason = refusal(user, action, obj)
    if reason:
        raise PermissionDenied(reason)


class PolicyRequiredMixin:
    """A view whose every request is one action: 403 with the reason for anyone else.

    `policy_object()` is the object the action is on (default None); a view about one
    object fetches it through `visible_to` first, so an out-of-scope object is 404.
    """

    action: Action | None = None

    def policy_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        require(request.user, self.action, self.policy_object())
        return super().dispatch(request, *args, **kwargs)
