from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.exports import display
from organizations.history import history_entries
from organizations.policy import Action, refusal, require
from organizations.viewmixins import (
    ScopedListView,
    ServiceFormView,
    WriteAccessMixin,
    add_service_errors,
)

from .. import services
from ..choices import CANDIDATE_STEPS, PipelineEnd, Stage, StepKind
from ..filters import ActivistFilter
from ..forms import ActivistAdvanceForm, ActivistForm, DevelopmentStepForm
from ..models import Activist, DevelopmentStep
from ..services import activists as pipeline
from .confirm import confirm_step, is_confirmed, is_going_back


class ActivistListView(ScopedListView):
    model = Activist
    filterset_class = ActivistFilter
    select_related = ("organization",)
    template_name = "members/activist_list.html"
    export_title = gettext_lazy("火线发展")
    export_columns = [
        ("姓名", lambda r: r.name),
        ("当前阶段", display("stage")),
        ("终止日期", lambda r: r.ended_on.isoformat() if r.ended_on else ""),
        ("培养党支部", lambda r: r.organization.name),
        ("身份证号码", lambda r: r.masked_id_number),
        ("手机号码", lambda r: r.masked_phone),
    ]


def _activists(user):
    return Activist.objects.visible_to(user).select_related("organization", "member")


def _summary(step: DevelopmentStep) -> str:
    """What a step recorded, in one line for the pipeline page."""
    parts = []
    if step.introducer_one_id:
        parts.append(
            _("入党介绍人：%(one)s、%(two)s")
            % {"one": step.introducer_one.name, "two": step.introducer_two.name}
        )
    if step.training_days:
        parts.append(_("%(days)s天") % {"days": step.training_days})
    if step.training_hours:
        parts.append(_("%(hours)s学时") % {"hours": step.training_hours})
    if step.ends_on:
        parts.append(_("至 %(date)s") % {"date": step.ends_on.isoformat()})
    if step.branch_decided_on:
        parts.append(_("党支部决定 %(date)s") % {"date": step.branch_decided_on.isoformat()})
    if step.organization_id:
        parts.append(step.organization.name)
    if step.document_number:
        parts.append(step.document_number)
    if step.votes_for is not None:
        parts.append(
            _("赞成 %(votes)s 票，应到会有表决权正式党员 %(entitled)s 人")
            % {"votes": step.votes_for, "entitled": step.voters_entitled}
        )
    if step.months:
        parts.append(_("延长 %(months)s 个月") % {"months": step.months})
    if step.end_kind:
        parts.append(step.get_end_kind_display())
    if step.note:
        parts.append(step.note)
    return "；".join(parts)


def _pipeline(activist: Activist) -> list[dict]:
    """Every stage and step in order: done (with date, who, what) or still to come."""
    events = {event.stage: event for event in activist.events.all()}
    steps = {step.kind: step for step in activist.steps.all()}
    upcoming = pipeline.next_step(activist)
    order = [Stage.APPLICANT, Stage.ACTIVIST]
    order += [StepKind.SHORTENING] if StepKind.SHORTENING in steps else []
    order += [Stage.CANDIDATE, *CANDIDATE_STEPS[:-1], StepKind.APPROVAL, Stage.PROBATIONARY]
    order += [StepKind.OATH]
    order += [StepKind.EXTENSION] if StepKind.EXTENSION in steps else []
    order += [Stage.FULL]
    order += [StepKind.ENDED] if StepKind.ENDED in steps else []
    rows = []
    for item in order:
        done = events.get(item) if isinstance(item, Stage) else steps.get(item)
        rows.append(
            {
                "label": item.label,
                "done": done,
                "summary": _summary(done) if isinstance(done, DevelopmentStep) else "",
                "is_next": item == upcoming,
            }
        )
    return rows


def _action_for(item) -> Action:
    if item in Stage.values:
        return pipeline.STAGE_ACTIONS.get(item, Action.ACTIVIST_DEVELOP)
    return pipeline.STEP_ACTIONS.get(item, Action.ACTIVIST_DEVELOP)


def _step_form(request, activist, kind, data=None):
    form = DevelopmentStepForm(data, kind=kind, activist=activist, user=request.user)
    form.step_kind = StepKind(kind)
    form.policy_action = _action_for(kind).value
    return form


class ActivistDetailView(DetailView):
    """The pipeline: what is done (when, by whom), what comes next and who may record it."""

    template_name = "members/activist_detail.html"
    context_object_name = "activist"

    def get_queryset(self):
        return _activists(self.request.user).prefetch_related(
            "events__recorded_by",
            "steps__recorded_by",
            "steps__organization",
            "steps__introducer_one",
            "steps__introducer_two",
        )

    def get_context_data(self, **kwargs):
        activist = self.object
        user = self.request.user
        upcoming = pipeline.next_step(activist)
        bound = kwargs.pop("bound", {})
        advance_form = next_form = None
        if upcoming in Stage.values:
            advance_form = bound.get("advance") or ActivistAdvanceForm(
                next_stage=Stage(upcoming),
                initial={"stage": upcoming, "happened_on": timezone.localdate()},
            )
            advance_form.policy_action = _action_for(upcoming).value
        elif upcoming:
            next_form = bound.get(upcoming) or _step_form(self.request, activist, upcoming)
        optional = pipeline.optional_steps(activist)
        optional_forms = [
            bound.get(kind) or _step_form(self.request, activist, kind) for kind in optional
        ]
        # A step posted that is not the one to take now: its refusal is said on top.
        stray_errors = [
            message
            for kind, form in bound.items()
            if kind not in {"advance", upcoming, *optional}
            for messages_ in form.errors.values()
            for message in messages_
        ]
        return super().get_context_data(
            pipeline=_pipeline(activist),
            next_label=(Stage(upcoming).label if upcoming in Stage.values else "")
            or (StepKind(upcoming).label if upcoming else ""),
            next_action=_action_for(upcoming).value if upcoming else "",
            next_refusal=refusal(user, _action_for(upcoming), activist) if upcoming else "",
            advance_form=advance_form,
            next_form=next_form,
            optional_forms=optional_forms,
            stray_errors=stray_errors,
            end_kind=pipeline.end_kind(activist).label,
            training_ends_on=pipeline.training_ends_on(activist),
            probation_ends_on=pipeline.probation_ends_on(activist),
            may_write=user.may_write,
            history=history_entries(activist),
            **kwargs,
        )


