"""表彰: nominated by county staff, made public (公示), then confirmed or withdrawn."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, View

from members.models import Member
from organizations.choices import Role
from organizations.history import history_entries
from organizations.models import Organization
from organizations.viewmixins import (
    RoleRequiredMixin,
    ScopedListView,
    ServiceFormView,
    object_from_query_or_404,
)

from .. import services
from ..choices import CommendationState
from ..filters import CommendationFilter
from ..forms import CommendationForm, DecisionForm, NoticeForm
from ..models import Cadre, Commendation, FrontlineRecord
from .confirm import ConfirmPageView

COUNTY = (Role.COUNTY_STAFF,)
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
        ("类别", lambda r: r.get_kind_display()),
        ("状态", lambda r: r.get_state_display()),
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


class CommendationCreateView(RoleRequiredMixin, ServiceFormView):
    """?organization=, ?cadre= or ?member= names the nominee (from its own page)."""

    allowed_roles = COUNTY
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


def commendation_actions(commendation, user) -> list[tuple[str, str]]:
    """The steps the user may take on a commendation now, as (action, label)."""
    if not (user.is_superuser or user.role == Role.COUNTY_STAFF):
        return []
    state = commendation.state
    actions = []
    if state == CommendationState.NOMINATED:
        actions.append(("notice", _("开始公示")))
    if state == CommendationState.IN_NOTICE:
        actions.append(("confirm", _("公示期满，确认表彰")))
    if state in (CommendationState.NOMINATED, CommendationState.IN_NOTICE):
        actions.append(("withdraw", _("撤回")))
    return actions


class CommendationDetailView(DetailView):
    template_name = "cadres/commendation_detail.html"
    context_object_name = "commendation"

    def get_queryset(self):
        return Commendation.objects.visible_to(self.request.user).select_related(
            "organization", "cadre", "member"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            records=self.object.records.all(),
            actions=commendation_actions(self.object, self.request.user),
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

    def confirmation(self, form=None) -> dict:
        commendation = self.object
        action = self.request.GET.get("action")
        label = dict(commendation_actions(commendation, self.request.user)).get(action)
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
            ],
            "records": commendation.records.all(),
        }
        if label is None:
            return {
                **words,
                "refusal": _("当前为“%(now)s”，没有这一步可办理。")
                % {"now": commendation.get_state_display()},
            }
        if action == "confirm" and timezone.localdate() <= commendation.notice_ends_on:
            return {
                **words,
                "refusal": _("公示期至 %(date)s 结束，期满后才能确认。")
                % {"date": commendation.notice_ends_on},
            }
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


class _CommendationStep(RoleRequiredMixin, View):
    allowed_roles = COUNTY
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        commendations = Commendation.objects.visible_to(request.user)
        self.commendation = get_object_or_404(commendations, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        commendation = self.commendation
        try:
            self.act(request, commendation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(commendation)


class CommendationNoticeView(_CommendationStep):
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
