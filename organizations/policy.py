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

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import ALLOWED_PARENT_KINDS, OrganizationKind, Role

COUNTY = frozenset({Role.COUNTY_STAFF})
WRITERS = frozenset({Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY, Role.BRANCH_SECRETARY})
READERS = frozenset(Role.values)
# Who may act on cadres' outcomes at all; the 管理权限 conditions say for whom.
MANAGERS = frozenset({Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY})

Condition = Callable[[object, object], str]  # (user, obj) → "" or the reason it may not


class Action(StrEnum):
    """Every action a user may be refused, named app.thing.step."""

    # organizations
    ORGANIZATION_EDIT = "organizations.organization.edit"
    REVEAL_PERSONAL_DATA = "organizations.personal_data.reveal"
    REVEAL_LOG_READ = "organizations.reveal_log.read"
    ORGANIZATION_IMPORT = "organizations.organization.import"
    TEMPORARY_BRANCH_OPEN = "organizations.temporary_branch.open"
    TEMPORARY_BRANCH_CLOSE = "organizations.temporary_branch.close"
    # cadres
    CADRE_EDIT = "cadres.cadre.edit"
    RECORD_CREATE = "cadres.record.create"
    RECORD_REVIEW = "cadres.record.review"
    OUTCOME_PROPOSE = "cadres.outcome.propose"
    OUTCOME_REVIEW = "cadres.outcome.review"
    OUTCOME_DECIDE = "cadres.outcome.decide"
    OUTCOME_WITHDRAW = "cadres.outcome.withdraw"
    OUTCOME_TRANSFER = "cadres.outcome.transfer"
    OUTCOME_NOTIFY = "cadres.outcome.notify"
    OUTCOME_APPEAL = "cadres.outcome.appeal"
    OUTCOME_APPEAL_DECIDE = "cadres.outcome.appeal_decide"
    OUTCOME_FILE = "cadres.outcome.file"
    COMMENDATION_CREATE = "cadres.commendation.create"
    COMMENDATION_NOTICE = "cadres.commendation.notice"
    COMMENDATION_OBJECT = "cadres.commendation.object"
    COMMENDATION_RESOLVE_OBJECTION = "cadres.commendation.resolve_objection"
    COMMENDATION_CONFIRM = "cadres.commendation.confirm"
    COMMENDATION_WITHDRAW = "cadres.commendation.withdraw"
    # funds
    FUNDS_APPROPRIATION_CREATE = "funds.appropriation.create"
    FUNDS_ALLOCATION_CREATE = "funds.allocation.create"
    FUNDS_ALLOCATION_PASS_DOWN = "funds.allocation.pass_down"
    FUNDS_ALLOCATION_APPROVE = "funds.allocation.approve"
    FUNDS_EXPENDITURE_RECORD = "funds.expenditure.record"
    FUNDS_EXPENDITURE_REVERSE = "funds.expenditure.reverse"
    FUNDS_REVERSAL_APPROVE = "funds.reversal.approve"
    # members: developing members
    ACTIVIST_TRAIN = "members.activist.train"
    ACTIVIST_DEVELOP = "members.activist.develop"
    ACTIVIST_APPROVE = "members.activist.approve"
    ACTIVIST_END = "members.activist.end"
    # members: discipline
    DISCIPLINE_PROPOSE = "members.discipline.propose"
    DISCIPLINE_APPROVE = "members.discipline.approve"
    # reports
    DASHBOARD_READ = "reports.dashboard.read"
    REPORT_FILE = "reports.report.file"
    NEED_ANSWER = "reports.need.answer"
    NEED_REOPEN = "reports.need.reopen"
    DIRECTIVE_ISSUE = "reports.directive.issue"
    DIRECTIVE_ACKNOWLEDGE = "reports.directive.acknowledge"
    CADENCE_SET = "reports.cadence.set"


@dataclass(frozen=True)
class Rule:
    label: str  # the action in Chinese, for the refusal: "您的角色不能{label}。"
    roles: frozenset[str]
    condition: Condition | None = None
    superuser: bool = True  # the administrator may, unless four eyes say otherwise


