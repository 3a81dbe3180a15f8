"""Fifty people spending the same allocation at the same moment, and two approving the same
request (PostgreSQL row locks)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from funds.choices import RequestState
from funds.models import Allocation, AllocationRequest, Appropriation, Expenditure
from funds.services import (
    allocation_from_appropriation,
    allocation_request_approve,
    expenditure_record,
)
from organizations.choices import Role
from tests.factories import UserFactory

REQUESTS = 50
EACH = Decimal("300.00")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI)")
def test_concurrent_spending_never_overspends(money, personas):
    village = money.to_village  # 5,000.00: pays for 16 requests of 300.00, not 17
    start = threading.Barrier(REQUESTS)
    outcomes = []

    def request():
        try:
            start.wait()
            expenditure_record(
                user=personas.branch,
                allocation=village,
                amount=EACH,
                spent_on=datetime.date(2026, 2, 2),
                use="condolence",
                beneficiaries="慰问一线党员",
                payee="村委会",
            )
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("paid") == 16
    assert outcomes.count("refused") == REQUESTS - 16
    allocation = Allocation.objects.get(pk=village.pk)
    entries = Expenditure.objects.filter(allocation=allocation)
    assert allocation.balance == Decimal("200.00") >= 0
    assert allocation.spent == sum(entries.values_list("amount", flat=True)) == 16 * EACH
    assert entries.count() == 16


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI)")
def test_two_approvals_of_one_request_at_once_allocate_it_once(money, personas, second_staff, tree):
    """Two colleagues press 批准 on the same request at the same moment: one allocation."""
    third = UserFactory(username="county3", role=Role.COUNTY_STAFF, organization=tree.county)
    request = allocation_from_appropriation(
        user=personas.county_staff,
        appropriation=money.batch,
        organization=tree.organ,
        amount=Decimal("20000.00"),
        allocated_on=datetime.date(2026, 2, 1),
    )
    start = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            start.wait()
            allocation_request_approve(user=user, request=request)
            outcomes.append("approved")
        except PermissionDenied as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (second_staff, third)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["approved", "该申请已批准，不能再审批。"]
    assert Allocation.objects.filter(organization=tree.organ).count() == 1
    batch = Appropriation.objects.get(pk=money.batch.pk)
    assert (batch.allocated, batch.held) == (Decimal("70000.00"), Decimal("0.00"))
    assert AllocationRequest.objects.get(pk=request.pk).state == RequestState.APPROVED