def _detail_again(request, activist, bound):
    view = ActivistDetailView()
    view.setup(request, pk=activist.pk)
    view.object = view.get_queryset().get(pk=activist.pk)
    return view.render_to_response(view.get_context_data(object=view.object, bound=bound))


class ActivistCreateView(ServiceFormView):
    title = gettext_lazy("登记入党申请人")
    form_class = ActivistForm
    success_message = gettext_lazy("已登记入党申请人“%(object)s”。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return services.activist_create(user=self.request.user, **form.cleaned_data)


class ActivistAdvanceView(WriteAccessMixin, View):
    """One stage on, said back in words first: a step of the pipeline is never undone."""

    http_method_names = ["post"]

    def post(self, request, pk):
        activist = get_object_or_404(_activists(request.user), pk=pk)
        upcoming = pipeline.next_step(activist)
        require(request.user, _action_for(request.POST.get("stage") or upcoming), activist)
        form = ActivistAdvanceForm(
            request.POST, next_stage=Stage(upcoming) if upcoming in Stage.values else None
        )
        if form.is_valid() and not is_going_back(request):
            data = form.cleaned_data
            try:
                if not is_confirmed(request):
                    services.activist_advance_check(
                        activist=activist, stage=data["stage"], happened_on=data["happened_on"]
                    )
                    return confirm_step(
                        request,
                        form=form,
                        title=_("确认进入下一阶段"),
                        statement=_advance_statement(activist, data),
                        confirm_label=_("确认，记录"),
                    )
                event = services.activist_advance(activist=activist, user=request.user, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s 已进入“%(stage)s”阶段。")
                    % {"name": activist.name, "stage": event.get_stage_display()},
                )
                return redirect(activist)
        return _detail_again(request, activist, {"advance": form})


class ActivistStepView(WriteAccessMixin, View):
    """One step of the procedure (or ending it), said back in words before it is recorded."""

    http_method_names = ["post"]

    def post(self, request, pk):
        activist = get_object_or_404(_activists(request.user), pk=pk)
        kind = request.POST.get("kind")
        if kind not in StepKind.values:
            messages.error(request, _("请选择要记录的程序。"))
            return _detail_again(request, activist, {})
        require(request.user, _action_for(kind), activist)
        form = _step_form(request, activist, kind, data=request.POST)
        if form.is_valid() and not is_going_back(request):
            data = {name: value for name, value in form.cleaned_data.items() if name != "kind"}
            try:
                if not is_confirmed(request):
                    services.development_step_check(activist=activist, kind=kind, **data)
                    return confirm_step(
                        request,
                        form=form,
                        title=_("确认记录“%(step)s”") % {"step": StepKind(kind).label},
                        statement=_step_statement(activist, kind, data),
                        confirm_label=_("确认，记录"),
                    )
                services.development_step_record(
                    activist=activist, user=request.user, kind=kind, **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("已记录%(name)s的“%(step)s”。")
                    % {"name": activist.name, "step": StepKind(kind).label},
                )
                return redirect(activist)
        return _detail_again(request, activist, {kind: form})


def _advance_statement(activist: Activist, data: dict) -> str:
    stage = Stage(data["stage"])
    statement = _("%(name)s 将由“%(current)s”进入“%(stage)s”阶段，日期 %(date)s。") % {
        "name": activist.name,
        "current": activist.get_stage_display(),
        "stage": stage.label,
        "date": data["happened_on"].isoformat(),
    }
    if stage == Stage.FULL:
        statement += _("同时转为正式党员（转正日期 %(date)s）。") % {
            "date": data["happened_on"].isoformat()
        }
    return statement


def _step_statement(activist: Activist, kind: str, data: dict) -> str:
    statement = _("%(name)s：记录“%(step)s”，日期 %(date)s。") % {
        "name": activist.name,
        "step": StepKind(kind).label,
        "date": data["happened_on"].isoformat(),
    }
    if kind == StepKind.APPROVAL:
        meeting = activist.steps.get(kind=StepKind.BRANCH_MEETING).happened_on
        statement += _(
            "同时接收为预备党员，在%(branch)s登记（入党日期为支部大会通过之日 %(date)s）。"
        ) % {"branch": activist.organization.name, "date": meeting.isoformat()}
    elif kind == StepKind.ENDED:
        statement += _("发展程序将终止（%(how)s），此后不能再记录任何程序。") % {
            "how": pipeline.end_kind(activist).label
        }
        if pipeline.end_kind(activist) == PipelineEnd.PROBATION_CANCELLED:
            statement += _("其党员档案同时标记为不在册。")
    elif kind == StepKind.EXTENSION:
        statement += _("预备期延长 %(months)s 个月，只能延长一次。") % {"months": data["months"]}
    return statement
