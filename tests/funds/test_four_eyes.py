"""Four eyes on money (issue #16 §2): an allocation above FUNDS_APPROVAL_THRESHOLD and every
reversal wait for a second person, who is never the one who asked; what waits is held, counts
nowhere as allocated, and its page and history say who asked and who decided."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from funds.choices import RequestState
from funds.models import (
    Allocation,
    AllocationRequest,
    Appropriation,
    Expenditure,
    ReversalRequest,
)
from funds.services import (
    allocation_from_appropriation,
    allocation_pass_down,
    allocation_request_approve,
    allocation_request_reject,
    expenditure_record,
    reversal_approve,
    reversal_reject,
    reversal_request,
)
from organizations.choices import Role
from organizations.services import audited_save
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.funds.test_pages import click
from tests.web import form_with, web_app

D = datetime.date
TODAY = timezone.localdate()


MODELS = (Appropriation, Allocation, Expenditure, AllocationRequest, ReversalRequest)


def _state():
    """Every ledger row and request, and how many history rows each model has."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS} | {
        "history": [model.history.count() for model in MODELS]
    }


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _allocate(money, personas, tree, amount, organization=None):
    return allocation_from_appropriation(
        user=personas.county_staff,
        appropriation=money.batch,
        organization=organization or tree.organ,
        amount=Decimal(amount),
        allocated_on=D(2026, 2, 1),
    )


def _spend(allocation, user, amount="500.00"):
    return expenditure_record(
        user=user,
        allocation=allocation,
        amount=Decimal(amount),
        spent_on=D(2026, 2, 2),
        use="condolence",
        beneficiaries="慰问一线党员：王强",
        beneficiary_count=1,
        payee="本人",
    )


@pytest.fixture
def pending(money, personas, tree):
    """20,000.00 for 县卫健委党组, asked by county staff: above the threshold, so waiting."""
    return _allocate(money, personas, tree, "20000.00")


@pytest.fixture
def third_staff(tree):
    return UserFactory(username="county3", role=Role.COUNTY_STAFF, organization=tree.county)


# Allocations ------------------------------------------------------------------------


def test_above_the_threshold_an_allocation_waits_and_its_money_is_held(money, pending, tree):
    assert isinstance(pending, AllocationRequest) and pending.state == RequestState.PENDING
    assert not Allocation.objects.filter(organization=tree.organ).exists()
    batch = _fresh(money.batch)
    assert (batch.allocated, batch.held, batch.unallocated) == (
        Decimal("50000.00"),
        Decimal("20000.00"),
        Decimal("30000.00"),
    )


def test_the_threshold_itself_and_its_setting(money, personas, tree, settings):
    at_threshold = _allocate(money, personas, tree, "10000.00")
    assert isinstance(at_threshold, Allocation) and at_threshold.approved_by is None
    settings.FUNDS_APPROVAL_THRESHOLD = Decimal("100.00")
    assert isinstance(_allocate(money, personas, tree, "100.01"), AllocationRequest)


def test_a_batch_is_never_allocated_beyond_its_amount_counting_what_waits(
    money, pending, personas, tree
):
    before = _state()
    with pytest.raises(ValidationError) as refused:
        _allocate(money, personas, tree, "30000.01", organization=tree.township_b)
    assert refused.value.message_dict["amount"] == [
        "该批次尚可分配 ¥30,000.00，不能分配 ¥30,000.01。"
    ]
    assert _state() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        Appropriation.objects.filter(pk=money.batch.pk).update(allocated=Decimal("80000.01"))


def test_the_requester_cannot_approve_or_reject_their_own(money, pending, personas):
    before = _state()
    with pytest.raises(PermissionDenied, match="待他人审批：申请人不能审批自己的申请。"):
        allocation_request_approve(user=personas.county_staff, request=pending)
    with pytest.raises(PermissionDenied, match="申请人不能审批自己的申请"):
        allocation_request_reject(user=personas.county_staff, request=pending, reason="不要了")
    assert _state() == before


@pytest.mark.parametrize(
    ("persona", "message"),
    [
        ("township_a", "您的角色不能审批专项党费分配。"),
        ("leader", "您的角色不能审批专项党费分配。"),
        ("admin", "您的角色不能审批专项党费分配。"),
    ],
)
def test_only_county_staff_approve(money, pending, personas, persona, message):
    before = _state()
    with pytest.raises(PermissionDenied, match=message):
        allocation_request_approve(user=getattr(personas, persona), request=pending)
    assert _state() == before


