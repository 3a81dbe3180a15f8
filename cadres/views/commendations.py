"""表彰: nominated by county staff, made public (公示), then confirmed or withdrawn."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
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
        if isinstance(self.nominee, Cadre):
            records = FrontlineRecord.objects.filter(cadre=self.nominee)
        elif isinstance(self.nominee, Organization):
            records = FrontlineRecord.objects.filter(team=self.nominee)
        else:
            records = FrontlineRecord.objects.none()
        return {**super().get_form_kwargs(), "records": records}

    def get_context_data(self, **kwargs):
        return super().get_context_data(nominee=self.nominee, **kwargs)

    def perform(self, form):
        return services.commendation_nominate(
            user=self.request.user, nominee=self.nominee, **form.cleaned_data
        )


class CommendationDetailView(DetailView):
    template_name = "cadres/commendation_detail.html"
    context_object_name = "commendation"

    def get_queryset(self):
        return Commendation.objects.visible_to(self.request.user).select_related(
            "organization", "cadre", "member"
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        county = user.is_superuser or user.role == Role.COUNTY_STAFF
        state = self.object.state
        return super().get_context_data(
            records=self.object.records.all(),
            notice_form=kwargs.pop("notice_form", None)
            or (NoticeForm() if county and state == CommendationState.NOMINATED else None),
            decision_form=DecisionForm()
            if county and state in (CommendationState.NOMINATED, CommendationState.IN_NOTICE)
            else None,
            history=history_entries(self.object),
            **kwargs,
        )


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
