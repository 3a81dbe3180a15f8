"""推荐, 调整, 问责: proposed from a subject's file, stepped to a decision by county staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.choices import TOWNSHIP_KINDS, Role
from organizations.history import history_entries
from organizations.models import Organization
from organizations.viewmixins import (
    RoleRequiredMixin,
    ScopedListView,
    ServiceFormView,
    add_service_errors,
)

from .. import services
from ..choices import OutcomeState
from ..filters import OutcomeFilter
from ..forms import OutcomeForm, OutcomeStepForm
from ..models import Cadre, FrontlineRecord, Outcome

COUNTY = (Role.COUNTY_STAFF,)


class OutcomeListView(ScopedListView):
    model = Outcome
    filterset_class = OutcomeFilter
    select_related = ("cadre", "team")
    template_name = "cadres/outcome_list.html"
    export_title = gettext_lazy("运用结果")
    export_columns = [
        ("对象", lambda r: r.subject_name),
        ("类别", lambda r: r.get_kind_display()),
        ("问责方式", lambda r: r.get_measure_display()),
        ("状态", lambda r: r.get_state_display()),
        ("提议时间", lambda r: r.created_at.date()),
        ("理由", lambda r: r.reason),
    ]


class OutcomeCreateView(RoleRequiredMixin, ServiceFormView):
    """/cadres/<pk>/outcomes/new/ for a cadre, /cadres/teams/<pk>/outcomes/new/ for a team."""

    allowed_roles = COUNTY
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

    def get_form_kwargs(self):
        key = "team" if self.is_team else "cadre"
        records = FrontlineRecord.objects.filter(**{key: self.subject}, reviewed_at__isnull=False)
        previous = Outcome.objects.filter(**{key: self.subject}, state=OutcomeState.DECIDED)
        return {**super().get_form_kwargs(), "records": records, "previous": previous}

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
            "cadre", "team", "follows"
        )

    def get_context_data(self, **kwargs):
        outcome = self.object
        user = self.request.user
        form = kwargs.pop("step_form", None)
        may_step = user.is_superuser or user.role == Role.COUNTY_STAFF
        if (
            form is None
            and may_step
            and outcome.state not in (OutcomeState.DECIDED, OutcomeState.WITHDRAWN)
        ):
            form = OutcomeStepForm(outcome=outcome)
        return super().get_context_data(
            steps=outcome.steps.select_related("acted_by"),
            records=outcome.records.all(),
            step_form=form,
            history=history_entries(outcome),
            **kwargs,
        )


class OutcomeStepView(RoleRequiredMixin, View):
    allowed_roles = COUNTY
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        # Out of scope is 404 before any role check (nobody learns it exists).
        self.outcome = get_object_or_404(Outcome.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        outcome = self.outcome
        form = OutcomeStepForm(request.POST, outcome=outcome)
        if form.is_valid():
            try:
                services.outcome_advance(outcome=outcome, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已办理。"))
                return redirect(outcome)
        elif outcome.state in (OutcomeState.DECIDED, OutcomeState.WITHDRAWN):
            form.add_error(None, _("该结果已办结，不能再办理；如需变更，请另行提议。"))
        view = OutcomeDetailView()
        view.setup(request, pk=pk)
        view.object = outcome
        return view.render_to_response(view.get_context_data(object=outcome, step_form=form))
