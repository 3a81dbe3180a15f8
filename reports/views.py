"""Status reports, needs, completeness, the burden meter, directives and the cadence."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView, View

from organizations.choices import TOWNSHIP_KINDS
from organizations.exports import display
from organizations.history import history_entries
from organizations.policy import Action, PolicyRequiredMixin, may, require
from organizations.uploads import upload_response
from organizations.viewmixins import (
    ScopedListView,
    ServiceFormView,
    add_service_errors,
)

from . import services
from .choices import Timeliness
from .filters import NeedFilter, ReportFilter
from .forms import CadenceForm, DirectiveForm, NeedAnswerForm, NeedReopenForm, ReportForm
from .models import Acknowledgement, Directive, Need, ReportingCadence, ReportPhoto, StatusReport
from .selectors import (
    FIGURE_LABELS,
    TYPED_FIELDS,
    current_period,
    evidence_counts,
    expected_reporters,
    figures_for,
    labelled,
    periods_between,
    reporting,
    timeliness_over,
)

EARLIEST_DAY = datetime.date(2000, 1, 1)
# The burden meter looks back at most this far in one page.
BURDEN_MAX_DAYS = 366


def _day(value: str | None) -> datetime.date:
    """A day from the query string; a malformed one, or one outside 2000 → next year, is
    today."""
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return today
    if not EARLIEST_DAY <= day <= today + datetime.timedelta(days=366):
        return today
    return day


class ReportFileView(PolicyRequiredMixin, ServiceFormView):
    """The period's report on one phone screen: figures filled in, four things to type."""

    action = Action.REPORT_FILE
    form_class = ReportForm
    template_name = "reports/report_form.html"
    title = gettext_lazy("情况报送")
    success_message = gettext_lazy("已报送：%(object)s。")

    def dispatch(self, request, *args, **kwargs):
        self.cadence = ReportingCadence.current()
        self.period = self.cadence.period_for(_day(request.GET.get("period")))
        require(request.user, self.action)
        organization = self.organization = request.user.organization
        self.report = StatusReport.objects.filter(
            organization=organization, period_start=self.period.start
        ).first()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.report:
            return {"highlights": self.report.highlights, "risk": self.report.risk}
        return super().get_initial()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.FILES:
            kwargs["files"] = self.request.FILES
        return kwargs

    def get_context_data(self, **kwargs):
        previous = self.cadence.previous(self.period)
        following = self.cadence.period_for(self.period.end + datetime.timedelta(days=1))
        return super().get_context_data(
            organization=self.organization,
            period=self.period,
            previous=previous,
            following=following if following.start <= timezone.localdate() else None,
            figures=labelled(figures_for(self.organization, self.period)),
            report=self.report,
            needs=self.report.needs.all() if self.report else [],
            **kwargs,
        )

    def perform(self, form):
        return services.report_submit(
            user=self.request.user,
            organization=self.organization,
            period=self.period,
            **form.cleaned_data,
        )


