"""Every movement of special party fees goes through here, under a lock on the one row
it draws from, so two requests at the same moment can never both spend the last yuan.
The database constraints stand behind these checks."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.codes import join_codes
from organizations.concurrency import again_after_duplicate
from organizations.models import Organization, User
from organizations.money import yuan
from organizations.policy import Action, require
from organizations.services import audited_save
from organizations.uploads import check_upload

from .choices import RequestState, Use
from .models import (
    CENT,
    Allocation,
    AllocationRequest,
    Appropriation,
    Expenditure,
    ReversalRequest,
)


def _check_amount(amount: Decimal, errors: dict) -> None:
    if amount is None or amount <= 0:
        errors["amount"] = _("金额必须大于零。")
    elif amount != amount.quantize(CENT):
        errors["amount"] = _("金额以元为单位，最多两位小数。")


def _check_day(day, errors: dict, field: str, *, not_before=None, label: str) -> None:
    if day > timezone.localdate():
        errors[field] = _("%(label)s不能晚于今天。") % {"label": label}
    elif not_before and day < not_before:
        errors[field] = _("%(label)s不能早于 %(date)s。") % {"label": label, "date": not_before}


def _check_working(organization: Organization, errors: dict) -> None:
    """Money goes only to an organization that can take new work (running, not dissolved)."""
    if not Organization.objects.working().filter(pk=organization.pk).exists():
        errors["organization"] = _("“%(name)s”已停止运行或已撤销，不能接收专项党费。") % {
            "name": organization.name
        }


@again_after_duplicate("appropriation_unique_document")
@transaction.atomic
def appropriation_create(
    *,
    user: User,
    source: str,
    document_number: str,
    issued_on: datetime.date,
    amount: Decimal,
    allowed_uses: list[str],
    note: str = "",
) -> Appropriation:
    """登记 a batch of special party fees; by default it may pay for the three 2020 uses."""
    require(user, Action.FUNDS_APPROPRIATION_CREATE)
    errors = {}
    _check_amount(amount, errors)
    if not allowed_uses or set(allowed_uses) - set(Use.values):
        errors["allowed_uses"] = _("请至少选择一种允许用途。")
    _check_day(issued_on, errors, "issued_on", label=_("下拨日期"))
    if errors:
        raise ValidationError(errors)
    appropriation = Appropriation(
        source=source,
        document_number=document_number.strip(),
        issued_on=issued_on,
        amount=amount,
        allowed_uses=join_codes(allowed_uses, Use),
        note=note,
        created_by=user,
    )
    return audited_save(appropriation, user=user)


def needs_approval(amount: Decimal) -> bool:
    """More than FUNDS_APPROVAL_THRESHOLD yuan waits for a second person's approval."""
    return amount is not None and amount > settings.FUNDS_APPROVAL_THRESHOLD


def _allocate(*, user: User, source, organization, amount, allocated_on, note):
    """Give `amount` from `source` (a locked batch or allocation) to `organization`: at once,
    or, above the threshold, as a request whose amount is held on `source` meanwhile."""
    parent = source if isinstance(source, Allocation) else None
    appropriation_id = parent.appropriation_id if parent else source.pk
    if needs_approval(amount):
        source.held += amount
        audited_save(source, user=user)
        request = AllocationRequest(
            appropriation_id=appropriation_id,
            parent=parent,
            organization=organization,
            amount=amount,
            allocated_on=allocated_on,
            note=note,
            requested_by=user,
        )
        return audited_save(request, user=user)
    if parent:
        source.passed_down += amount
    else:
        source.allocated += amount
    audited_save(source, user=user)
    allocation = Allocation(
        appropriation_id=appropriation_id,
        parent=parent,
        organization=organization,
        amount=amount,
        allocated_on=allocated_on,
        note=note,
        created_by=user,
    )
    return audited_save(allocation, user=user)


@transaction.atomic
def allocation_from_appropriation(
    *,
    user: User,
    appropriation: Appropriation,
    organization: Organization,
    amount: Decimal,
    allocated_on: datetime.date,
    note: str = "",
) -> Allocation | AllocationRequest:
    """The county allocates part of a batch to an organization (usually a township).

    Above FUNDS_APPROVAL_THRESHOLD the result is an `AllocationRequest` awaiting approval."""
    require(user, Action.FUNDS_ALLOCATION_CREATE, appropriation)
    appropriation = Appropriation.objects.select_for_update().get(pk=appropriation.pk)
    errors = {}
    _check_amount(amount, errors)
    if "amount" not in errors and amount > appropriation.unallocated:
        errors["amount"] = _("该批次尚可分配 %(left)s，不能分配 %(asked)s。") % {
            "left": yuan(appropriation.unallocated),
            "asked": yuan(amount),
        }
    if organization.depth == 1:
        errors["organization"] = _("请分配给乡镇（街道）或基层党组织。")
    else:
        _check_working(organization, errors)
    _check_day(
        allocated_on,
        errors,
        "allocated_on",
        not_before=appropriation.issued_on,
        label=_("下拨日期"),
    )
    if errors:
        raise ValidationError(errors)
    return _allocate(
        user=user,
        source=appropriation,
        organization=organization,
        amount=amount,
        allocated_on=allocated_on,
        note=note,
    )


