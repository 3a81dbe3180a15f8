"""Special party fees as a small, exact ledger: appropriation → allocations → entries.

Money is Decimal yuan with two places. Each allocation keeps running totals of what it
passed down and what was spent from it, updated under a row lock, and a database
constraint keeps their sum within what it received: overspending cannot be written,
whatever the code path. Entries are never edited or deleted; a mistake is reversed.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.codes import code_labels, split_codes
from organizations.models import Organization, TownshipCopyModel
from organizations.money import yuan
from organizations.querysets import TownshipScopedQuerySet

from .choices import RequestState, Source, Use

CENT = Decimal("0.01")


def money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class AppropriationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The county sees every batch; others see the batches that reached their scope."""
        if getattr(user, "is_authenticated", False) and user.is_active and user.sees_whole_county:
            return self.all()
        allocations = Allocation.objects.visible_to(user)
        return self.filter(pk__in=allocations.values("appropriation"))


class Appropriation(models.Model):
    """A batch of special party fees with its document number (文号) and allowed uses."""

    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    document_number = models.CharField(_("文号"), max_length=60)
    issued_on = models.DateField(_("下拨日期"))
    amount = money(_("金额（元）"), validators=[MinValueValidator(CENT)])
    allocated = money(_("已分配（元）"), default=Decimal("0"), editable=False)
    held = money(_("待审批分配（元）"), default=Decimal("0"), editable=False)
    allowed_uses = models.CharField(_("允许用途"), max_length=100)
    note = models.TextField(_("备注"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = AppropriationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专项党费批次")
        verbose_name_plural = _("专项党费批次")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"], name="appropriation_unique_document"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="appropriation_amount_positive",
                violation_error_message=_("金额必须大于零。"),
            ),
            models.CheckConstraint(
                condition=Q(allocated__gte=0, held__gte=0)
                & Q(amount__gte=F("allocated") + F("held")),
                name="appropriation_allocated_within_amount",
                violation_error_message=_("分配总额（含待审批）不能超过批次金额。"),
            ),
        ]

    def __str__(self):
        return f"{self.document_number}（{yuan(self.amount)}）"

    def get_absolute_url(self):
        return reverse("funds:appropriation_detail", args=[self.pk])

    @property
    def use_list(self) -> list[str]:
        return split_codes(self.allowed_uses)

    @property
    def use_labels(self) -> list[str]:
        return code_labels(self.allowed_uses, Use)

    @property
    def unallocated(self) -> Decimal:
        """Neither allocated nor held for an allocation awaiting approval."""
        return self.amount - self.allocated - self.held


class ExpenditureQuerySet(TownshipScopedQuerySet):
    organization_field = "allocation__organization"


class Allocation(TownshipCopyModel):
    """Money given to one organization, from a batch or from a higher allocation."""

    appropriation = models.ForeignKey(
        Appropriation, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="allocations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分配"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("接收组织"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    amount = money(_("下拨金额（元）"), validators=[MinValueValidator(CENT)])
    passed_down = money(_("已转拨（元）"), default=Decimal("0"), editable=False)
    held = money(_("待审批转拨（元）"), default=Decimal("0"), editable=False)
    spent = money(_("已支出（元）"), default=Decimal("0"), editable=False)
    allocated_on = models.DateField(_("下拨日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专项党费分配")
        verbose_name_plural = _("专项党费分配")
        ordering = ["appropriation", "organization__path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="allocation_amount_positive",
                violation_error_message=_("金额必须大于零。"),
            ),
            models.CheckConstraint(
                condition=Q(passed_down__gte=0, held__gte=0, spent__gte=0)
                & Q(amount__gte=F("passed_down") + F("held") + F("spent")),
                name="allocation_never_overspent",
                violation_error_message=_("转拨（含待审批）和支出合计不能超过下拨金额。"),
            ),
        ]
        indexes = [
            models.Index(fields=["township", "allocated_on"], name="allocation_township_date"),
        ]

    def __str__(self):
        return f"{self.organization.name} · {self.appropriation.document_number}"

    def get_absolute_url(self):
        return reverse("funds:allocation_detail", args=[self.pk])

    @property
    def balance(self) -> Decimal:
        """What may still be spent or passed down: a pass-down awaiting approval is held."""
        return self.amount - self.passed_down - self.held - self.spent


def voucher_path(instance, filename: str) -> str:
    suffix = ".pdf" if instance.voucher_type == "application/pdf" else ".img"
    return f"vouchers/{uuid.uuid4().hex}{suffix}"


class Expenditure(TownshipCopyModel):
    """A ledger entry: spending (positive) or the reversal (冲销) of one (negative)."""

    township_source = "allocation.organization"

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("分配"), on_delete=models.PROTECT, related_name="entries"
    )
    amount = money(_("金额（元）"))
    spent_on = models.DateField(_("支出日期"))
    use = models.CharField(_("用途"), max_length=12, choices=Use.choices)
    beneficiaries = models.CharField(
        _("受益对象或物品"), max_length=300, help_text=_("如：慰问一线医务人员 8 人；口罩 2000 只")
    )
    beneficiary_count = models.PositiveIntegerField(_("人数或数量"), default=0)
    payee = models.CharField(_("收款方"), max_length=100)
    voucher = models.FileField(_("凭证"), upload_to=voucher_path, blank=True)
    voucher_type = models.CharField(max_length=40, blank=True, editable=False)
    voucher_name = models.CharField(_("凭证原文件名"), max_length=200, blank=True, editable=False)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲销的支出"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    reason = models.CharField(_("冲销原因"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ExpenditureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("支出")
        verbose_name_plural = _("支出")
        ordering = ["-spent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0)
                | Q(reverses__isnull=False, amount__lt=0),
                name="expenditure_sign_follows_kind",
                violation_error_message=_("支出金额必须大于零；冲销金额为负数。"),
            ),
        ]
        indexes = [
            models.Index(fields=["township", "spent_on"], name="expenditure_township_date"),
            models.Index(fields=["allocation", "use"], name="expenditure_allocation_use"),
            models.Index(fields=["-spent_on", "-id"], name="expenditure_recent_first"),
        ]

    def __str__(self):
        return f"{self.spent_on} {self.get_use_display()} {yuan(self.amount)}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