class ReportListView(ScopedListView):
    model = StatusReport
    sort_fields = {
        "period": "period_start",
        "organization": "organization__path",
        "submitted": "submitted_at",
    }
    filterset_class = ReportFilter
    select_related = ("organization",)
    template_name = "reports/report_list.html"
    export_title = gettext_lazy("情况报送")
    export_columns = [
        ("周期开始", lambda r: r.period_start),
        ("周期结束", lambda r: r.period_end),
        ("组织", lambda r: r.organization.name),
        ("风险等级", display("risk")),
        ("典型事迹", lambda r: r.highlights),
        ("报送时间", lambda r: timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")),
    ]


class ReportDetailView(DetailView):
    """A report on screen; `?print=1` gives the A4 copy for the file."""

    context_object_name = "report"

    def get_template_names(self):
        if self.request.GET.get("print"):
            return ["reports/report_print.html"]
        return ["reports/report_detail.html"]

    def get_queryset(self):
        return StatusReport.objects.visible_to(self.request.user).select_related(
            "organization", "submitted_by"
        )

    def get_context_data(self, **kwargs):
        report = self.object
        return super().get_context_data(
            figures=labelled(report.figures),
            needs=report.needs.select_related("answered_by"),
            photos=report.photos.all(),
            history=history_entries(report),
            **kwargs,
        )


class PhotoView(View):
    def get(self, request, pk):
        reports = StatusReport.objects.visible_to(request.user)
        photo = get_object_or_404(ReportPhoto.objects.filter(report__in=reports), pk=pk)
        return upload_response(
            photo.file, content_type=photo.content_type, filename=photo.original_name
        )


class CompletenessView(TemplateView):
    """按时 / 逾期 / 未报 for a period, derived from the reports, never clicked; by default the
    period running now, as the dashboard shows it (`selectors.reporting`, both)."""

    template_name = "reports/completeness.html"

    def get_context_data(self, **kwargs):
        cadence = ReportingCadence.current()
        if self.request.GET.get("period"):
            period = cadence.period_for(_day(self.request.GET["period"]))
        else:
            period = current_period(cadence)
        shown = reporting(user=self.request.user, cadence=cadence, period=period)
        return super().get_context_data(
            cadence=cadence,
            period=period,
            previous=cadence.previous(period),
            rows=shown.rows,
            counts=[(status.label, shown.counts.get(status, 0)) for status in Timeliness],
            missing=[
                row
                for row in shown.rows
                if row["status"] in (Timeliness.MISSING, Timeliness.ACTIVE_NO_REPORT)
            ],
            **kwargs,
        )


class NeedListView(ScopedListView):
    model = Need
    sort_fields = {
        "raised": "raised_on",
        "organization": "organization__path",
        "closed": "closed_at",
    }
    filterset_class = NeedFilter
    select_related = ("organization",)
    template_name = "reports/need_list.html"
    export_title = gettext_lazy("困难和需求")
    export_columns = [
        ("组织", lambda r: r.organization.name),
        ("困难和需求", lambda r: r.text),
        ("提出日期", lambda r: r.raised_on),
        ("承办", lambda r: r.handler),
        ("办理情况", lambda r: r.answer),
        ("已办结", lambda r: "否" if r.is_open else "是"),
    ]


class NeedDetailView(DetailView):
    template_name = "reports/need_detail.html"
    context_object_name = "need"

    def get_queryset(self):
        return Need.objects.visible_to(self.request.user).select_related(
            "organization", "report", "answered_by"
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = kwargs.pop("answer_form", None)
        if form is None and self.object.is_open and may(user, Action.NEED_ANSWER, self.object):
            form = NeedAnswerForm(
                initial={"handler": self.object.handler, "answer": self.object.answer}
            )
        reopen = not self.object.is_open and may(user, Action.NEED_REOPEN, self.object)
        return super().get_context_data(
            answer_form=form,
            reopen_form=NeedReopenForm() if reopen else None,
            history=history_entries(self.object),
            **kwargs,
        )


class NeedAnswerView(PolicyRequiredMixin, View):
    action = Action.NEED_ANSWER
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        self.need = get_object_or_404(Need.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.need

    def post(self, request, pk):
        form = NeedAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.need_answer(need=self.need, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已答复。"))
                return redirect(self.need)
        view = NeedDetailView()
        view.setup(request, pk=pk)
        view.object = self.need
        return view.render_to_response(view.get_context_data(object=self.need, answer_form=form))


class NeedReopenView(PolicyRequiredMixin, View):
    """Reopen a closed need, with the reason; a refusal says why and changes nothing."""

    action = Action.NEED_REOPEN
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        self.need = get_object_or_404(Need.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.need

    def post(self, request, pk):
        form = NeedReopenForm(request.POST)
        if not form.is_valid():
            problems = [message for errors in form.errors.values() for message in errors]
            messages.error(request, _("重新办理的原因：") + " ".join(problems))
            return redirect(self.need)
        try:
            services.need_reopen(
                need=self.need, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已重新办理，事项恢复为未办结。"))
        return redirect(self.need)


class BurdenView(TemplateView):
    """The burden meter: what each organization was asked to type, next to what the
    system filled in for it (notice §6)."""

    template_name = "reports/burden.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        end = _day(self.request.GET.get("end")) if self.request.GET.get("end") else today
        start = (
            _day(self.request.GET.get("start"))
            if self.request.GET.get("start")
            else (end - datetime.timedelta(days=13))
        )
        start = max(start, end - datetime.timedelta(days=BURDEN_MAX_DAYS))
        cadence = ReportingCadence.current()
        periods = periods_between(cadence, start, end)
        reporters = list(expected_reporters(user=self.request.user, cadence=cadence))
        filed = {
            row["organization"]: row
            for row in StatusReport.objects.filter(
                organization__in=reporters, period_start__in=[p.start for p in periods]
            )
            .values("organization")
            .annotate(
                reports=Count("pk", distinct=True),
                highlights=Count("pk", filter=~Q(highlights=""), distinct=True),
                needs=Count("needs", distinct=True),
                photos=Count("photos", distinct=True),
            )
            .order_by()
        }
        standing = timeliness_over(reporters=reporters, periods=periods)
        rows = []
        for organization in reporters:
            row = filed.get(organization.pk, {})
            reports = row.get("reports", 0)
            typed = row.get("highlights", 0) + row.get("needs", 0) + reports + row.get("photos", 0)
            statuses = standing[organization.pk]
            rows.append(
                {
                    "organization": organization,
                    "expected": len(periods),
                    "reports": reports,
                    "on_time": statuses[Timeliness.ON_TIME],
                    "late": statuses[Timeliness.LATE],
                    "missing": statuses[Timeliness.MISSING],
                    "asked": len(periods) * len(TYPED_FIELDS),
                    "typed": typed,
                    "filled": reports * len(FIGURE_LABELS),
                }
            )
        return super().get_context_data(
            start=start,
            end=end,
            rows=rows,
            typed_fields=len(TYPED_FIELDS),
            figures=len(FIGURE_LABELS),
            **kwargs,
        )


class DirectiveListView(ListView):
    model = Directive
    template_name = "reports/directive_list.html"
    context_object_name = "directives"


class DirectiveDetailView(DetailView):
    """Each item with the records that already evidence it, and who has acknowledged."""

    model = Directive
    template_name = "reports/directive_detail.html"
    context_object_name = "directive"

    def get_context_data(self, **kwargs):
        user = self.request.user
        cadence = ReportingCadence.current()
        reporters = list(expected_reporters(user=user, cadence=cadence))
        acknowledged = {
            ack.organization_id: ack
            for ack in Acknowledgement.objects.filter(
                directive=self.object, organization__in=reporters
            )
        }
        townships = [org for org in reporters if org.kind in TOWNSHIP_KINDS]
        counts = evidence_counts(township_ids=[org.pk for org in townships])
        items = list(self.object.items.all())
        table = [
            {
                "organization": org,
                "ack": acknowledged.get(org.pk),
                "evidence": [
                    counts.get((item.evidence, org.pk), 0) if item.evidence else None
                    for item in items
                ],
            }
            for org in reporters
        ]
        own = user.organization
        return super().get_context_data(
            items=items,
            table=table,
            unread=[row["organization"] for row in table if row["ack"] is None],
            acknowledged=own is not None and own.pk in acknowledged,
            **kwargs,
        )


class DirectiveCreateView(PolicyRequiredMixin, ServiceFormView):
    action = Action.DIRECTIVE_ISSUE
    form_class = DirectiveForm
    title = gettext_lazy("发布部署")
    success_message = gettext_lazy("已发布：%(object)s。")

    def perform(self, form):
        data = form.cleaned_data
        return services.directive_publish(
            user=self.request.user,
            title=data["title"],
            items=[(text, data["evidence"]) for text in data["items"]],
        )


class DirectiveAcknowledgeView(PolicyRequiredMixin, View):
    """Only organizations that report sign for directives (the same rule as filing)."""

    action = Action.DIRECTIVE_ACKNOWLEDGE
    http_method_names = ["post"]

    def post(self, request, pk):
        directive = get_object_or_404(Directive, pk=pk)
        try:
            services.directive_acknowledge(
                directive=directive, organization=request.user.organization, user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已签收。"))
        return redirect(directive)


class CadenceView(PolicyRequiredMixin, ServiceFormView):
    action = Action.CADENCE_SET
    form_class = CadenceForm
    title = gettext_lazy("报送周期设置")
    success_message = gettext_lazy("已保存：%(object)s。")

    def get_form_kwargs(self):
        current = ReportingCadence.current()
        current.pk = None
        return {**super().get_form_kwargs(), "instance": current}

    def perform(self, form):
        return services.cadence_update(user=self.request.user, **form.cleaned_data)

    def get_success_url_for(self, result):
        return "reports:completeness"
