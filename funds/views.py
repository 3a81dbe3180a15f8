"""Special party fees: batches, allocations level by level, spending, reversal, 公示."""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, View

from organizations.exports import display
from organizations.history import history_entries
from organizations.models import Organization
from organizations.money import yuan
from organizations.policy import Action, PolicyRequiredMixin
from organizations.uploads import upload_response
from organizations.viewmixins import ScopedListView, ServiceFormView

from . import services
from .filters import AllocationFilter, AppropriationFilter, ExpenditureFilter
from .forms import AllocationForm, AppropriationForm, ExpenditureForm, ReverseForm
from .models import Allocation, AllocationRequest, Appropriation, Expenditure
from .notice import notice_rows
from .selectors import (
    allocation_tree,
    balance_column,
    idle,
    pending_allocation_requests,
    reversal_requests,
    spent_by_use,
)


class AppropriationListView(ScopedListView):
    model = Appropriation
    filterset_class = AppropriationFilter
    template_name = "funds/appropriation_list.html"
    export_title = _("专项党费批次")
    export_columns = [
        ("文号", lambda r: r.document_number),
        ("来源", display("source")),
        ("下拨日期", lambda r: r.issued_on),
        ("金额", lambda r: r.amount),
        ("已分配", lambda r: r.allocated),
        ("允许用途", lambda r: "；".join(r.use_labels)),
    ]


class AppropriationDetailView(DetailView):
    """A batch and its whole allocation tree (as far as the user may see it)."""

    template_name = "funds/appropriation_detail.html"
    context_object_name = "appropriation"

    def get_queryset(self):
        return Appropriation.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            allocations=allocation_tree(appropriation=self.object, user=self.request.user),
            pending=pending_allocation_requests(self.request.user).filter(
                appropriation=self.object, parent__isnull=True
            ),
            history=history_entries(self.object),
            **kwargs,
        )


class AppropriationCreateView(PolicyRequiredMixin, ServiceFormView):
    action = Action.FUNDS_APPROPRIATION_CREATE
    form_class = AppropriationForm
    title = _("登记专项党费批次")
    success_message = _("已登记：%(object)s。")

    def perform(self, form):
        return services.appropriation_create(user=self.request.user, **form.cleaned_data)


class AllocateMixin(PolicyRequiredMixin):
    """An allocation form: above FUNDS_APPROVAL_THRESHOLD the form says so, and the result
    is a request awaiting a second person's approval."""

    form_class = AllocationForm
    done_message = ""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["amount"].help_text = _(
            "超过 %(threshold)s 的须经另一名县委组织部工作人员审批后生效。"
        ) % {"threshold": yuan(settings.FUNDS_APPROVAL_THRESHOLD)}
        return form

    def perform(self, form):
        result = self.allocate(form)
        if isinstance(result, AllocationRequest):
            self.success_message = _(
                "已提交审批：%(object)s。须另一名县委组织部工作人员批准后生效。"
            )
        else:
            self.success_message = self.done_message
        return result


class AllocationCreateView(AllocateMixin, ServiceFormView):
    """The county allocates part of a batch to a township or other organization."""

    action = Action.FUNDS_ALLOCATION_CREATE
    title = _("分配专项党费")
    done_message = _("已下拨：%(object)s。")

    def policy_object(self):
        return self.appropriation

    def dispatch(self, request, *args, **kwargs):
        batches = Appropriation.objects.visible_to(request.user)
        self.appropriation = get_object_or_404(batches, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        organizations = Organization.objects.visible_to(self.request.user).working().filter(depth=2)
        return {**super().get_form_kwargs(), "organizations": organizations}

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.appropriation, **kwargs)

    def allocate(self, form):
        return services.allocation_from_appropriation(
            user=self.request.user, appropriation=self.appropriation, **form.cleaned_data
        )


class AllocationPassDownView(AllocateMixin, ServiceFormView):
    """层层下拨 from an allocation to an organization beneath it."""

    action = Action.FUNDS_ALLOCATION_PASS_DOWN
    title = _("转拨专项党费")
    done_message = _("已转拨：%(object)s。")

    def policy_object(self):
        return self.parent

    def dispatch(self, request, *args, **kwargs):
        allocations = Allocation.objects.visible_to(request.user).select_related("organization")
        self.parent = get_object_or_404(allocations, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        below = (
            Organization.objects.visible_to(self.request.user)
            .working()
            .filter(path__startswith=self.parent.organization.path)
            .exclude(pk=self.parent.organization_id)
        )
        return {**super().get_form_kwargs(), "organizations": below}

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.parent, **kwargs)

    def allocate(self, form):
        return services.allocation_pass_down(
            user=self.request.user, parent=self.parent, **form.cleaned_data
        )