def _own_organization_for_branch(user, organization) -> str:
    """A branch secretary keeps only their own organization's details; a township secretary
    those of the whole township (the county's division of the work, DESIGN.md roles)."""
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


# cadres: four eyes -------------------------------------------------------------------------
# No front-line record is reviewed, and no outcome (推荐/调整/问责) reviewed or decided, by the
# person who wrote it: the county's four-eyes rule (DESIGN.md, "no decision is proposed and
# decided by one person"). A reviewer may also decide; a proposer may withdraw their own.


def _not_the_recorder(user, record) -> str:
    if record is not None and record.recorded_by_id == user.pk:
        return _("待他人审核：记录人不能审核自己的记录。")
    return ""


def _not_the_proposer_reviews(user, outcome) -> str:
    if outcome is not None and outcome.created_by_id == user.pk:
        return _("待他人审核：提出人不能审核。")
    return ""


def _not_the_proposer_decides(user, outcome) -> str:
    if outcome is not None and outcome.created_by_id == user.pk:
        return _("待他人决定：提出人不能决定自己的提议。")
    return ""


# cadres: 管理权限 ---------------------------------------------------------------------------
# Notice §5 uses the records "按照管理权限"; 《中国共产党问责条例》: a decision is made by the
# party organization that has the authority over the cadre. A county-managed cadre (县管) and
# a township's leadership team are the county's: the organization department proposes. A
# township-managed cadre (乡管) is the township committee's: its secretary proposes, and the
# organization department, which reviews every outcome and keeps the files, may record the
# later steps too. A cadre managed above the county (市管) is recorded and reported, and no
# outcome is proposed here. The values are cadres.choices.Management's (organizations
# imports nothing of ours).
COUNTY_MANAGED, TOWNSHIP_MANAGED = "county", "township"


def _is_county(user) -> bool:
    return user.is_superuser or user.role == Role.COUNTY_STAFF


def _management(subject) -> str:
    """The cadre's 管理权限; a leadership team (an Organization) is the county's."""
    return getattr(subject, "management", COUNTY_MANAGED)


def _above_the_county() -> str:
    return _("该干部由上级党委管理：县里记录并报告其一线表现，不提出或办理运用结果。")


def _within_management(user, subject, *, proposing: bool) -> str:
    if subject is None:
        return ""
    management = _management(subject)
    if management == COUNTY_MANAGED:
        if _is_county(user):
            return ""
        return _("县管干部和乡镇（街道）领导班子的运用结果由县委组织部按管理权限提议和办理。")
    if management == TOWNSHIP_MANAGED:
        # The township proposes; its later steps the township or the county department record.
        if not proposing or user.role == Role.TOWNSHIP_SECRETARY:
            return ""
        return _("乡管干部的运用结果由所在乡镇（街道）党（工）委按管理权限提议。")
    return _above_the_county()


def _proposes_within_management(user, subject) -> str:
    return _within_management(user, subject, proposing=True)


def _acts_within_management(user, outcome) -> str:
    return _within_management(user, outcome and outcome.subject, proposing=False)


def _decides_within_management(user, outcome) -> str:
    return _acts_within_management(user, outcome) or _not_the_proposer_decides(user, outcome)


# organizations: temporary branches ---------------------------------------------------------


def _may_hold_a_temporary_branch(user, parent) -> str:
    """《中国共产党支部工作条例（试行）》: a temporary branch is set up for a front-line task
    by the committee, township or 党总支 it is sent from (ALLOWED_PARENT_KINDS), never under
    another branch, and only under an organization still at work."""
    if parent is None:
        return ""
    if parent.kind not in ALLOWED_PARENT_KINDS[OrganizationKind.TEMPORARY_BRANCH]:
        return _("“临时党支部”不能设在“%(kind)s”之下。") % {
            "kind": OrganizationKind(parent.kind).label
        }
    if not parent.is_working:
        return _("“%(name)s”已停用或撤销，不能在其下成立临时党支部。") % {"name": parent}
    return ""