def test_approval_puts_the_money_in_effect_made_by_one_approved_by_another(
    money, pending, personas, second_staff, tree
):
    allocation = allocation_request_approve(user=second_staff, request=pending)
    assert (allocation.organization, allocation.amount) == (tree.organ, Decimal("20000.00"))
    assert (allocation.created_by, allocation.approved_by) == (personas.county_staff, second_staff)
    batch = _fresh(money.batch)
    assert (batch.allocated, batch.held) == (Decimal("70000.00"), Decimal("0.00"))
    request = _fresh(pending)
    assert (request.state, request.decided_by, request.allocation) == (
        RequestState.APPROVED,
        second_staff,
        allocation,
    )
    assert [r.history_user for r in request.history.order_by("history_id")] == [
        personas.county_staff,
        second_staff,
    ]
    _spend(allocation, second_staff, "100.00")
    assert _fresh(allocation).balance == Decimal("19900.00")


def test_a_decided_request_is_not_decided_again(money, pending, second_staff, third_staff):
    allocation_request_approve(user=second_staff, request=pending)
    before = _state()
    with pytest.raises(PermissionDenied, match="该申请已批准，不能再审批。"):
        allocation_request_approve(user=third_staff, request=pending)
    with pytest.raises(PermissionDenied, match="该申请已批准"):
        allocation_request_reject(user=third_staff, request=pending, reason="晚了")
    assert _state() == before


def test_a_rejection_says_why_and_frees_the_money(money, pending, second_staff):
    before = _state()
    with pytest.raises(ValidationError, match="请写明退回原因"):
        allocation_request_reject(user=second_staff, request=pending, reason="  ")
    assert _state() == before
    allocation_request_reject(user=second_staff, request=pending, reason="本批次已够用")
    request = _fresh(pending)
    assert (request.state, request.decided_by, request.rejection_reason) == (
        RequestState.REJECTED,
        second_staff,
        "本批次已够用",
    )
    assert _fresh(money.batch).held == Decimal("0.00")
    assert _fresh(money.batch).unallocated == Decimal("50000.00")
    assert not Allocation.objects.filter(organization=pending.organization).exists()


def test_a_pass_down_above_the_threshold_is_held_on_its_parent(money, personas, second_staff, tree):
    request = allocation_pass_down(
        user=personas.township_a,
        parent=money.to_a,
        organization=tree.general_a,
        amount=Decimal("15000.00"),
        allocated_on=D(2026, 2, 1),
    )
    assert isinstance(request, AllocationRequest)
    town = _fresh(money.to_a)
    assert (town.passed_down, town.held, town.balance) == (
        Decimal("5000.00"),
        Decimal("15000.00"),
        Decimal("10000.00"),
    )
    before = _state()
    with pytest.raises(ValidationError, match=re.escape("余额只有 ¥10,000.00，不能支出")):
        _spend(money.to_a, personas.township_a, "10000.01")
    assert _state() == before
    child = allocation_request_approve(user=second_staff, request=request)
    town = _fresh(money.to_a)
    assert (town.passed_down, town.held, town.balance) == (
        Decimal("20000.00"),
        Decimal("0.00"),
        Decimal("10000.00"),
    )
    assert (child.parent, child.created_by, child.approved_by) == (
        town,
        personas.township_a,
        second_staff,
    )


def test_approval_for_an_organization_that_stopped_is_refused(
    money, pending, personas, second_staff, tree
):
    tree.organ.is_active = False
    audited_save(tree.organ, user=personas.admin)
    before = _state()
    with pytest.raises(ValidationError, match="“中共县卫健委党组”已停止运行或已撤销"):
        allocation_request_approve(user=second_staff, request=pending)
    assert _state() == before