@transaction.atomic
def allocation_pass_down(
    *,
    user: User,
    parent: Allocation,
    organization: Organization,
    amount: Decimal,
    allocated_on: datetime.date,
    note: str = "",
) -> Allocation | AllocationRequest:
    """层层下拨: pass part of an allocation to an organization beneath it.

    Above FUNDS_APPROVAL_THRESHOLD the result is an `AllocationRequest` awaiting approval."""
    require(user, Action.FUNDS_ALLOCATION_PASS_DOWN, parent)
    parent = Allocation.objects.select_for_update().select_related("organization").get(pk=parent.pk)
    errors = {}
    _check_amount(amount, errors)
    if "amount" not in errors and amount > parent.balance:
        errors["amount"] = _("本级余额只有 %(left)s，不能转拨 %(asked)s。") % {
            "left": yuan(parent.balance),
            "asked": yuan(amount),
        }
    if organization.pk == parent.organization_id or not organization.path.startswith(
        parent.organization.path
    ):
        errors["organization"] = _("只能转拨给“%(name)s”的下级组织。") % {
            "name": parent.organization.name
        }
    else:
        _check_working(organization, errors)
    _check_day(
        allocated_on, errors, "allocated_on", not_before=parent.allocated_on, label=_("转拨日期")
    )
    if errors:
        raise ValidationError(errors)
    return _allocate(
        user=user,
        source=parent,
        organization=organization,
        amount=amount,
        allocated_on=allocated_on,
        note=note,
    )


def _locked_request(model, request, *, source_for):
    """Lock what the request's money is held on first (the order every writer of that row
    follows), then the request itself, and read both fresh."""
    source = source_for(model.objects.get(pk=request.pk))
    source = type(source).objects.select_for_update().get(pk=source.pk)
    request = model.objects.select_for_update().get(pk=request.pk)
    return source, request


def _decide(request, *, user: User, state: str, reason: str = "") -> None:
    request.state = state
    request.decided_by = user
    request.decided_at = timezone.now()
    request.rejection_reason = reason.strip()


@transaction.atomic
def allocation_request_approve(*, user: User, request: AllocationRequest) -> Allocation:
    """A second county staff member approves: the held money becomes an allocation in effect,
    made by the requester and approved by this user."""
    require(user, Action.FUNDS_ALLOCATION_APPROVE, request)
    source, request = _locked_request(AllocationRequest, request, source_for=_held_on)
    require(user, Action.FUNDS_ALLOCATION_APPROVE, request)
    errors = {}
    _check_working(request.organization, errors)
    if errors:
        raise ValidationError(errors)
    source.held -= request.amount
    if request.parent_id:
        source.passed_down += request.amount
    else:
        source.allocated += request.amount
    audited_save(source, user=user)
    allocation = Allocation(
        appropriation_id=request.appropriation_id,
        parent_id=request.parent_id,
        organization=request.organization,
        amount=request.amount,
        allocated_on=request.allocated_on,
        note=request.note,
        created_by_id=request.requested_by_id,
        approved_by=user,
    )
    audited_save(allocation, user=user)
    _decide(request, user=user, state=RequestState.APPROVED)
    request.allocation = allocation
    audited_save(request, user=user)
    return allocation


@transaction.atomic
def allocation_request_reject(
    *, user: User, request: AllocationRequest, reason: str
) -> AllocationRequest:
    """Sent back with a reason: the held money is free again on the batch or allocation."""
    require(user, Action.FUNDS_ALLOCATION_APPROVE, request)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明退回原因。")})
    source, request = _locked_request(AllocationRequest, request, source_for=_held_on)
    require(user, Action.FUNDS_ALLOCATION_APPROVE, request)
    source.held -= request.amount
    audited_save(source, user=user)
    _decide(request, user=user, state=RequestState.REJECTED, reason=reason)
    return audited_save(request, user=user)


def _held_on(request: AllocationRequest):
    return request.parent if request.parent_id else request.appropriation