def _a_temporary_branch(user, branch) -> str:
    """Only a temporary branch is dissolved when its task ends (a standing branch is
    reorganised or dissolved by its committee through the admin site)."""
    if branch is not None and not branch.is_temporary:
        return _("只有临时党支部可以撤销。")
    return ""


# reports: who reports -----------------------------------------------------------------------
REPORTERS = frozenset({Role.TOWNSHIP_SECRETARY, Role.BRANCH_SECRETARY})


def _own_reporting_organization(user, organization=None) -> str:
    """The county notice's reporting duty: townships report, branches too when the county's
    cadence says so (`reports.ReportingCadence.reports`); one files and signs for directives
    for one's own organization only. `organization` None means the user's own."""
    own = user.organization
    if own is None:
        return _("您的账号没有所在组织，不能报送或签收。")
    if organization is not None and organization.pk != own.pk:
        return _("只能为本组织报送或签收。")
    if not apps.get_model("reports", "ReportingCadence").reports(own):
        return _("本组织不在报送范围内：乡镇（街道）报送，党支部在县委组织部设置为报送时报送。")
    return ""


# funds: four eyes on money ------------------------------------------------------------------
# Special party fees (专项党费) are passed down to the front line and spent there (the 2020
# county notice §5: 专款专用, 用在最紧迫、最需要的地方); nothing here collects dues (收缴党费),
# so a temporary branch on the front line may receive and spend them like any branch.
# An allocation above FUNDS_APPROVAL_THRESHOLD and every reversal (冲销) wait for a second
# person: never the one who asked (四眼原则), and for a reversal never the one who recorded
# the entry being taken back.


def _decides_another_persons_request(user, request) -> str:
    if request is None:
        return ""
    if not request.is_pending:
        return _("该申请%(state)s，不能再审批。") % {"state": request.get_state_display()}
    if request.requested_by_id == user.pk:
        return _("待他人审批：申请人不能审批自己的申请。")
    return ""


def _decides_a_reversal(user, request) -> str:
    if reason := _decides_another_persons_request(user, request):
        return reason
    if request is not None and request.entry.recorded_by_id == user.pk:
        return _("待他人审批：支出的记录人不能审批冲销自己记录的支出。")
    return ""


def _reversible(user, entry) -> str:
    """Only a spending is taken back, by a reversing entry; a reversal itself is final."""
    if entry is not None and entry.is_reversal:
        return _("不能冲销一笔冲销记录。")
    return ""


# members: discipline ------------------------------------------------------------------------


def _opens_discipline(user, organization) -> str:
    """The organization deciding or proposing a case (and the user's own) is no temporary
    branch: it 不处分处置党员 (《中国共产党支部工作条例（试行）》, `_not_a_temporary_branch`)."""
    return _not_a_temporary_branch(user, organization) or _not_a_temporary_branch(
        user, getattr(user, "organization", None)
    )


def _approves_discipline(user, case) -> str:
    """A proposed case is approved by a party committee above the organization that
    proposed it (党章 第七章 党的纪律; 第九条), by someone other than its proposer."""
    if case is None:
        return ""
    if not case.needs_approval or case.in_effect:
        return _("该处理不需要批准或已经生效。")
    if case.recorded_by_id == user.pk:
        return _("提请人不能记录对自己提请的处理的批准。")
    proposer = case.deciding_organization
    organization = getattr(user, "organization", None)
    above = organization is not None and (
        proposer.path.startswith(organization.path) and proposer.path != organization.path
    )
    if not (above or (user.sees_whole_county and proposer.depth > 1)):
        return _("须由提请组织的上级党委批准。")
    return ""


# members: developing members ---------------------------------------------------------------
# 《发展党员工作细则》: a branch (or the township, county staff) records the steps; what the upper
# party committee approves (缩短培养期, 预审, 审批, 延长预备期, 取消预备党员资格) is recorded by
# the township secretary or county staff, never by a branch secretary. A temporary branch
# educates and trains activists but develops nobody (`_not_a_temporary_branch`).
UPPER_COMMITTEE = frozenset({Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY})


def _pipeline_open(user, activist) -> str:
    """An ended pipeline (取消资格, 不再列为发展对象, 取消预备党员资格) takes no more steps."""
    if activist is not None and activist.ended_on is not None:
        return _("发展程序已终止（%(date)s），不能再记录。") % {
            "date": activist.ended_on.isoformat()
        }
    return ""


