"""Fuzzing the special-party-fee forms: batches, allocations, spending and reversal.

Money is where "stored exactly" matters most: every accepted amount must reach the ledger
to the cent, and every refused one must leave every running total as it was. The batch
of 100,000.00 gives township A 30,000.00, which passes 5,000.00 on to village A
(tests/funds conftest).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from funds.choices import Source, Use
from funds.models import Allocation, Appropriation, Expenditure, ReversalRequest
from funds.services import expenditure_record
from organizations.codes import join_codes
from organizations.money import parse_yuan, yuan

from . import strategies as fz
from .harness import (
    assert_file_kept,
    assert_recorded_by,
    assert_stored,
    fuzz_form,
    sent,
    typed_date,
    typed_int,
    typed_text,
)

D = datetime.date
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def typed_money(value) -> Decimal:
    """What the money field reads from what was typed (organizations.money.parse_yuan)."""
    return parse_yuan(sent(value))


def clerk_money(max_value: str) -> fz.Field:
    """fz.money, also typed the ways a clerk types it: as the app shows it (¥1,234.50),
    with 元, in full-width digits. Hostile adds what Decimal reads but money is not."""
    plain = fz.money(max_value)
    shown = st.decimals(
        min_value=Decimal("0.01"), max_value=Decimal(max_value), places=2, allow_nan=False
    ).map(yuan)
    typed = st.one_of(
        plain.valid,
        shown,
        shown.map(lambda text: text.removeprefix("¥") + " 元"),
        plain.valid.map(lambda text: text.translate(FULL_WIDTH)),
    )
    not_money = st.sampled_from(["1e3", "1E-2", "1_000", "+3", ".5", "4.", "١٢", "१२", "12,34"])
    return fz.Field(typed, plain.hostile | not_money)


def test_appropriation_form_registers_exactly_the_batch_typed(client_as, personas, money):
    """A document number is registered once: the existing 丰组〔2026〕3号 is refused."""
    client = client_as("county_staff")
    url = reverse("funds:appropriation_create")
    numbers = fz.text(60)
    examples = fz.form_data(
        {
            "source": fz.choice(Source.values),
            "document_number": fz.Field(
                numbers.valid, numbers.hostile | st.just(money.batch.document_number)
            ),
            "issued_on": fz.date(D(2025, 1, 1)),
            "amount": clerk_money("1000000"),
            "allowed_uses": fz.several(Use.values),
            "note": fz.text(1000, required=False),
        }
    )

    def stored(outcome, data):
        batch = outcome.new_row(Appropriation)
        assert_stored(
            batch,
            source=sent(data["source"]),
            document_number=typed_text(data["document_number"]),
            issued_on=typed_date(data["issued_on"]),
            amount=typed_money(data["amount"]),
            allocated=Decimal("0.00"),
            allowed_uses=join_codes(data["allowed_uses"], Use),
            note=typed_text(data.get("note")),
            created_by_id=personas.county_staff.pk,
        )
        assert_recorded_by(batch, personas.county_staff)

    fuzz_form(client, url, examples, stored)


def test_allocation_form_allocates_exactly_the_amount_typed(
    client_as, tree, personas, money, settings
):
    """The county gives part of the 50,000.00 still unallocated to a level-two committee
    (in effect at once: four eyes above the threshold are tests/funds/test_four_eyes.py)."""
    settings.FUNDS_APPROVAL_THRESHOLD = Decimal("1000000")
    client = client_as("county_staff")
    batch = money.batch
    url = reverse("funds:allocation_create", args=[batch.pk])
    examples = fz.form_data(
        {
            "organization": fz.pk(
                [tree.township_a.pk, tree.township_b.pk, tree.organ.pk],
                [tree.county.pk, tree.village_a.pk, tree.community_b.pk],
            ),
            "amount": clerk_money("60000"),
            "allocated_on": fz.date(D(2026, 1, 20)),
            "note": fz.text(200, required=False),
        }
    )

    def stored(outcome, data):
        amount = typed_money(data["amount"])
        allocation = outcome.new_row(Allocation)
        assert_stored(
            allocation,
            appropriation_id=batch.pk,
            parent_id=None,
            organization_id=int(sent(data["organization"])),
            amount=amount,
            allocated_on=typed_date(data["allocated_on"]),
            note=typed_text(data.get("note")),
            passed_down=Decimal("0.00"),
            spent=Decimal("0.00"),
            created_by_id=personas.county_staff.pk,
        )
        assert_stored(batch, allocated=Decimal("50000.00") + amount)
        assert_recorded_by(allocation, personas.county_staff)

    fuzz_form(client, url, examples, stored)


def test_pass_down_form_passes_exactly_the_amount_typed(client_as, tree, personas, money, settings):
    """Township A passes part of its 25,000.00 balance to an organization beneath it."""
    settings.FUNDS_APPROVAL_THRESHOLD = Decimal("1000000")
    client = client_as("township_a")
    parent = money.to_a
    url = reverse("funds:allocation_pass_down", args=[parent.pk])
    examples = fz.form_data(
        {
            "organization": fz.pk(
                [tree.village_a.pk, tree.general_a.pk, tree.sub_a.pk],
                [tree.township_a.pk, tree.community_b.pk, tree.county.pk],
            ),
            "amount": clerk_money("30000"),
            "allocated_on": fz.date(D(2026, 1, 20)),
            "note": fz.text(200, required=False),
        }
    )

    def stored(outcome, data):
        amount = typed_money(data["amount"])
        child = outcome.new_row(Allocation)
        assert_stored(
            child,
            appropriation_id=parent.appropriation_id,
            parent_id=parent.pk,
            organization_id=int(sent(data["organization"])),
            amount=amount,
            allocated_on=typed_date(data["allocated_on"]),
            note=typed_text(data.get("note")),
            created_by_id=personas.township_a.pk,
        )
        assert_stored(parent, passed_down=Decimal("5000.00") + amount)
        assert_recorded_by(child, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_expenditure_form_records_exactly_the_spending_typed(client_as, personas, money, settings):
    """Village A's secretary spends from its 5,000.00, on an allowed use, with a voucher."""
    settings.UPLOAD_MAX_BYTES = fz.UPLOAD_LIMIT
    client = client_as("branch")
    allocation = money.to_village
    url = reverse("funds:expenditure_create", args=[allocation.pk])
    examples = fz.form_data(
        {
            "amount": clerk_money("6000"),
            "spent_on": fz.date(D(2026, 1, 20)),
            "use": fz.choice(money.batch.use_list),
            "beneficiaries": fz.text(300),
            "beneficiary_count": fz.integer(0, 5000),
            "payee": fz.text(100),
            "voucher": fz.upload(),
        }
    )

    def stored(outcome, data):
        amount = typed_money(data["amount"])
        entry = outcome.new_row(Expenditure)
        assert_stored(
            entry,
            allocation_id=allocation.pk,
            amount=amount,
            spent_on=typed_date(data["spent_on"]),
            use=sent(data["use"]),
            beneficiaries=typed_text(data["beneficiaries"]),
            beneficiary_count=typed_int(data["beneficiary_count"]),
            payee=typed_text(data["payee"]),
            reverses_id=None,
            recorded_by_id=personas.branch.pk,
        )
        assert_stored(allocation, spent=amount)
        [voucher] = fz.files_sent(data.get("voucher")) or [None]
        if voucher is None:
            assert_stored(entry, voucher="", voucher_type="", voucher_name="")
        else:
            kept = Expenditure.objects.get(pk=entry.pk)
            assert_file_kept(kept.voucher, voucher)
            assert kept.voucher_type == voucher.content_type
            if voucher.plain_name:
                assert kept.voucher_name == voucher.name
        assert_recorded_by(entry, personas.branch)

    fuzz_form(client, url, examples, stored)


