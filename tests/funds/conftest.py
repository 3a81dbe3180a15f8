"""A batch of special party fees reaching both townships of the test county."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from funds.services import (
    allocation_from_appropriation,
    allocation_pass_down,
    appropriation_create,
)

D = datetime.date


@pytest.fixture
def money(tree, personas):
    batch = appropriation_create(
        user=personas.county_staff,
        source="higher",
        document_number="丰组〔2026〕3号",
        issued_on=D(2026, 1, 28),
        amount=Decimal("100000.00"),
        allowed_uses=["condolence", "supplies", "hardship"],
    )
    to_a = allocation_from_appropriation(
        user=personas.county_staff,
        appropriation=batch,
        organization=tree.township_a,
        amount=Decimal("30000.00"),
        allocated_on=D(2026, 1, 29),
    )
    to_b = allocation_from_appropriation(
        user=personas.county_staff,
        appropriation=batch,
        organization=tree.township_b,
        amount=Decimal("20000.00"),
        allocated_on=D(2026, 1, 29),
    )
    to_village = allocation_pass_down(
        user=personas.township_a,
        parent=to_a,
        organization=tree.village_a,
        amount=Decimal("5000.00"),
        allocated_on=D(2026, 1, 30),
    )
    return SimpleNamespace(batch=batch, to_a=to_a, to_b=to_b, to_village=to_village)
