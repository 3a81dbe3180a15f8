"""Fifty people spending the same allocation at the same moment (PostgreSQL row locks)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from funds.models import Allocation, Expenditure
from funds.services import expenditure_record

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
