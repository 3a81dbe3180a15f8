"""Special party fees: batches, allocations level by level, spending, reversal, 公示."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, View

from organizations.choices import Role
from organizations.history import history_entries
from organizations.models import Organization
from organizations.uploads import upload_response
from organizations.viewmixins import RoleRequiredMixin, ScopedListView, ServiceFormView

from . import services
from .filters import AllocationFilter, AppropriationFilter, ExpenditureFilter
from .forms import AllocationForm, AppropriationForm, ExpenditureForm, ReverseForm
from .models import Allocation, Appropriation, Expenditure
from .notice import notice_rows
from .selectors import allocation_tree, balance_column, idle, spent_by_use

SPENDERS = (Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY, Role.BRANCH_SECRETARY)


class AppropriationListView(ScopedListView):
    model = Appropriation
    filterset_class = AppropriationFilter
    template_name = "funds/appropriation_list.html"
    export_title = _("专项党费批次")
    export_columns = [
        ("文号", lambda r: r.document_number),
        ("来源", lambda r: r.get_source_display()),
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
            history=history_entries(self.object),
            **kwargs,
        )


class AppropriationCreateView(RoleRequiredMixin, ServiceFormView):
    allowed_roles = (Role.COUNTY_STAFF,)
    form_class = AppropriationForm
    title = _("登记专项党费批次")
    success_message = _("已登记：%(object)s。")

    def perform(self, form):
        return services.appropriation_create(user=self.request.user, **form.cleaned_data)


class AllocationCreateView(RoleRequiredMixin, ServiceFormView):
    """The county allocates part of a batch to a township or other organization."""

    allowed_roles = (Role.COUNTY_STAFF,)
    form_class = AllocationForm
    title = _("分配专项党费")
    success_message = _("已下拨：%(object)s。")

    def dispatch(self, request, *args, **kwargs):
        batches = Appropriation.objects.visible_to(request.user)
        self.appropriation = get_object_or_404(batches, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        organizations = Organization.objects.visible_to(self.request.user).working().filter(depth=2)
        return {**super().get_form_kwargs(), "organizations": organizations}

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.appropriation, **kwargs)

    def perform(self, form):
        return services.allocation_from_appropriation(
            user=self.request.user, appropriation=self.appropriation, **form.cleaned_data
        )


class AllocationPassDownView(RoleRequiredMixin, ServiceFormView):
    """层层下拨 from an allocation to an organization beneath it."""

    allowed_roles = (Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY)
    form_class = AllocationForm
    title = _("转拨专项党费")
    success_message = _("已转拨：%(object)s。")

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

    def perform(self, form):
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
            "organization", "appropriation", "parent", "parent__organization"
        )

    def get_context_data(self, **kwargs):
        allocation = self.object
        user = self.request.user
        return super().get_context_data(
            by_use=spent_by_use(allocation),
            entries=allocation.entries.select_related("recorded_by", "reverses").order_by(
                "-spent_on", "-pk"
            ),
            reversed_ids=set(
                allocation.entries.filter(reverses__isnull=False).values_list(
                    "reverses_id", flat=True
                )
            ),
            children=allocation.children.visible_to(user).select_related("organization"),
            is_idle=idle(Allocation.objects.filter(pk=allocation.pk)).exists(),
            may_spend=user.is_superuser or user.role in SPENDERS,
            may_pass_down=user.is_superuser
            or user.role in (Role.COUNTY_STAFF, Role.TOWNSHIP_SECRETARY),
            history=history_entries(allocation),
            **kwargs,
        )


class ExpenditureCreateView(RoleRequiredMixin, ServiceFormView):
    allowed_roles = SPENDERS
    form_class = ExpenditureForm
    title = _("记录支出")
    success_message = _("已记录支出：%(object)s。")

    def dispatch(self, request, *args, **kwargs):
        allocations = Allocation.objects.visible_to(request.user).select_related(
            "organization", "appropriation"
        )
        self.allocation = get_object_or_404(allocations, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

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


class ExpenditureReverseView(RoleRequiredMixin, ServiceFormView):
    allowed_roles = SPENDERS
    form_class = ReverseForm
    title = _("冲销支出")
    success_message = _("已冲销：%(object)s。")

    def dispatch(self, request, *args, **kwargs):
        entries = Expenditure.objects.visible_to(request.user).select_related("allocation")
        self.entry = get_object_or_404(entries, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.entry, **kwargs)

    def perform(self, form):
        return services.expenditure_reverse(
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
        ("用途", lambda r: r.get_use_display()),
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