def _develops_members(user, activist) -> str:
    """确定为发展对象 onward (接收预备党员, 转正 and every step between)."""
    if activist is None:
        return ""
    return _pipeline_open(user, activist) or _not_a_temporary_branch(user, activist.organization)


def _may_end_pipeline(user, activist) -> str:
    """取消预备党员资格 is the upper committee's decision (《发展党员工作细则》第五章), so a
    branch secretary may end an activist's or a 发展对象's pipeline but not a probation."""
    if activist is None:
        return ""
    if reason := _pipeline_open(user, activist):
        return reason
    if activist.stage == "full":
        return _("已是正式党员，发展程序已完成。")
    if activist.stage == "probationary" and not (user.is_superuser or user.role in UPPER_COMMITTEE):
        return _("取消预备党员资格须经上级党委批准，由乡镇（街道）党（工）委或县委组织部记录。")
    return ""


POLICY: dict[Action, Rule] = {
    # organizations ------------------------------------------------------------------------
    Action.ORGANIZATION_EDIT: Rule(
        gettext_lazy("修改组织信息"), WRITERS, condition=_own_organization_for_branch
    ),
    Action.REVEAL_PERSONAL_DATA: Rule(gettext_lazy("查看完整身份证号码和手机号码"), WRITERS),
    Action.REVEAL_LOG_READ: Rule(gettext_lazy("查看个人信息查看记录"), COUNTY),
    Action.ORGANIZATION_IMPORT: Rule(gettext_lazy("从 Excel 导入组织"), WRITERS),
    Action.TEMPORARY_BRANCH_OPEN: Rule(
        gettext_lazy("成立临时党支部"), WRITERS, condition=_may_hold_a_temporary_branch
    ),
    Action.TEMPORARY_BRANCH_CLOSE: Rule(
        gettext_lazy("撤销临时党支部"), WRITERS, condition=_a_temporary_branch
    ),
    # cadres -------------------------------------------------------------------------------
    # 干部选拔任用和问责 are the county organization department's (DESIGN.md roles); a township
    # proposes front-line records about its own cadres. Four eyes: the conditions above.
    Action.CADRE_EDIT: Rule(gettext_lazy("登记和修改干部信息"), COUNTY),
    Action.RECORD_CREATE: Rule(
        gettext_lazy("记录一线表现"), frozenset({Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY})
    ),
    Action.RECORD_REVIEW: Rule(
        gettext_lazy("审核一线表现记录"), COUNTY, condition=_not_the_recorder
    ),
    Action.OUTCOME_PROPOSE: Rule(
        gettext_lazy("提议推荐、调整或问责"), MANAGERS, condition=_proposes_within_management
    ),
    Action.OUTCOME_REVIEW: Rule(
        gettext_lazy("审核运用结果"), COUNTY, condition=_not_the_proposer_reviews
    ),
    Action.OUTCOME_TRANSFER: Rule(
        gettext_lazy("移送纪委监委"), MANAGERS, condition=_decides_within_management
    ),
    Action.OUTCOME_DECIDE: Rule(
        gettext_lazy("记录运用结果的决定"), MANAGERS, condition=_decides_within_management
    ),
    Action.OUTCOME_WITHDRAW: Rule(
        gettext_lazy("撤回运用结果"), MANAGERS, condition=_acts_within_management
    ),
    Action.OUTCOME_NOTIFY: Rule(
        gettext_lazy("记录决定的宣布告知"), MANAGERS, condition=_acts_within_management
    ),
    Action.OUTCOME_APPEAL: Rule(
        gettext_lazy("登记申诉"), MANAGERS, condition=_acts_within_management
    ),
    Action.OUTCOME_APPEAL_DECIDE: Rule(
        gettext_lazy("记录申诉处理决定"), MANAGERS, condition=_decides_within_management
    ),
    Action.OUTCOME_FILE: Rule(
        gettext_lazy("记录归档备案"), MANAGERS, condition=_acts_within_management
    ),
    Action.COMMENDATION_CREATE: Rule(gettext_lazy("提名表彰"), COUNTY),
    Action.COMMENDATION_NOTICE: Rule(gettext_lazy("开始表彰公示"), COUNTY),
    Action.COMMENDATION_OBJECT: Rule(gettext_lazy("登记公示期间的异议"), COUNTY),
    Action.COMMENDATION_RESOLVE_OBJECTION: Rule(gettext_lazy("处理公示异议"), COUNTY),
    Action.COMMENDATION_CONFIRM: Rule(gettext_lazy("确认表彰"), COUNTY),
    Action.COMMENDATION_WITHDRAW: Rule(gettext_lazy("撤回表彰"), COUNTY),
    # funds --------------------------------------------------------------------------------
    # The county registers batches and allocates them; a township passes its share down;
    # whoever holds an allocation spends from it (DESIGN.md roles).
    Action.FUNDS_APPROPRIATION_CREATE: Rule(gettext_lazy("登记专项党费批次"), COUNTY),
    Action.FUNDS_ALLOCATION_CREATE: Rule(gettext_lazy("分配专项党费"), COUNTY),
    Action.FUNDS_ALLOCATION_PASS_DOWN: Rule(
        gettext_lazy("转拨专项党费"), frozenset({Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY})
    ),
    Action.FUNDS_ALLOCATION_APPROVE: Rule(
        gettext_lazy("审批专项党费分配"),
        COUNTY,
        condition=_decides_another_persons_request,
        superuser=False,
    ),
    Action.FUNDS_EXPENDITURE_RECORD: Rule(gettext_lazy("记录专项党费支出"), WRITERS),
    Action.FUNDS_EXPENDITURE_REVERSE: Rule(
        gettext_lazy("申请冲销支出"), WRITERS, condition=_reversible
    ),
    Action.FUNDS_REVERSAL_APPROVE: Rule(
        gettext_lazy("审批支出冲销"),
        frozenset({Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY}),
        condition=_decides_a_reversal,
        superuser=False,
    ),
    # members: developing members -----------------------------------------------------------
    Action.ACTIVIST_TRAIN: Rule(
        gettext_lazy("登记和培养入党申请人、入党积极分子"), WRITERS, condition=_pipeline_open
    ),
    Action.ACTIVIST_DEVELOP: Rule(
        gettext_lazy("记录发展党员的程序"), WRITERS, condition=_develops_members
    ),
    Action.ACTIVIST_APPROVE: Rule(
        gettext_lazy("记录上级党委的批准"), UPPER_COMMITTEE, condition=_develops_members
    ),
    Action.ACTIVIST_END: Rule(gettext_lazy("终止发展程序"), WRITERS, condition=_may_end_pipeline),
    # members: discipline ----------------------------------------------------------------------
    Action.DISCIPLINE_PROPOSE: Rule(
        gettext_lazy("记录或提请党员处理"), WRITERS, condition=_opens_discipline
    ),
    # A branch secretary proposes; the upper committee (township or county) approves.
    Action.DISCIPLINE_APPROVE: Rule(
        gettext_lazy("记录上级党委对党员处理的批准"),
        frozenset({Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY}),
        condition=_approves_discipline,
    ),
    # reports ------------------------------------------------------------------------------
    Action.DASHBOARD_READ: Rule(gettext_lazy("查看态势"), READERS),
    Action.REPORT_FILE: Rule(
        gettext_lazy("报送情况"), REPORTERS, condition=_own_reporting_organization
    ),
    Action.NEED_ANSWER: Rule(gettext_lazy("答复困难和需求"), COUNTY),
    Action.NEED_REOPEN: Rule(gettext_lazy("重新办理困难和需求"), COUNTY),
    Action.DIRECTIVE_ISSUE: Rule(gettext_lazy("发布部署"), COUNTY),
    Action.DIRECTIVE_ACKNOWLEDGE: Rule(
        gettext_lazy("签收部署"), REPORTERS, condition=_own_reporting_organization
    ),
    Action.CADENCE_SET: Rule(gettext_lazy("设置报送周期"), COUNTY),
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