def _decided_consistently(result: str) -> Q:
    """Pending: nobody decided yet; decided: by someone other than the requester; a sending
    back says why; an approval, and only an approval, has its `result` written (四眼原则,
    in the database too)."""
    pending = Q(state=RequestState.PENDING, decided_by__isnull=True, decided_at__isnull=True)
    decided = (
        ~Q(state=RequestState.PENDING)
        & Q(decided_by__isnull=False, decided_at__isnull=False)
        & ~Q(decided_by=F("requested_by"))
    )
    reasoned = ~Q(state=RequestState.REJECTED) | ~Q(rejection_reason="")
    approved = Q(state=RequestState.APPROVED)
    with_result = (approved & Q(**{f"{result}__isnull": False})) | (
        ~approved & Q(**{f"{result}__isnull": True})
    )
    return (pending | decided) & reasoned & with_result


class RequestFields(models.Model):
    """Who asked, who decided, when, and why a request was sent back."""

    state = models.CharField(
        _("审批状态"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True, editable=False)
    rejection_reason = models.CharField(_("退回原因"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.state == RequestState.PENDING


class AllocationRequest(RequestFields, TownshipCopyModel):
    """An allocation above FUNDS_APPROVAL_THRESHOLD, waiting for a second person.

    Its amount is held on the batch (`Appropriation.held`) or on the allocation it is
    passed down from (`Allocation.held`), so nothing else can take it meanwhile; it becomes
    an `Allocation` only when approved. An `Allocation` is therefore always money in effect:
    every balance, list and dashboard reading allocations counts approved money only."""

    appropriation = models.ForeignKey(
        Appropriation,
        verbose_name=_("批次"),
        on_delete=models.PROTECT,
        related_name="allocation_requests",
    )
    parent = models.ForeignKey(
        Allocation,
        verbose_name=_("上级分配"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_requests",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("接收组织"), on_delete=models.PROTECT, related_name="+"
    )
    amount = money(_("下拨金额（元）"), validators=[MinValueValidator(CENT)])
    allocated_on = models.DateField(_("下拨日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    allocation = models.OneToOneField(
        Allocation,
        verbose_name=_("生效的分配"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request",
        editable=False,
    )

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专项党费分配审批")
        verbose_name_plural = _("专项党费分配审批")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="allocation_request_amount_positive",
                violation_error_message=_("金额必须大于零。"),
            ),
            models.CheckConstraint(
                condition=_decided_consistently("allocation"),
                name="allocation_request_decided_by_another",
                violation_error_message=_("审批人不能是申请人。"),
            ),
        ]

    def __str__(self):
        return _("%(organization)s · %(amount)s（%(state)s）") % {
            "organization": self.organization.name,
            "amount": yuan(self.amount),
            "state": self.get_state_display(),
        }

    def get_absolute_url(self):
        return reverse("funds:allocation_request_detail", args=[self.pk])

    @property
    def source(self):
        """What the money is held on: the allocation it is passed down from, or the batch."""
        return self.parent if self.parent_id else self.appropriation


class ReversalRequestQuerySet(TownshipScopedQuerySet):
    organization_field = "entry__allocation__organization"


class ReversalRequest(RequestFields, TownshipCopyModel):
    """A request to take an expenditure back (冲销); the reversing entry is written only
    when a second person approves. At most one request per entry waits at a time."""

    township_source = "entry.allocation.organization"

    entry = models.ForeignKey(
        Expenditure,
        verbose_name=_("冲销的支出"),
        on_delete=models.PROTECT,
        related_name="reversal_requests",
    )
    reason = models.CharField(_("冲销原因"), max_length=300)
    reversed_on = models.DateField(_("冲销日期"))
    reversal = models.OneToOneField(
        Expenditure,
        verbose_name=_("冲销记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ReversalRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("支出冲销审批")
        verbose_name_plural = _("支出冲销审批")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(state=RequestState.PENDING),
                name="reversal_request_one_pending",
                violation_error_message=_("这笔支出已有待审批的冲销申请。"),
            ),
            models.CheckConstraint(
                condition=_decided_consistently("reversal"),
                name="reversal_request_decided_by_another",
                violation_error_message=_("审批人不能是申请人。"),
            ),
        ]

    def __str__(self):
        return _("冲销 %(entry)s（%(state)s）") % {
            "entry": self.entry,
            "state": self.get_state_display(),
        }

    def get_absolute_url(self):
        return f"{self.entry.allocation.get_absolute_url()}#entry-{self.entry_id}"
