from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.history import history_entries
from organizations.viewmixins import (
    ScopedListView,
    ServiceFormView,
    WriteAccessMixin,
    add_service_errors,
)

from .. import services
from ..choices import STAGE_ORDER, Stage
from ..filters import ActivistFilter
from ..forms import ActivistAdvanceForm, ActivistForm
from ..models import Activist
from .confirm import confirm_step, is_confirmed, is_going_back


class ActivistListView(ScopedListView):
    model = Activist
    filterset_class = ActivistFilter
    select_related = ("organization",)
    template_name = "members/activist_list.html"
    export_title = gettext_lazy("火线发展")
    export_columns = [
        ("姓名", lambda r: r.name),
        ("当前阶段", lambda r: r.get_stage_display()),
        ("培养党支部", lambda r: r.organization.name),
        ("身份证号码", lambda r: r.masked_id_number),
        ("手机号码", lambda r: r.masked_phone),
    ]


def _next_stage(activist: Activist) -> Stage | None:
    position = STAGE_ORDER.index(Stage(activist.stage))
    return STAGE_ORDER[position + 1] if position + 1 < len(STAGE_ORDER) else None


class ActivistDetailView(DetailView):
    template_name = "members/activist_detail.html"
    context_object_name = "activist"

    def get_queryset(self):
        return Activist.objects.visible_to(self.request.user).select_related(
            "organization", "member"
        )

    def get_context_data(self, **kwargs):
        activist = self.object
        next_stage = _next_stage(activist)
        form = kwargs.pop("advance_form", None)
        if form is None and next_stage and self.request.user.may_write:
            form = ActivistAdvanceForm(
                next_stage=next_stage,
                initial={"stage": next_stage, "happened_on": timezone.localdate()},
            )
        warning = ""
        if next_stage:
            warning = services.stage_interval_shortfall(
                activist=activist, stage=next_stage, happened_on=timezone.localdate()
            )
        return super().get_context_data(
            events=activist.events.select_related("recorded_by"),
            next_stage=next_stage,
            advance_form=form,
            interval_warning=warning,
            history=history_entries(activist),
            **kwargs,
        )


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
        activist = get_object_or_404(
            Activist.objects.visible_to(request.user).select_related("organization"), pk=pk
        )
        form = ActivistAdvanceForm(request.POST, next_stage=_next_stage(activist))
        if form.is_valid() and not is_going_back(request):
            data = form.cleaned_data
            try:
                if not is_confirmed(request):
                    services.activist_advance_check(
                        activist=activist,
                        stage=data["stage"],
                        happened_on=data["happened_on"],
                        exception_note=data["exception_note"],
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
        view = ActivistDetailView()
        view.setup(request, pk=pk)
        view.object = activist
        return view.render_to_response(view.get_context_data(object=activist, advance_form=form))


def _advance_statement(activist: Activist, data: dict) -> str:
    stage = Stage(data["stage"])
    statement = _("%(name)s 将由“%(current)s”进入“%(stage)s”阶段，日期 %(date)s。") % {
        "name": activist.name,
        "current": activist.get_stage_display(),
        "stage": stage.label,
        "date": data["happened_on"].isoformat(),
    }
    if stage == Stage.PROBATIONARY:
        statement += _("同时在%(branch)s登记为预备党员（入党日期 %(date)s）。") % {
            "branch": activist.organization.name,
            "date": data["happened_on"].isoformat(),
        }
    elif stage == Stage.FULL:
        statement += _("同时转为正式党员（转正日期 %(date)s）。") % {
            "date": data["happened_on"].isoformat()
        }
    return statement
