"""表彰: nominated by county staff, made public (公示), objections to it resolved, then
confirmed or withdrawn."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, View

from members.models import Member
from organizations.exports import display
from organizations.history import history_entries
from organizations.models import Organization
from organizations.policy import Action, PolicyRequiredMixin, require
from organizations.viewmixins import (
    ScopedListView,
    ServiceFormView,
    object_from_query_or_404,
)

from .. import services
from ..choices import CommendationState
from ..filters import CommendationFilter
from ..forms import (
    CommendationForm,
    DecisionForm,
    NoticeForm,
    ObjectionForm,
    ObjectionResolveForm,
)
from ..models import Cadre, Commendation, CommendationObjection, FrontlineRecord
from ..selectors import COMMENDATION_STEPS, commendation_next_steps
from .confirm import ConfirmPageView

NOMINEES = {"organization": Organization, "cadre": Cadre, "member": Member}


class CommendationListView(ScopedListView):
    model = Commendation
    filterset_class = CommendationFilter
    select_related = ("organization", "cadre", "member")
    template_name = "cadres/commendation_list.html"
    export_title = gettext_lazy("表彰")
    export_columns = [
        ("对象", lambda r: r.nominee_name),
        ("称号", lambda r: r.title),
        ("类别", display("kind")),
        ("状态", display("state")),
        ("公示开始", lambda r: r.notice_starts_on),
        ("公示结束", lambda r: r.notice_ends_on),
    ]


class CommendationPrintView(ListView):
    """The confirmed commendations in the user's scope, for print."""

    template_name = "cadres/commendation_print.html"
    context_object_name = "commendations"

    def get_queryset(self):
        return (
            Commendation.objects.visible_to(self.request.user)
            .filter(state=CommendationState.CONFIRMED)
            .select_related(
                "organization", "cadre", "member", "cadre__organization", "member__organization"
            )
            .order_by("kind", "title", "pk")
        )


class CommendationCreateView(PolicyRequiredMixin, ServiceFormView):
    """?organization=, ?cadre= or ?member= names the nominee (from its own page)."""

    action = Action.COMMENDATION_CREATE
    form_class = CommendationForm
    title = gettext_lazy("提名表彰")
    success_message = gettext_lazy("已提名：%(object)s。")

    def dispatch(self, request, *args, **kwargs):
        self.nominee = None
        for key, model in NOMINEES.items():
            if request.GET.get(key):
                self.nominee = object_from_query_or_404(
                    model.objects.visible_to(request.user), request.GET[key]
                )
        if self.nominee is None:
            return redirect("cadres:commendation_list")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        reviewed = FrontlineRecord.objects.filter(reviewed_at__isnull=False)
        if isinstance(self.nominee, Cadre):
            records = reviewed.filter(cadre=self.nominee)
        elif isinstance(self.nominee, Organization):
            records = reviewed.filter(team=self.nominee)
        else:
            records = FrontlineRecord.objects.none()
        return {**super().get_form_kwargs(), "records": records}

    def get_context_data(self, **kwargs):
        return super().get_context_data(nominee=self.nominee, **kwargs)

    def perform(self, form):
        return services.commendation_nominate(
            user=self.request.user, nominee=self.nominee, **form.cleaned_data
        )


def step_action(name: str) -> Action:
    """The policy action of a step named on the page; an unknown one is asked of whoever
    may nominate, and then refused as no step."""
    return COMMENDATION_STEPS.get(name, (None, Action.COMMENDATION_CREATE))[1]


class CommendationDetailView(DetailView):
    template_name = "cadres/commendation_detail.html"
    context_object_name = "commendation"

    def get_queryset(self):
        return Commendation.objects.visible_to(self.request.user).select_related(
            "organization", "cadre", "member", "created_by"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            records=self.object.records.all(),
            objections=self.object.objections.select_related("recorded_by", "resolved_by"),
            next_steps=commendation_next_steps(self.object),
            history=history_entries(self.object),
            **kwargs,
        )


CONSEQUENCES = {
    "notice": gettext_lazy(
        "开始公示：%(nominee)s的“%(title)s”提名进入公示，公示期满后才能确认表彰。"
        "开始公示后不能退回提名状态，只能确认或撤回。"
    ),
    "confirm": gettext_lazy(
        "确认表彰：%(nominee)s确认为“%(title)s”，列入表彰名单和打印件。确认后不能撤回。"
    ),
    "withdraw": gettext_lazy("撤回：%(nominee)s的“%(title)s”提名撤回并办结，撤回后不能恢复。"),
}


SUBMIT_LABELS = {
    "notice": gettext_lazy("确认开始公示"),
    "confirm": gettext_lazy("确认表彰"),
    "withdraw": gettext_lazy("确认撤回"),
}


