"""推荐, 调整, 问责: proposed from a subject's file, stepped to a decision by county staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.choices import TOWNSHIP_KINDS
from organizations.exports import display
from organizations.history import history_entries
from organizations.models import Organization
from organizations.policy import Action, PolicyRequiredMixin, require
from organizations.viewmixins import ScopedListView, ServiceFormView, add_service_errors

from .. import services
from ..choices import OutcomeState, StepKind
from ..filters import OutcomeFilter
from ..forms import OutcomeForm, OutcomeStepForm, next_steps
from ..models import Cadre, FrontlineRecord, Outcome
from ..selectors import deciding_body_label, outcome_deadlines, outcome_next_steps
from ..services import step_action
from .confirm import ConfirmPageView


class OutcomeListView(ScopedListView):
    model = Outcome
    filterset_class = OutcomeFilter
    select_related = ("cadre", "team")
    template_name = "cadres/outcome_list.html"
    export_title = gettext_lazy("运用结果")
    export_columns = [
        ("对象", lambda r: r.subject_name),
        ("类别", display("kind")),
        ("问责方式", lambda r: r.measure_labels),
        ("状态", display("state")),
        ("提议时间", lambda r: timezone.localdate(r.created_at)),
        ("理由", lambda r: r.reason),
    ]


class OutcomeCreateView(PolicyRequiredMixin, ServiceFormView):
    """/cadres/<pk>/outcomes/new/ for a cadre, /cadres/teams/<pk>/outcomes/new/ for a team."""

    action = Action.OUTCOME_PROPOSE
    form_class = OutcomeForm
    title = gettext_lazy("提议运用结果")
    success_message = gettext_lazy("已提议：%(object)s。")
    is_team = False

    def dispatch(self, request, *args, **kwargs):
        if self.is_team:
            teams = Organization.objects.visible_to(request.user).filter(kind__in=TOWNSHIP_KINDS)
            self.subject = get_object_or_404(teams, pk=kwargs["pk"])
        else:
            self.subject = get_object_or_404(
                Cadre.objects.visible_to(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        # 管理权限: who manages the subject may propose (403 with the reason for others).
        return self.subject

    def get_form_kwargs(self):
        key = "team" if self.is_team else "cadre"
        records = FrontlineRecord.objects.filter(**{key: self.subject}, reviewed_at__isnull=False)
        previous = Outcome.objects.filter(
            **{key: self.subject}, state__in=[OutcomeState.DECIDED, OutcomeState.REVOKED]
        )
        return {
            **super().get_form_kwargs(),
            "records": records,
            "previous": previous,
            "is_team": self.is_team,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)

    def perform(self, form):
        return services.outcome_propose(
            user=self.request.user, subject=self.subject, **form.cleaned_data
        )


class OutcomeDetailView(DetailView):
    template_name = "cadres/outcome_detail.html"
    context_object_name = "outcome"

    def get_queryset(self):
        return Outcome.objects.visible_to(self.request.user).select_related(
            "cadre", "team", "follows", "created_by"
        )

    def get_context_data(self, **kwargs):
        outcome = self.object
        steps = list(outcome.steps.select_related("acted_by"))
        taken = {step.state: step.acted_on for step in steps}
        return super().get_context_data(
            steps=steps,
            records=outcome.records.all(),
            deciding_body=deciding_body_label(outcome),
            deadlines=outcome_deadlines(outcome, taken),
            next_steps=outcome_next_steps(outcome, self.request.user, taken),
            history=history_entries(outcome),
            **kwargs,
        )


# What each step does, said on its confirmation page before it is taken.
CONSEQUENCES = {
    StepKind.REVIEWED: gettext_lazy(
        "审核：对%(subject)s的“%(outcome)s”提议通过审核，交%(body)s决定。"
        "审核后不能退回提议状态，只能决定或撤回。"
    ),
    StepKind.TRANSFERRED: gettext_lazy(
        "移送：对%(subject)s的“%(outcome)s”中的纪律处分移送县纪委监委，"
        "按《中国共产党纪律处分条例》的权限和程序办理；结果返回后记录决定。"
    ),
    StepKind.DECIDED: gettext_lazy(
        "决定：记录%(body)s对%(subject)s作出“%(outcome)s”的决定。决定后不能更改或撤回；"
        "如需变更，须另行提议并接续此结果。"
    ),
    StepKind.WITHDRAWN: gettext_lazy(
        "撤回：对%(subject)s的“%(outcome)s”提议撤回并办结，撤回后不能恢复。"
    ),
    StepKind.NOTIFIED: gettext_lazy(
        "宣布告知：记录已向%(subject)s及其所在党组织宣布“%(outcome)s”的决定；"
        "申诉期自告知之日起计算一个月。"
    ),
    StepKind.APPEALED: gettext_lazy(
        "登记申诉：%(subject)s对“%(outcome)s”的决定提出书面申诉，"
        "应在一个月内作出申诉处理决定；申诉期间不停止决定的执行。"
    ),
    StepKind.APPEAL_DECIDED: gettext_lazy(
        "申诉处理：记录对%(subject)s申诉的处理决定。撤销或变更原决定的，原决定不再有效；"
        "变更的须另行提议并接续此结果。"
    ),
    StepKind.FILED: gettext_lazy(
        "归档备案：“%(outcome)s”的决定材料归入%(subject)s的档案；"
        "问责决定同时报上一级组织部门备案。归档后只在申诉期内还能登记申诉。"
    ),
}


class OutcomeStepConfirmView(ConfirmPageView):
    """?state= names the step chosen on the outcome's page; its form posts to the step."""

    def queryset(self, user):
        return Outcome.objects.visible_to(user).select_related("cadre", "team", "created_by")

    def policy_action(self):
        return step_action(self.request.GET.get("state", ""))

    def confirmation(self, form=None) -> dict:
        outcome = self.object
        state = form.data.get("state") if form is not None else self.request.GET.get("state")
        label = dict(next_steps(outcome)).get(state)
        done = [
            (step.get_state_display(), f"{step.acted_on} {step.acted_by.display_name}")
            for step in outcome.steps.select_related("acted_by")
        ]
        body = deciding_body_label(outcome)
        words = {
            "title": _("办理运用结果：%(step)s") % {"step": label} if label else _("办理运用结果"),
            "subject_name": outcome.subject_name,
            "details": [
                (_("对象"), outcome.subject_name),
                (_("类别"), outcome.get_kind_display()),
                *([(_("问责方式"), outcome.measure_labels)] if outcome.measures else []),
                (
                    _("管理权限"),
                    outcome.cadre.get_management_display()
                    if outcome.cadre_id
                    else _("乡镇（街道）领导班子（县委管理）"),
                ),
                (_("决定机关"), body),
                (_("当前状态"), outcome.get_state_display()),
                (_("理由"), outcome.reason),
                *done,
            ],
            "records": outcome.records.all(),
        }
        if label is None:
            return {
                **words,
                "form": form,
                "refusal": _("当前为“%(now)s”，没有这一步可办理。")
                % {"now": outcome.get_state_display()},
            }
        return {
            **words,
            "consequence": CONSEQUENCES[state]
            % {"subject": outcome.subject_name, "outcome": outcome.title, "body": body},
            "form": form or OutcomeStepForm(outcome=outcome, initial={"state": state}),
            "action_url": reverse("cadres:outcome_step", args=[outcome.pk]),
            "submit_label": _("确认%(step)s") % {"step": label},
        }


