"""Front-line records: the quick entry form, review of township proposals, evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.exports import display
from organizations.history import history_entries
from organizations.policy import Action, PolicyRequiredMixin, may, refusal, require
from organizations.uploads import upload_response
from organizations.viewmixins import ScopedListView, ServiceFormView

from .. import services
from ..choices import CheckpointSet
from ..filters import RecordFilter
from ..forms import RecordForm
from ..models import Evidence, FrontlineRecord
from ..selectors import subject_from_value, subject_search
from .confirm import ConfirmPageView


class SubjectSearchView(View):
    """Picker options for the record form as the user types (JSON, scoped)."""

    def get(self, request):
        query = request.GET.get("q", "").strip()[:30]
        return JsonResponse({"options": subject_search(user=request.user, query=query)})


class RecordCreateView(PolicyRequiredMixin, ServiceFormView):
    """One screen: pick the subject by typing, today's date, the subject's checkpoints."""

    action = Action.RECORD_CREATE
    form_class = RecordForm
    template_name = "cadres/record_form.html"
    title = gettext_lazy("记录一线表现")
    success_message = gettext_lazy("已记录：%(object)s。")

    def get_initial(self):
        return {**super().get_initial(), "subject": self.request.GET.get("subject", "")}

    def get_form_kwargs(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        query = data.get("q", "").strip()[:30]
        options = subject_search(user=self.request.user, query=query)
        chosen = data.get("subject") or self.request.GET.get("subject")
        if chosen and chosen not in {option["value"] for option in options}:
            options = [
                *subject_search(user=self.request.user, query=self._name_of(chosen), limit=50),
                *options,
            ]
        kwargs = super().get_form_kwargs()
        if self.request.FILES:
            kwargs["files"] = self.request.FILES
        return {**kwargs, "user": self.request.user, "subject_options": options}

    def _name_of(self, value):
        subject = subject_from_value(user=self.request.user, value=value)
        return getattr(subject, "name", "")

    def get_context_data(self, **kwargs):
        groups = {value: str(label) for value, label in CheckpointSet.choices}
        return super().get_context_data(
            query=self.request.GET.get("q", ""), checkpoint_groups=groups, **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        return services.record_create(
            user=self.request.user,
            subject=data["subject"],
            occurred_on=data["occurred_on"],
            place=data["place"],
            description=data["description"],
            polarity=data["polarity"],
            dimensions=data["dimensions"],
            checkpoint=data["checkpoint"],
            source=data["source"],
            evidence_files=data["evidence"],
        )


class RecordListView(ScopedListView):
    model = FrontlineRecord
    sort_fields = {"date": "occurred_on", "reviewed": "reviewed_at"}
    filterset_class = RecordFilter
    select_related = ("cadre", "team", "recorded_by")
    template_name = "cadres/record_list.html"
    export_title = gettext_lazy("一线表现记录")
    export_columns = [
        ("日期", lambda r: r.occurred_on),
        ("对象", lambda r: r.subject_name),
        ("评价", display("polarity")),
        ("考察要点", display("checkpoint")),
        ("识别评价维度", lambda r: "、".join(r.dimension_labels)),
        ("来源", display("source")),
        ("地点", lambda r: r.place),
        ("具体事例", lambda r: r.description),
        ("已审核", lambda r: "是" if r.is_reviewed else "否"),
    ]


class RecordDetailView(DetailView):
    template_name = "cadres/record_detail.html"
    context_object_name = "record"

    def get_queryset(self):
        return FrontlineRecord.objects.visible_to(self.request.user).select_related(
            "cadre", "cadre__category", "team", "recorded_by", "reviewed_by"
        )

    def get_context_data(self, **kwargs):
        user, record = self.request.user, self.object
        # Said to someone who reviews records but not this one: their own (four eyes).
        four_eyes = ""
        if not record.is_reviewed and may(user, Action.RECORD_REVIEW):
            four_eyes = refusal(user, Action.RECORD_REVIEW, record)
        return super().get_context_data(
            evidence=record.evidence.all(),
            four_eyes=four_eyes,
            history=history_entries(self.object),
            **kwargs,
        )


class RecordReviewConfirmView(ConfirmPageView):
    """审核通过 is read first: the record then counts in the file, its print and outcomes."""

    def policy_action(self):
        return Action.RECORD_REVIEW

    def queryset(self, user):
        return FrontlineRecord.objects.visible_to(user).select_related(
            "cadre", "team", "recorded_by"
        )

    def confirmation(self, form=None) -> dict:
        record = self.object
        words = {
            "title": _("审核一线表现记录"),
            "subject_name": record.subject_name,
            "details": [
                (_("日期"), record.occurred_on.isoformat()),
                (_("地点"), record.place),
                (_("评价"), record.get_polarity_display()),
                (_("考察要点"), record.get_checkpoint_display()),
                (_("维度"), "、".join(record.dimension_labels)),
                (_("来源"), record.get_source_display()),
                (_("记录人"), record.recorded_by.display_name),
                (_("具体事例"), record.description),
            ],
            "records": None,
        }
        if record.is_reviewed:
            return {**words, "refusal": _("该记录已审核。")}
        return {
            **words,
            "consequence": _(
                "审核通过后，这条记录计入%(subject)s的一线表现档案和打印件，"
                "可作为推荐、调整、问责和表彰的依据。审核不能撤销。"
            )
            % {"subject": record.subject_name},
            "action_url": reverse("cadres:record_review", args=[record.pk]),
            "submit_label": _("确认审核通过"),
        }


class RecordReviewView(View):
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        records = FrontlineRecord.objects.visible_to(request.user)
        self.record = get_object_or_404(records, pk=kwargs["pk"])
        require(request.user, Action.RECORD_REVIEW, self.record)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        record = self.record
        try:
            services.record_review(record=record, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已审核。"))
        return redirect(record)


class EvidenceDownloadView(View):
    """Evidence is served only here, after the same scope check as its record."""

    def get(self, request, pk):
        records = FrontlineRecord.objects.visible_to(request.user)
        evidence = get_object_or_404(Evidence.objects.filter(record__in=records), pk=pk)
        return upload_response(
            evidence.file, content_type=evidence.content_type, filename=evidence.original_name
        )
