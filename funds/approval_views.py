"""Four eyes on money: a request's page, and the confirmation pages that approve or send back
an allocation above the threshold or a reversal (冲销).

Each confirmation is a GET naming what will happen (the organization, the amount, the
batch or entry, who asked) with the step's form; the POST to the same address takes the
step through one service. Who may decide is the policy's (`funds.allocation.approve`,
`funds.reversal.approve`): never the requester, so the requester gets 403 with the reason.
"""

from django import forms
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from organizations.history import history_entries
from organizations.money import yuan
from organizations.policy import Action, PolicyRequiredMixin
from organizations.viewmixins import ServiceFormView

from . import services
from .models import AllocationRequest, ReversalRequest


class ApproveForm(forms.Form):
    """Nothing to type: the confirmation page says what the approval does."""


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=300)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class AllocationRequestDetailView(DetailView):
    """The request, where its money is held, who asked and who decided, and its history."""

    template_name = "funds/allocation_request_detail.html"
    context_object_name = "allocation_request"

    def get_queryset(self):
        return AllocationRequest.objects.visible_to(self.request.user).select_related(
            "organization",
            "appropriation",
            "parent__organization",
            "requested_by",
            "decided_by",
            "allocation",
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_entries(self.object), **kwargs)


class ConfirmView(PolicyRequiredMixin, ServiceFormView):
    """A confirmation page (GET) and its step (POST) on one request in the user's scope."""

    template_name = "funds/confirm.html"
    model = None
    consequence = ""
    submit_label = ""

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.queryset(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def queryset(self, user):
        return self.model.objects.visible_to(user)

    def policy_object(self):
        return self.object

    def details(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject=self.object,
            back_url=self.object.get_absolute_url(),
            consequence=self.consequence % {"amount": yuan(self.amount())},
            details=self.details(),
            submit_label=self.submit_label,
            **kwargs,
        )

    def get_success_url_for(self, result):
        return self.object.get_absolute_url()


class AllocationConfirmView(ConfirmView):
    model = AllocationRequest
    action = Action.FUNDS_ALLOCATION_APPROVE

    def queryset(self, user):
        return (
            super()
            .queryset(user)
            .select_related("organization", "appropriation", "parent__organization", "requested_by")
        )

    def amount(self):
        return self.object.amount

    def details(self):
        request = self.object
        source = request.parent.organization.name if request.parent_id else _("县委组织部")
        return [
            (_("接收组织"), request.organization.name),
            (_("金额"), yuan(request.amount)),
            (_("批次"), request.appropriation.document_number),
            (_("拨出方"), source),
            (_("下拨日期"), request.allocated_on.isoformat()),
            (_("申请人"), request.requested_by.display_name),
            (_("申请时间"), _when(request.requested_at)),
            (_("备注"), request.note or "—"),
        ]


class AllocationRequestApproveView(AllocationConfirmView):
    form_class = ApproveForm
    title = _("批准专项党费分配")
    consequence = _("批准后，%(amount)s 即下拨到接收组织，可以支出或转拨。此操作不能撤回。")
    submit_label = _("确认批准")
    success_message = _("已批准，分配生效：%(object)s。")

    def perform(self, form):
        return services.allocation_request_approve(user=self.request.user, request=self.object)

    def get_success_url_for(self, result):
        return result.get_absolute_url()


class AllocationRequestRejectView(AllocationConfirmView):
    form_class = RejectForm
    title = _("退回专项党费分配")
    consequence = _("退回后，%(amount)s 不下拨，回到拨出方尚可分配的余额中。此操作不能撤回。")
    submit_label = _("确认退回")
    success_message = _("已退回：%(object)s。")

    def perform(self, form):
        return services.allocation_request_reject(
            user=self.request.user, request=self.object, reason=form.cleaned_data["reason"]
        )


class ReversalConfirmView(ConfirmView):
    model = ReversalRequest
    action = Action.FUNDS_REVERSAL_APPROVE

    def queryset(self, user):
        return (
            super()
            .queryset(user)
            .select_related(
                "entry__allocation__organization",
                "entry__allocation__appropriation",
                "entry__recorded_by",
                "requested_by",
            )
        )

    def amount(self):
        return self.object.entry.amount

    def details(self):
        request = self.object
        entry = request.entry
        return [
            (_("组织"), entry.allocation.organization.name),
            (_("冲销的支出"), f"{entry.spent_on:%Y-%m-%d} {entry.get_use_display()}"),
            (_("受益对象或物品"), entry.beneficiaries),
            (_("收款方"), entry.payee),
            (_("金额"), yuan(entry.amount)),
            (_("批次"), entry.allocation.appropriation.document_number),
            (_("支出记录人"), entry.recorded_by.display_name),
            (_("冲销原因"), request.reason),
            (_("冲销日期"), request.reversed_on.isoformat()),
            (_("申请人"), request.requested_by.display_name),
            (_("申请时间"), _when(request.requested_at)),
        ]


class ReversalRequestApproveView(ReversalConfirmView):
    form_class = ApproveForm
    title = _("批准冲销支出")
    consequence = _(
        "批准后，写入一笔 -%(amount)s 的冲销记录，原支出保留并标为已冲销，余额相应增加。"
        "此操作不能撤回。"
    )
    submit_label = _("确认批准冲销")
    success_message = _("已冲销：%(object)s。")

    def perform(self, form):
        return services.reversal_approve(user=self.request.user, request=self.object)


class ReversalRequestRejectView(ReversalConfirmView):
    form_class = RejectForm
    title = _("退回冲销申请")
    consequence = _("退回后，这笔 %(amount)s 的支出保持不变，可以重新申请冲销。")
    submit_label = _("确认退回")
    success_message = _("已退回：%(object)s。")

    def perform(self, form):
        return services.reversal_reject(
            user=self.request.user, request=self.object, reason=form.cleaned_data["reason"]
        )