class AllocationListView(ScopedListView):
    model = Allocation
    sort_fields = {
        "organization": "organization__path",
        "date": "allocated_on",
        "amount": "amount",
        "balance": balance_column(),
    }
    filterset_class = AllocationFilter
    select_related = ("organization", "appropriation")
    template_name = "funds/allocation_list.html"
    export_title = _("专项党费分配")
    export_columns = [
        ("接收组织", lambda r: r.organization.name),
        ("批次文号", lambda r: r.appropriation.document_number),
        ("下拨日期", lambda r: r.allocated_on),
        ("下拨金额", lambda r: r.amount),
        ("已转拨", lambda r: r.passed_down),
        ("已支出", lambda r: r.spent),
        ("余额", lambda r: r.balance),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = [allocation.pk for allocation in context["object_list"]]
        context["idle_ids"] = set(
            idle(Allocation.objects.filter(pk__in=page)).values_list("pk", flat=True)
        )
        return context


class AllocationDetailView(DetailView):
    """Received, passed down, spent by use, balance, and every entry."""

    template_name = "funds/allocation_detail.html"
    context_object_name = "allocation"

    def get_queryset(self):
        return Allocation.objects.visible_to(self.request.user).select_related(
            "organization",
            "appropriation",
            "parent",
            "parent__organization",
            "created_by",
            "approved_by",
            "request",
        )

    def get_context_data(self, **kwargs):
        allocation = self.object
        user = self.request.user
        # The care each spending paid for (members.CareRecord.paid_by), as far as the user
        # may see it: money followed to the person (专款专用), named without importing members.
        care = Expenditure.care_records.rel.related_model
        entries = list(
            allocation.entries.select_related("recorded_by")
            .prefetch_related(Prefetch("care_records", queryset=care.objects.visible_to(user)))
            .order_by("-spent_on", "-pk")
        )
        requests = list(reversal_requests(user).filter(entry__allocation=allocation))
        # Money held for a pass-down awaiting approval means there is one to show.
        pending_children = (
            pending_allocation_requests(user).filter(parent=allocation) if allocation.held else []
        )
        return super().get_context_data(
            by_use=spent_by_use(allocation),
            entries=entries,
            reversed_ids={entry.reverses_id for entry in entries if entry.reverses_id},
            children=allocation.children.visible_to(user).select_related("organization"),
            pending_children=pending_children,
            reversal_requests=requests,
            pending_reversals={r.entry_id: r for r in requests if r.is_pending},
            is_idle=idle(Allocation.objects.filter(pk=allocation.pk)).exists(),
            history=history_entries(allocation),
            **kwargs,
        )


class ExpenditureCreateView(PolicyRequiredMixin, ServiceFormView):
    action = Action.FUNDS_EXPENDITURE_RECORD
    form_class = ExpenditureForm
    title = _("记录支出")
    success_message = _("已记录支出：%(object)s。")

    def dispatch(self, request, *args, **kwargs):
        allocations = Allocation.objects.visible_to(request.user).select_related(
            "organization", "appropriation"
        )
        self.allocation = get_object_or_404(allocations, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.allocation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "allocation": self.allocation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.allocation, **kwargs)

    def perform(self, form):
        return services.expenditure_record(
            user=self.request.user, allocation=self.allocation, **form.cleaned_data
        )

    def get_success_url_for(self, result):
        return self.allocation.get_absolute_url()


class ExpenditureReverseView(PolicyRequiredMixin, ServiceFormView):
    """申请冲销: the request waits for a second person; the entry stands until then."""

    action = Action.FUNDS_EXPENDITURE_REVERSE
    form_class = ReverseForm
    title = _("申请冲销支出")
    success_message = _("已申请%(object)s，须他人审批后冲销。")

    def dispatch(self, request, *args, **kwargs):
        entries = Expenditure.objects.visible_to(request.user).select_related("allocation")
        self.entry = get_object_or_404(entries, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.entry

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.entry, **kwargs)

    def perform(self, form):
        return services.reversal_request(
            user=self.request.user, entry=self.entry, **form.cleaned_data
        )

    def get_success_url_for(self, result):
        return self.entry.allocation.get_absolute_url()


class ExpenditureListView(ScopedListView):
    model = Expenditure
    sort_fields = {
        "date": "spent_on",
        "organization": "allocation__organization__path",
        "amount": "amount",
    }
    filterset_class = ExpenditureFilter
    select_related = ("allocation__organization", "allocation__appropriation")
    template_name = "funds/expenditure_list.html"
    export_title = _("专项党费支出")
    export_columns = [
        ("日期", lambda r: r.spent_on),
        ("组织", lambda r: r.allocation.organization.name),
        ("批次文号", lambda r: r.allocation.appropriation.document_number),
        ("用途", display("use")),
        ("受益对象或物品", lambda r: r.beneficiaries),
        ("人数或数量", lambda r: r.beneficiary_count),
        ("收款方", lambda r: r.payee),
        ("金额", lambda r: r.amount),
        ("冲销", lambda r: "是" if r.is_reversal else "否"),
    ]


class VoucherDownloadView(View):
    """Vouchers are served only here, after the same scope check as their entry."""

    def get(self, request, pk):
        entries = Expenditure.objects.visible_to(request.user).exclude(voucher="")
        entry = get_object_or_404(entries, pk=pk)
        return upload_response(
            entry.voucher, content_type=entry.voucher_type, filename=entry.voucher_name or "voucher"
        )


class NoticePrintView(ListView):
    """公示: every expenditure of one organization, for posting, people's names masked."""

    template_name = "funds/notice_print.html"
    context_object_name = "entries"

    def get_queryset(self):
        organizations = Organization.objects.visible_to(self.request.user)
        self.organization = get_object_or_404(organizations, pk=self.kwargs["pk"])
        return (
            Expenditure.objects.visible_to(self.request.user)
            .filter(allocation__organization=self.organization)
            .select_related("allocation__appropriation")
            .order_by("spent_on", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(organization=self.organization, **kwargs)
        context["rows"] = notice_rows(context["entries"])
        context["total"] = sum(row.amount for row in context["rows"])
        return context