def test_the_database_refuses_a_request_decided_by_its_requester(pending, personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationRequest.objects.filter(pk=pending.pk).update(
            state=RequestState.REJECTED,
            decided_by=personas.county_staff,
            decided_at=timezone.now(),
            rejection_reason="自己退回",
        )
    assert _fresh(pending).state == RequestState.PENDING


def test_money_that_waits_counts_nowhere_as_received_or_spendable(
    client_as, money, pending, personas, tree
):
    """One definition: an `Allocation` is money in effect; the dashboard and the balances
    read allocations, so a request is neither received nor spendable, and the money held
    for a pass-down is out of the balance."""
    allocation_pass_down(
        user=personas.township_a,
        parent=money.to_a,
        organization=tree.general_a,
        amount=Decimal("15000.00"),
        allocated_on=D(2026, 2, 1),
    )
    period = {"range": "custom", "start": "2026-01-01", "end": "2026-12-31"}
    response = client_as("county_staff").get(reverse("reports:dashboard"), period)
    money_panel = response.context["board"].panels["money"]["per_township"]
    assert money_panel[tree.township_a.pk]["received"] == Decimal("30000.00")
    assert money_panel[tree.township_a.pk]["balance"] == Decimal("15000.00")  # 10,000 + 5,000
    assert response.context["board"].kpis["balance"] == Decimal("35000.00")  # + B's 20,000


# Reversals --------------------------------------------------------------------------


@pytest.fixture
def entry(money, personas):
    return _spend(money.to_village, personas.branch)


def test_a_reversal_request_changes_nothing_in_the_ledger_and_waits_alone(money, entry, personas):
    request = reversal_request(user=personas.branch, entry=entry, reason="金额录错")
    assert request.state == RequestState.PENDING
    assert not Expenditure.objects.filter(reverses=entry).exists()
    assert _fresh(money.to_village).spent == Decimal("500.00")
    before = _state()
    with pytest.raises(ValidationError, match="这笔支出已有待审批的冲销申请"):
        reversal_request(user=personas.township_a, entry=entry, reason="再申请")
    assert _state() == before


@pytest.mark.parametrize(
    ("requester", "approver", "message"),
    [
        ("branch", "branch", "您的角色不能审批支出冲销。"),
        ("township_a", "township_a", "待他人审批：申请人不能审批自己的申请。"),
        ("county_staff", "admin", "您的角色不能审批支出冲销。"),
        ("county_staff", "leader", "您的角色不能审批支出冲销。"),
    ],
)
def test_refused_reversal_approvals_change_nothing(
    money, entry, personas, requester, approver, message
):
    request = reversal_request(user=getattr(personas, requester), entry=entry, reason="录错")
    before = _state()
    with pytest.raises(PermissionDenied, match=message):
        reversal_approve(user=getattr(personas, approver), request=request)
    assert _state() == before


def test_the_recorder_of_an_entry_does_not_approve_taking_it_back(money, personas):
    recorded = _spend(money.to_a, personas.township_a)
    request = reversal_request(user=personas.county_staff, entry=recorded, reason="录错")
    before = _state()
    with pytest.raises(PermissionDenied, match="支出的记录人不能审批冲销自己记录的支出"):
        reversal_approve(user=personas.township_a, request=request)
    assert _state() == before


def test_approval_writes_the_reversing_entry_and_history_shows_both(money, entry, personas):
    request = reversal_request(user=personas.branch, entry=entry, reason="重复登记")
    reversal = reversal_approve(user=personas.township_a, request=request)
    assert (reversal.amount, reversal.reverses, reversal.reason) == (
        Decimal("-500.00"),
        entry,
        "重复登记",
    )
    assert reversal.recorded_by == personas.branch
    assert reversal.history.get().history_user == personas.township_a
    assert _fresh(money.to_village).spent == Decimal("0.00")
    request = _fresh(request)
    assert (request.state, request.reversal, request.decided_by) == (
        RequestState.APPROVED,
        reversal,
        personas.township_a,
    )
    assert [r.history_user for r in request.history.order_by("history_id")] == [
        personas.branch,
        personas.township_a,
    ]
    with pytest.raises(PermissionDenied, match="该申请已批准"):
        reversal_approve(user=personas.county_staff, request=request)


def test_a_sent_back_reversal_leaves_the_entry_and_may_be_asked_again(money, entry, personas):
    request = reversal_request(user=personas.branch, entry=entry, reason="录错")
    with pytest.raises(ValidationError, match="请写明退回原因"):
        reversal_reject(user=personas.township_a, request=request, reason="")
    reversal_reject(user=personas.township_a, request=request, reason="凭证齐全，无需冲销")
    assert _fresh(request).state == RequestState.REJECTED
    assert _fresh(money.to_village).spent == Decimal("500.00")
    assert not Expenditure.objects.filter(reverses=entry).exists()
    again = reversal_request(user=personas.branch, entry=entry, reason="确实录错")
    assert again.state == RequestState.PENDING


# Pages ------------------------------------------------------------------------------


def _browser(user):
    return web_app(user, sign_in=sign_in)


def test_from_request_to_allocation_through_the_pages(web, money, personas, second_staff, tree):
    """County staff asks for 20,000 on the form; the page says it waits; the requester sees
    no approve button and gets 403 with the reason; a colleague approves on a page that
    names the organization, amount, batch and requester; both show on the record."""
    page = web("county_staff").get(reverse("funds:allocation_create", args=[money.batch.pk]))
    form = form_with(page, "organization")
    assert "超过 ¥10,000.00 的须经另一名县委组织部工作人员审批后生效" in page.text
    form.pick("organization", tree.organ)
    form["amount"] = "20,000.00"
    form["allocated_on"] = "2026-02-01"
    page = form.submit().follow()
    request = AllocationRequest.objects.get(organization=tree.organ)
    assert page.request.path == request.get_absolute_url()
    assert "已提交审批" in page.text and "待审批" in page.text
    approve = reverse("funds:allocation_request_approve", args=[request.pk])
    reject = reverse("funds:allocation_request_reject", args=[request.pk])
    assert not page.html.select(f'a[href="{approve}"], a[href="{reject}"]')
    refused = web("county_staff").get(approve, status=403)
    assert "待他人审批：申请人不能审批自己的申请。" in refused.text
    assert not Allocation.objects.filter(organization=tree.organ).exists()

    colleague = _browser(second_staff)
    page = colleague.get(money.batch.get_absolute_url())
    assert "中共县卫健委党组 ¥20,000.00" in page.html.select_one("#pending-allocations").text
    page = click(page, request.get_absolute_url())
    page = click(page, approve)
    details = " ".join(page.html.select_one("#details").text.split())
    for shown in ("中共县卫健委党组", "¥20,000.00", "丰组〔2026〕3号", "张同志"):
        assert shown in details
    page = page.forms["confirm"].submit().follow()
    allocation = Allocation.objects.get(organization=tree.organ)
    assert page.request.path == allocation.get_absolute_url()
    approval = page.html.select_one("#approval").text
    assert personas.county_staff.display_name in approval
    assert second_staff.display_name in approval
    page = colleague.get(request.get_absolute_url())
    steps = page.html.select_one("#steps").text
    assert personas.county_staff.display_name in steps and second_staff.display_name in steps
    assert not page.html.select(f'a[href="{approve}"]')


def test_sending_an_allocation_back_from_its_page(money, pending, second_staff):
    page = _browser(second_staff).get(pending.get_absolute_url())
    page = click(page, reverse("funds:allocation_request_reject", args=[pending.pk]))
    assert "¥20,000.00" in page.html.select_one("#consequence").text
    form = page.forms["confirm"]
    before = _state()
    form.submit(status=200)  # no reason: the page again, nothing sent back
    assert _state() == before
    form["reason"] = "请先报送使用计划"
    page = form.submit().follow()
    assert "已退回" in page.text and "请先报送使用计划" in page.text
    assert _fresh(money.batch).held == Decimal("0.00")


@pytest.mark.parametrize(
    ("persona", "button"),
    [
        ("county_staff", False),
        ("second", True),
        ("leader", False),
        ("admin", False),
    ],
)
def test_the_approve_button_shows_exactly_when_approval_is_allowed(
    money, pending, personas, second_staff, persona, button
):
    user = second_staff if persona == "second" else getattr(personas, persona)
    page = _browser(user).get(pending.get_absolute_url())
    approve = reverse("funds:allocation_request_approve", args=[pending.pk])
    assert bool(page.html.select(f'a[href="{approve}"]')) is button
    _browser(user).get(approve, status=200 if button else 403)


@pytest.mark.parametrize(
    ("persona", "link"), [("branch", False), ("township_a", True), ("county_staff", True)]
)
def test_the_reversal_approve_link_shows_exactly_when_allowed(
    web, money, entry, personas, persona, link
):
    request = reversal_request(user=personas.branch, entry=entry, reason="录错")
    page = web(persona).get(money.to_village.get_absolute_url())
    approve = reverse("funds:reversal_request_approve", args=[request.pk])
    assert bool(page.html.select(f'a[href="{approve}"]')) is link
    assert "冲销待审批" in page.html.select_one(f"#entry-{entry.pk}").text
    assert not page.html.select(
        f'a[href="{reverse("funds:expenditure_reverse", args=[entry.pk])}"]'
    )
    web(persona).get(approve, status=200 if link else 403)


def test_a_refused_post_changes_nothing(client_as, money, pending, entry, personas):
    request = reversal_request(user=personas.township_a, entry=entry, reason="录错")
    before = _state()
    for url, data in [
        (reverse("funds:allocation_request_approve", args=[pending.pk]), {}),
        (reverse("funds:allocation_request_reject", args=[pending.pk]), {"reason": "x"}),
        (reverse("funds:reversal_request_approve", args=[request.pk]), {}),
    ]:
        response = client_as("township_a").post(url, data)
        assert response.status_code in (403, 404)
    assert (
        client_as("county_staff")
        .post(reverse("funds:allocation_request_approve", args=[pending.pk]))
        .status_code
        == 403
    )
    assert _state() == before