class CommendationStepConfirmView(ConfirmPageView):
    """?action=notice, confirm or withdraw, chosen on the commendation's page."""

    def queryset(self, user):
        return Commendation.objects.visible_to(user).select_related(
            "organization", "cadre", "member"
        )

    def policy_action(self):
        return step_action(self.request.GET.get("action", ""))

    def confirmation(self, form=None) -> dict:
        commendation = self.object
        action = self.request.GET.get("action")
        steps = {step["name"]: step for step in commendation_next_steps(commendation)}
        label = steps[action]["label"] if action in steps else None
        notice = ""
        if commendation.notice_starts_on:
            notice = f"{commendation.notice_starts_on} 至 {commendation.notice_ends_on}"
        words = {
            "title": _("表彰：%(step)s") % {"step": label} if label else _("表彰"),
            "subject_name": commendation.nominee_name,
            "details": [
                (_("类别"), commendation.get_kind_display()),
                (_("称号"), commendation.title),
                (_("当前状态"), commendation.get_state_display()),
                *([(_("公示"), notice)] if notice else []),
                (_("主要事迹"), commendation.citation),
                *[
                    (
                        _("异议（%(date)s %(who)s）") % {"date": o.raised_on, "who": o.raised_by},
                        f"{o.content} —— "
                        + (
                            (_("成立") if o.upheld else _("不成立")) + f"：{o.resolution}"
                            if o.is_resolved
                            else _("待处理")
                        ),
                    )
                    for o in commendation.objections.all()
                ],
            ],
            "records": commendation.records.all(),
        }
        if label is None:
            return {
                **words,
                "refusal": _("当前为“%(now)s”，没有这一步可办理。")
                % {"now": commendation.get_state_display()},
            }
        if steps[action]["waiting"]:
            return {**words, "refusal": steps[action]["waiting"]}
        if action == "notice":
            form, url = NoticeForm(), reverse("cadres:commendation_notice", args=[commendation.pk])
        else:
            form = DecisionForm(initial={"action": action})
            url = reverse("cadres:commendation_decide", args=[commendation.pk])
        return {
            **words,
            "consequence": CONSEQUENCES[action]
            % {"nominee": commendation.nominee_name, "title": commendation.title},
            "form": form,
            "action_url": url,
            "submit_label": SUBMIT_LABELS[action],
        }


class _CommendationStep(View):
    http_method_names = ["post"]

    def policy_action(self) -> Action:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        commendations = Commendation.objects.visible_to(request.user)
        self.commendation = get_object_or_404(commendations, pk=kwargs["pk"])
        require(request.user, self.policy_action(), self.commendation)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        commendation = self.commendation
        try:
            self.act(request, commendation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(commendation)


class CommendationNoticeView(_CommendationStep):
    def policy_action(self):
        return Action.COMMENDATION_NOTICE

    def act(self, request, commendation):
        form = NoticeForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("请填写正确的公示起止日期。"))
        services.commendation_start_notice(
            commendation=commendation,
            user=request.user,
            starts_on=form.cleaned_data["notice_starts_on"],
            ends_on=form.cleaned_data["notice_ends_on"],
        )
        messages.success(request, _("已开始公示。"))


class CommendationDecideView(_CommendationStep):
    def policy_action(self):
        return step_action(self.request.POST.get("action", ""))

    def act(self, request, commendation):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("请选择确认或撤回。"))
        note = form.cleaned_data["decision_note"]
        if form.cleaned_data["action"] == "confirm":
            services.commendation_confirm(commendation=commendation, user=request.user, note=note)
            messages.success(request, _("已确认表彰。"))
        else:
            services.commendation_withdraw(commendation=commendation, user=request.user, note=note)
            messages.success(request, _("已撤回。"))


class ObjectionCreateView(PolicyRequiredMixin, ServiceFormView):
    """登记异议 raised during the 公示, from the commendation's page."""

    action = Action.COMMENDATION_OBJECT
    form_class = ObjectionForm
    title = gettext_lazy("登记公示异议")
    success_message = gettext_lazy("已登记异议：%(object)s。处理前不能确认表彰。")

    def dispatch(self, request, *args, **kwargs):
        commendations = Commendation.objects.visible_to(request.user)
        self.commendation = get_object_or_404(commendations, pk=kwargs["pk"])
        self.title = _("登记公示异议：%(name)s") % {"name": self.commendation}
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.commendation

    def perform(self, form):
        return services.objection_record(
            commendation=self.commendation, user=self.request.user, **form.cleaned_data
        )


class ObjectionResolveView(PolicyRequiredMixin, ServiceFormView):
    """处理异议: a confirmation page naming the nominee, the objection and what each finding
    does, with the finding's form; the finding cannot be changed afterwards."""

    action = Action.COMMENDATION_RESOLVE_OBJECTION
    form_class = ObjectionResolveForm
    template_name = "cadres/confirm.html"
    title = gettext_lazy("处理公示异议")
    success_message = gettext_lazy("已处理异议：%(object)s。")

    def dispatch(self, request, *args, **kwargs):
        commendations = Commendation.objects.visible_to(request.user)
        objections = CommendationObjection.objects.filter(commendation__in=commendations)
        self.objection = get_object_or_404(
            objections.select_related("commendation"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.objection.commendation

    def get_context_data(self, **kwargs):
        objection, commendation = self.objection, self.objection.commendation
        words = {
            "subject_name": commendation.nominee_name,
            "back_url": commendation.get_absolute_url(),
            "details": [
                (_("称号"), commendation.title),
                (_("公示"), f"{commendation.notice_starts_on} 至 {commendation.notice_ends_on}"),
                (_("反映人"), objection.raised_by),
                (_("反映日期"), objection.raised_on.isoformat()),
                (_("异议内容"), objection.content),
            ],
            "records": commendation.records.all(),
        }
        if objection.is_resolved or commendation.state != CommendationState.IN_NOTICE:
            kwargs.pop("form", None)
            resolved = objection.is_resolved
            words["refusal"] = (
                _("该异议已处理。") if resolved else _("只有公示中的表彰可以处理异议。")
            )
            return {**words, "title": self.title, "view": self}
        return super().get_context_data(
            **words,
            consequence=_(
                "认定异议成立：%(nominee)s的“%(title)s”提名撤回并办结，不能恢复。"
                "认定不成立：异议办结，公示期满后可确认表彰。处理结论不能更改。"
            )
            % {"nominee": commendation.nominee_name, "title": commendation.title},
            action_url=self.request.path,
            submit_label=_("确认处理"),
            **kwargs,
        )

    def perform(self, form):
        services.objection_resolve(
            objection=self.objection, user=self.request.user, **form.cleaned_data
        )
        return self.objection.commendation