@pytest.fixture
def entry(money, personas):
    """500.00 of condolences spent by village A on 2 February."""
    return expenditure_record(
        user=personas.branch,
        allocation=money.to_village,
        amount=Decimal("500.00"),
        spent_on=D(2026, 2, 2),
        use=Use.CONDOLENCE,
        beneficiaries="慰问一线党员 5 人",
        beneficiary_count=5,
        payee="本人",
    )


def test_reverse_form_reverses_exactly_the_entry_with_the_reason_typed(
    client_as, personas, money, entry
):
    """申请冲销 asks for exactly the entry, reason and date typed; the ledger waits for a
    second person's approval (tests/funds/test_four_eyes.py)."""
    client = client_as("branch")
    url = reverse("funds:expenditure_reverse", args=[entry.pk])
    examples = fz.form_data({"reason": fz.text(300), "reversed_on": fz.date(D(2026, 1, 25))})

    def stored(outcome, data):
        request = outcome.new_row(ReversalRequest)
        assert_stored(
            request,
            entry_id=entry.pk,
            reversed_on=typed_date(data["reversed_on"]),
            reason=typed_text(data["reason"]),
            state="pending",
            requested_by_id=personas.branch.pk,
        )
        assert_stored(money.to_village, spent=Decimal("500.00"))
        assert_recorded_by(request, personas.branch)

    fuzz_form(client, url, examples, stored)
