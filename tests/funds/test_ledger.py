"""The ledger: allowed uses, balances at every level, reversals, and what is refused."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from funds.models import Allocation, Appropriation, Expenditure
from funds.services import (
    allocation_from_appropriation,
    allocation_pass_down,
    appropriation_create,
    expenditure_record,
    reversal_approve,
    reversal_request,
)
from tests.files import PDF

D = datetime.date


SPENT_ON = D(2026, 2, 2)


def spend(allocation, user, amount, use="condolence", spent_on=SPENT_ON, **extra):
    return expenditure_record(
        user=user,
        allocation=allocation,
        amount=Decimal(amount),
        spent_on=spent_on,
        use=use,
        beneficiaries="慰问一线医务人员 8 人",
        beneficiary_count=8,
        payee="县医院工会",
        **extra,
    )


def reverse_entry(entry, requester, approver, reason="录错", **extra):
    """A reversal as it happens now: requested by one person, approved by another."""
    request = reversal_request(user=requester, entry=entry, reason=reason, **extra)
    return reversal_approve(user=approver, request=request)


def _fresh(allocation):
    return Allocation.objects.get(pk=allocation.pk)


def test_balances_at_every_level(money, personas):
    entry = spend(
        money.to_village, personas.branch, "1200.50", voucher=SimpleUploadedFile("发票.pdf", PDF)
    )
    spend(money.to_a, personas.township_a, "3000.00", use="supplies")
    batch = Appropriation.objects.get(pk=money.batch.pk)
    assert (batch.allocated, batch.unallocated) == (Decimal("50000.00"), Decimal("50000.00"))
    town = _fresh(money.to_a)
    assert (town.amount, town.passed_down, town.spent, town.balance) == (
        Decimal("30000.00"),
        Decimal("5000.00"),
        Decimal("3000.00"),
        Decimal("22000.00"),
    )
    village = _fresh(money.to_village)
    assert (village.spent, village.balance) == (Decimal("1200.50"), Decimal("3799.50"))
    assert village.township == money.to_a.township
    assert entry.voucher_type == "application/pdf" and entry.voucher_name == "发票.pdf"
    assert entry.history.get().history_user == personas.branch


def test_spending_beyond_the_balance_says_what_is_left(money, personas):
    spend(money.to_village, personas.branch, "4000.00")
    with pytest.raises(ValidationError) as refused:
        spend(money.to_village, personas.branch, "1000.01")
    assert refused.value.message_dict["amount"] == ["余额只有 ¥1,000.00，不能支出 ¥1,000.01。"]
    assert _fresh(money.to_village).spent == Decimal("4000.00")
    assert Expenditure.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "金额必须大于零"), ("-5", "金额必须大于零"), ("10.005", "最多两位小数")],
)
def test_bad_amounts(money, personas, amount, message):
    with pytest.raises(ValidationError, match=message):
        spend(money.to_village, personas.branch, amount)
    assert not Expenditure.objects.exists()


def test_only_the_batchs_uses(money, personas, tree):
    narrow = appropriation_create(
        user=personas.county_staff,
        source="county",
        document_number="丰组〔2026〕9号",
        issued_on=D(2026, 2, 1),
        amount=Decimal("1000"),
        allowed_uses=["hardship"],
    )
    allocation = allocation_from_appropriation(
        user=personas.county_staff,
        appropriation=narrow,
        organization=tree.township_a,
        amount=Decimal("1000"),
        allocated_on=D(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as refused:
        spend(allocation, personas.township_a, "100", use="supplies")
    assert refused.value.message_dict["use"] == [
        "这笔专项党费只能用于：补助因患病遇到困难的党员和群众。"
    ]
    spend(allocation, personas.township_a, "100", use="hardship")


def test_passing_down_never_exceeds_what_is_left(money, personas, tree):
    spend(money.to_a, personas.township_a, "20000.00", use="supplies")
    with pytest.raises(ValidationError) as refused:
        allocation_pass_down(
            user=personas.township_a,
            parent=money.to_a,
            organization=tree.sub_a,
            amount=Decimal("5000.01"),
            allocated_on=D(2026, 2, 3),
        )
    assert refused.value.message_dict["amount"] == ["本级余额只有 ¥5,000.00，不能转拨 ¥5,000.01。"]
    with pytest.raises(ValidationError, match="只能转拨给“中共甲镇委员会”的下级组织"):
        allocation_pass_down(
            user=personas.township_a,
            parent=money.to_a,
            organization=tree.community_b,
            amount=Decimal("1"),
            allocated_on=D(2026, 2, 3),
        )
    with pytest.raises(ValidationError, match=re.escape("该批次尚可分配 ¥50,000.00")):
        allocation_from_appropriation(
            user=personas.county_staff,
            appropriation=money.batch,
            organization=tree.organ,
            amount=Decimal("50000.01"),
            allocated_on=D(2026, 2, 3),
        )
    assert Allocation.objects.count() == 3


def test_three_levels_down(money, personas, tree):
    general = allocation_pass_down(
        user=personas.township_a,
        parent=money.to_a,
        organization=tree.general_a,
        amount=Decimal("3000"),
        allocated_on=D(2026, 2, 1),
    )
    sub = allocation_pass_down(
        user=personas.township_a,
        parent=general,
        organization=tree.sub_a,
        amount=Decimal("2000"),
        allocated_on=D(2026, 2, 2),
    )
    with pytest.raises(ValidationError, match=re.escape("本级余额只有 ¥1,000.00")):
        allocation_pass_down(
            user=personas.township_a,
            parent=general,
            organization=tree.sub_a,
            amount=Decimal("1000.01"),
            allocated_on=D(2026, 2, 2),
        )
    assert _fresh(money.to_a).balance == Decimal("22000.00")
    assert _fresh(general).balance == Decimal("1000.00")
    assert sub.parent == general and sub.township == tree.township_a


def test_a_reversal_corrects_and_is_final(money, personas):
    wrong = spend(money.to_village, personas.branch, "800.00")
    reversal = reverse_entry(wrong, personas.branch, personas.township_a, reason="金额录错")
    assert reversal.amount == Decimal("-800.00") and reversal.reverses == wrong
    assert _fresh(money.to_village).spent == Decimal("0.00")
    with pytest.raises(ValidationError, match="已经冲销过"):
        reversal_request(user=personas.branch, entry=wrong, reason="再冲")
    with pytest.raises(PermissionDenied, match="不能冲销一笔冲销记录"):
        reversal_request(user=personas.branch, entry=reversal, reason="冲冲销")
    with pytest.raises(ValidationError, match="请写明冲销原因"):
        reversal_request(
            user=personas.branch, entry=spend(money.to_village, personas.branch, "10"), reason=" "
        )
    assert Expenditure.objects.count() == 3
    total = sum(
        Expenditure.objects.filter(allocation=money.to_village).values_list("amount", flat=True)
    )
    assert total == _fresh(money.to_village).spent == Decimal("10.00")


def test_roles(money, personas):
    with pytest.raises(PermissionDenied):
        spend(money.to_village, personas.leader, "1")
    with pytest.raises(PermissionDenied):
        appropriation_create(
            user=personas.township_a,
            source="county",
            document_number="x",
            issued_on=D(2026, 2, 1),
            amount=Decimal("1"),
            allowed_uses=["hardship"],
        )
    with pytest.raises(PermissionDenied):
        allocation_pass_down(
            user=personas.branch,
            parent=money.to_village,
            organization=money.to_village.organization,
            amount=Decimal("1"),
            allocated_on=D(2026, 2, 1),
        )


def test_a_bad_voucher_is_refused(money, personas):
    with pytest.raises(ValidationError, match="不是 JPEG、PNG 图片或 PDF"):
        spend(
            money.to_village,
            personas.branch,
            "10",
            voucher=SimpleUploadedFile("发票.pdf", b"PK\x03\x04zip"),
        )
    assert not Expenditure.objects.exists()
    assert _fresh(money.to_village).spent == 0


def test_the_database_refuses_a_direct_overspending_write(money):
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=money.to_village.pk).update(spent=Decimal("5000.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Appropriation.objects.filter(pk=money.batch.pk).update(allocated=Decimal("100000.01"))
    assert _fresh(money.to_village).spent == 0


def test_history_rows_for_every_movement(money, personas):
    entry = spend(money.to_village, personas.branch, "100")
    reverse_entry(entry, personas.branch, personas.township_a)
    village = _fresh(money.to_village)
    users = [r.history_user for r in village.history.order_by("history_date")]
    assert users == [personas.township_a, personas.branch, personas.township_a]
    assert [r.spent for r in village.history.order_by("history_date")] == [
        Decimal("0.00"),
        Decimal("100.00"),
        Decimal("0.00"),
    ]


def test_a_reversal_is_dated_like_spending_never_in_the_future(money, personas):
    """Spending refuses a future date; so does the reversal that takes it back."""
    entry = spend(money.to_village, personas.branch, "100")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        reversal_request(user=personas.branch, entry=entry, reason="录错", reversed_on=tomorrow)
    assert refused.value.message_dict == {"reversed_on": ["冲销日期不能晚于今天。"]}
    with pytest.raises(ValidationError) as refused:
        spend(money.to_village, personas.branch, "1", spent_on=tomorrow)
    assert refused.value.message_dict == {"spent_on": ["支出日期不能晚于今天。"]}
    with pytest.raises(ValidationError, match=re.escape("冲销日期不能早于 2026-02-02")):
        reversal_request(
            user=personas.branch, entry=entry, reason="录错", reversed_on=D(2026, 2, 1)
        )
    assert list(Expenditure.objects.values_list("amount", flat=True)) == [Decimal("100.00")]
    assert _fresh(money.to_village).spent == Decimal("100.00")


def test_money_goes_only_to_a_working_organization(money, personas, tree, stopped):
    """Neither the county nor a township can allocate to an organization that stopped."""
    before = list(Allocation.objects.order_by("pk").values())
    with pytest.raises(ValidationError) as refused:
        allocation_from_appropriation(
            user=personas.county_staff,
            appropriation=money.batch,
            organization=stopped.inactive,
            amount=Decimal("1"),
            allocated_on=D(2026, 2, 3),
        )
    assert refused.value.message_dict["organization"] == [
        "“中共乙街道工作委员会”已停止运行或已撤销，不能接收专项党费。"
    ]
    for organization in (stopped.inactive_below_a, stopped.dissolved):
        with pytest.raises(ValidationError, match=f"“{organization.name}”已停止运行或已撤销"):
            allocation_pass_down(
                user=personas.township_a,
                parent=money.to_a,
                organization=organization,
                amount=Decimal("1"),
                allocated_on=D(2026, 2, 3),
            )
    assert list(Allocation.objects.order_by("pk").values()) == before