FINISHED = (OutcomeState.DECIDED, OutcomeState.WITHDRAWN, OutcomeState.REVOKED)


class OutcomeStepView(View):
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        # Out of scope is 404 before any policy check (nobody learns it exists); then the
        # step's own rule (the proposer neither reviews nor decides), 403 with the reason.
        self.outcome = get_object_or_404(Outcome.objects.visible_to(request.user), pk=kwargs["pk"])
        require(request.user, step_action(request.POST.get("state", "")), self.outcome)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        outcome = self.outcome
        form = OutcomeStepForm(request.POST, outcome=outcome)
        if form.is_valid():
            try:
                outcome = services.outcome_advance(
                    outcome=outcome, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("已%(step)s：%(outcome)s。下一步：%(next)s")
                    % {
                        "step": StepKind(form.cleaned_data["state"]).label,
                        "outcome": outcome,
                        "next": "、".join(str(label) for _state, label in next_steps(outcome))
                        or _("已办结"),
                    },
                )
                return redirect(outcome)
        elif outcome.state in FINISHED and request.POST.get("state") in services.STATE_OF_STEP:
            form.add_error(
                None, _("该结果已决定或办结，不能再审核、决定或撤回；如需变更，请另行提议。")
            )
        # The confirmation page again, with the reason beside the field.
        view = OutcomeStepConfirmView()
        view.setup(request, pk=pk)
        view.object = outcome
        return view.render_to_response(view.get_context_data(form=form))
