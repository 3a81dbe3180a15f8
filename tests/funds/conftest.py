"""A batch of special party fees reaching both townships of the test county, the two larger
allocations approved by a second county staff member (four eyes above the threshold)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from funds.models import AllocationRequest
from funds.services import (
    allocation_from_appropriation,
    allocation_pass_down,
    allocation_request_approve,
    appropriation_create,
)
from organizations.choices import Role
from organizations.models import User
from organizations.services import (
    audited_save,
    temporary_branch_close,
    temporary_branch_open,
)
from tests.factories import UserFactory

D = datetime.date


def county_colleague(tree):
    """Another county staff member, the second pair of eyes on money (one per test county;
    `money` makes it too, so modules importing only `money` work alike)."""
    return User.objects.filter(username="county2").first() or UserFactory(
        username="county2", role=Role.COUNTY_STAFF, organization=tree.county
    )


@pytest.fixture
def second_staff(tree):
    return county_colleague(tree)


def approved(result, approver):
    """The allocation in effect: a request above the threshold approved by `approver`."""
    if isinstance(result, AllocationRequest):
        return allocation_request_approve(user=approver, request=result)
    return result


@pytest.fixture
def money(tree, personas):
    second_staff = county_colleague(tree)
    batch = appropriation_create(
        user=personas.county_staff,
        source="higher",
        document_number="丰组〔2026〕3号",
        issued_on=D(2026, 1, 28),
        amount=Decimal("100000.00"),
        allowed_uses=["condolence", "supplies", "hardship"],
    )
    to_a = approved(
        allocation_from_appropriation(
            user=personas.county_staff,
            appropriation=batch,
            organization=tree.township_a,
            amount=Decimal("30000.00"),
            allocated_on=D(2026, 1, 29),
        ),
        second_staff,
    )
    to_b = approved(
        allocation_from_appropriation(
            user=personas.county_staff,
            appropriation=batch,
            organization=tree.township_b,
            amount=Decimal("20000.00"),
            allocated_on=D(2026, 1, 29),
        ),
        second_staff,
    )
    to_village = allocation_pass_down(
        user=personas.township_a,
        parent=to_a,
        organization=tree.village_a,
        amount=Decimal("5000.00"),
        allocated_on=D(2026, 1, 30),
    )
    return SimpleNamespace(batch=batch, to_a=to_a, to_b=to_b, to_village=to_village)


@pytest.fixture
def stopped(tree, personas):
    """Organizations that can take no new work: township B and 甲村党总支 deactivated, and
    a temporary branch under township A opened and dissolved."""
    for organization in (tree.township_b, tree.general_a):
        organization.is_active = False
        audited_save(organization, user=personas.admin)
    dissolved = temporary_branch_open(
        parent=tree.township_a,
        user=personas.county_staff,
        name="甲镇卡点临时党支部",
        sector=tree.village_a.sector,
        secretary_name="王强",
        established_on=D(2026, 1, 30),
    )
    temporary_branch_close(branch=dissolved, user=personas.county_staff, closed_on=D(2026, 2, 1))
    return SimpleNamespace(
        inactive=tree.township_b, inactive_below_a=tree.general_a, dissolved=dissolved
    )