@transaction.atomic
def expenditure_record(
    *,
    user: User,
    allocation: Allocation,
    amount: Decimal,
    spent_on: datetime.date,
    use: str,
    beneficiaries: str,
    payee: str,
    beneficiary_count: int = 0,
    voucher=None,
) -> Expenditure:
    """Spend from an allocation, only on an allowed use and never beyond its balance."""
    require(user, Action.FUNDS_EXPENDITURE_RECORD, allocation)
    # The one contended row: every spender of this allocation waits here in turn.
    allocation = (
        Allocation.objects.select_for_update().select_related("appropriation").get(pk=allocation.pk)
    )
    errors = {}
    _check_amount(amount, errors)
    if "amount" not in errors and amount > allocation.balance:
        errors["amount"] = _("余额只有 %(left)s，不能支出 %(asked)s。") % {
            "left": yuan(allocation.balance),
            "asked": yuan(amount),
        }
    allowed = allocation.appropriation.use_list
    if use not in allowed:
        errors["use"] = _("这笔专项党费只能用于：%(uses)s。") % {
            "uses": "；".join(allocation.appropriation.use_labels)
        }
    _check_day(
        spent_on, errors, "spent_on", not_before=allocation.allocated_on, label=_("支出日期")
    )
    checked = None
    if voucher:
        try:
            checked = check_upload(voucher)
        except ValidationError as error:
            errors["voucher"] = error.messages
    if errors:
        raise ValidationError(errors)
    allocation.spent += amount
    audited_save(allocation, user=user)
    entry = Expenditure(
        allocation=allocation,
        amount=amount,
        spent_on=spent_on,
        use=use,
        beneficiaries=beneficiaries,
        beneficiary_count=beneficiary_count,
        payee=payee,
        voucher=checked.file if checked else "",
        voucher_type=checked.content_type if checked else "",
        voucher_name=checked.name if checked else "",
        recorded_by=user,
    )
    return audited_save(entry, user=user)


@transaction.atomic
def reversal_request(
    *, user: User, entry: Expenditure, reason: str, reversed_on: datetime.date | None = None
) -> ReversalRequest:
    """申请冲销: ask for a mistaken entry to be taken back; nothing changes in the ledger
    until a second person approves (`reversal_approve`), and nothing is ever deleted.

    Dated like spending (not in the future, not before what it corrects): a reversal
    dated ahead would show money back in the ledger before it came back."""
    require(user, Action.FUNDS_EXPENDITURE_REVERSE, entry)
    Allocation.objects.select_for_update().get(pk=entry.allocation_id)
    entry = Expenditure.objects.get(pk=entry.pk)
    if entry.is_reversal:
        raise ValidationError(_("不能冲销一笔冲销记录。"))
    if Expenditure.objects.filter(reverses=entry).exists():
        raise ValidationError(_("这笔支出已经冲销过。"))
    if entry.reversal_requests.filter(state=RequestState.PENDING).exists():
        raise ValidationError(_("这笔支出已有待审批的冲销申请，请等待审批。"))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("请写明冲销原因。")
    reversed_on = reversed_on or timezone.localdate()
    _check_day(reversed_on, errors, "reversed_on", not_before=entry.spent_on, label=_("冲销日期"))
    if errors:
        raise ValidationError(errors)
    request = ReversalRequest(
        entry=entry, reason=reason.strip(), reversed_on=reversed_on, requested_by=user
    )
    return audited_save(request, user=user)


def _entry_allocation(request: ReversalRequest) -> Allocation:
    return request.entry.allocation


@transaction.atomic
def reversal_approve(*, user: User, request: ReversalRequest) -> Expenditure:
    """冲销: on a second person's approval, the negative entry that cites the mistaken one
    is written, recorded by the requester; the balance comes back."""
    require(user, Action.FUNDS_REVERSAL_APPROVE, request)
    allocation, request = _locked_request(ReversalRequest, request, source_for=_entry_allocation)
    require(user, Action.FUNDS_REVERSAL_APPROVE, request)
    entry = request.entry
    allocation.spent -= entry.amount
    audited_save(allocation, user=user)
    reversal = Expenditure(
        allocation=allocation,
        amount=-entry.amount,
        spent_on=request.reversed_on,
        use=entry.use,
        beneficiaries=entry.beneficiaries,
        beneficiary_count=entry.beneficiary_count,
        payee=entry.payee,
        reverses=entry,
        reason=request.reason,
        recorded_by_id=request.requested_by_id,
    )
    audited_save(reversal, user=user)
    _decide(request, user=user, state=RequestState.APPROVED)
    request.reversal = reversal
    audited_save(request, user=user)
    return reversal


@transaction.atomic
def reversal_reject(*, user: User, request: ReversalRequest, reason: str) -> ReversalRequest:
    """Sent back with a reason: the entry stands; a new request may be made."""
    require(user, Action.FUNDS_REVERSAL_APPROVE, request)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明退回原因。")})
    request = _locked_request(ReversalRequest, request, source_for=_entry_allocation)[1]
    require(user, Action.FUNDS_REVERSAL_APPROVE, request)
    _decide(request, user=user, state=RequestState.REJECTED, reason=reason)
    return audited_save(request, user=user)
