"""Demo special party fees for 丰源县: three batches passed down to villages, thousands of
expenditures in every use, a few reversals and a few idle allocations.

Planned in Python, then bulk-created (data generator, STYLE §6) with every allocation's
final totals, so balances, history rows and the ledger agree from the start. An allocation
above FUNDS_APPROVAL_THRESHOLD is shown as asked by `county` and approved by `county2`
(organizations/demo.py); one allocation and one reversal are left awaiting approval, asked
through the services, for the demo's approvers to find.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from organizations.choices import OrganizationKind, Sector
from organizations.models import Organization
from organizations.services import audited_save

from .choices import Source, Use
from .models import Allocation, Expenditure
from .services import allocation_from_appropriation, appropriation_create, reversal_request

BATCHES = [
    (Source.HIGHER, "丰组〔2026〕3号", Decimal("2000000"), Use.values, 60),
    (Source.COUNTY, "丰组〔2026〕5号", Decimal("800000"), Use.values, 45),
    (Source.HIGHER, "丰组〔2026〕8号", Decimal("300000"), [Use.HARDSHIP.value], 30),
]
# Things bought, each with the count that the 公示's quantity column shows beside it.
SUPPLIES = [
    ("口罩", 2000, "只"),
    ("消毒液", 50, "桶"),
    ("测温枪", 10, "把"),
    ("防护服", 100, "套"),
    ("帐篷", 2, "顶"),
]
PAYEES = ["丰源县康泰大药房", "丰源县惠民超市", "丰源县医药公司", "村委会"]


def _cents(rng, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _bulk(model, rows):
    created = model.objects.bulk_create(rows, batch_size=2000)
    model.history.bulk_history_create(created, default_change_reason="演示数据", batch_size=2000)
    return created


def _entry(rng, fake, allocation, use, amount, day, recorder):
    if use == Use.CONDOLENCE:
        people = rng.randint(2, 6)
        who = "、".join(fake.name() for _ in range(people))
        text, count, payee = f"慰问一线党员干部：{who}", people, "本人"
    elif use == Use.SUPPLIES:
        item, count, unit = rng.choice(SUPPLIES)
        text, payee = f"{item} {count} {unit}", rng.choice(PAYEES)
    else:
        text, count, payee = f"补助患病困难党员 {fake.name()}", 1, "本人"
    return Expenditure(
        allocation=allocation,
        township_id=allocation.township_id,
        amount=amount,
        spent_on=day,
        use=use,
        beneficiaries=text,
        beneficiary_count=count,
        payee=payee,
        recorded_by=recorder,
    )


def build(county) -> None:
    rng, fake = county.rng, county.fake
    today = timezone.localdate()
    staff = county.users["county"]
    approver = county.users.get("county2")
    threshold = settings.FUNDS_APPROVAL_THRESHOLD
    scale = Decimal(str(max(county.scale, 0.05)))
    secretaries = {
        u.organization_id: u for u in county.users.values() if u.role == "township_secretary"
    }
    villages_by_township = {}
    for village in Organization.objects.filter(
        kind=OrganizationKind.BRANCH, sector__in=[Sector.RURAL, Sector.URBAN_COMMUNITY]
    ).order_by("path"):
        villages_by_township.setdefault(village.township_id, []).append(village)
    hospitals = list(
        Organization.objects.filter(kind=OrganizationKind.COUNTY_ORGAN, sector=Sector.MEDICAL)
    )

    for source, number, base_amount, uses, days_ago in BATCHES:
        issued = today - datetime.timedelta(days=days_ago)
        batch = appropriation_create(
            user=staff,
            source=source,
            document_number=number,
            issued_on=issued,
            amount=(base_amount * scale).quantize(Decimal("1")),
            allowed_uses=list(uses),
        )
        receivers = list(county.townships) + (hospitals if Use.SUPPLIES in uses else [])
        share = (batch.amount * Decimal("0.9") / len(receivers)).quantize(Decimal("0.01"))
        tops = [
            Allocation(
                appropriation=batch,
                organization=org,
                township_id=org.township_id,
                amount=share,
                allocated_on=issued + datetime.timedelta(days=2),
                created_by=staff,
                approved_by=approver if share > threshold else None,
            )
            for org in receivers
        ]
        children, entries = [], []
        for top in tops:
            recorder = secretaries.get(top.organization.pk, staff)
            villages = villages_by_township.get(top.organization.pk, [])
            for village in rng.sample(villages, k=int(len(villages) * 0.6)):
                amount = _cents(rng, 2000, 6000).quantize(Decimal("1"))
                if top.passed_down + amount > top.amount * Decimal("0.7"):
                    break
                top.passed_down += amount
                children.append(
                    Allocation(
                        appropriation=batch,
                        parent=top,
                        organization=village,
                        township_id=village.township_id,
                        amount=amount,
                        allocated_on=top.allocated_on + datetime.timedelta(days=rng.randint(1, 5)),
                        created_by=recorder,
                    )
                )
        batch.allocated = sum(top.amount for top in tops)
        audited_save(batch, user=staff)
        tops = _bulk(Allocation, tops)
        for child in children:
            child.parent_id = child.parent.pk
        children = _bulk(Allocation, children)
        for allocation in [*tops, *children]:
            idle = allocation.parent_id and rng.random() < 0.04
            recorder = secretaries.get(allocation.township_id, staff)
            spendable = allocation.amount - allocation.passed_down
            target = spendable * Decimal(str(rng.uniform(0.55, 0.98)))
            while not idle and allocation.spent < target:
                amount = min(_cents(rng, 80, 1200), spendable - allocation.spent)
                if amount <= 0:
                    break
                day = min(
                    today, allocation.allocated_on + datetime.timedelta(days=rng.randint(0, 30))
                )
                entries.append(
                    _entry(rng, fake, allocation, rng.choice(list(uses)), amount, day, recorder)
                )
                allocation.spent += amount
        entries = _bulk(Expenditure, entries)
        reversals = []
        for entry in rng.sample(entries, k=min(4, len(entries))):
            entry.allocation.spent -= entry.amount
            reversals.append(
                Expenditure(
                    allocation=entry.allocation,
                    township_id=entry.township_id,
                    amount=-entry.amount,
                    spent_on=entry.spent_on,
                    use=entry.use,
                    beneficiaries=entry.beneficiaries,
                    beneficiary_count=entry.beneficiary_count,
                    payee=entry.payee,
                    reverses=entry,
                    reason="金额录入错误，冲销后重新登记",
                    recorded_by=entry.recorded_by,
                )
            )
        _bulk(Expenditure, reversals)
        Allocation.objects.bulk_update(
            [*tops, *children], ["passed_down", "spent"], batch_size=2000
        )
        Allocation.history.bulk_history_create(
            [*tops, *children],
            update=True,
            default_change_reason="演示数据：支出合计",
            batch_size=2000,
        )
        if number == BATCHES[0][1]:
            taken_back = {reversal.reverses_id for reversal in reversals}
            standing = next(e for e in reversed(entries) if e.pk not in taken_back)
            _awaiting_approval(batch, staff, receivers[0], standing, threshold)


def _awaiting_approval(batch, staff, organization, entry, threshold) -> None:
    """One allocation above the threshold and one reversal, asked and not yet decided."""
    batch.refresh_from_db()
    amount = threshold + Decimal("1000")
    if batch.unallocated >= amount:
        allocation_from_appropriation(
            user=staff,
            appropriation=batch,
            organization=organization,
            amount=amount,
            allocated_on=batch.issued_on + datetime.timedelta(days=3),
            note="补充防控物资经费",
        )
    reversal_request(
        user=entry.recorded_by,
        entry=entry,
        reason="收款方填写有误，申请冲销后重新登记",
        reversed_on=entry.spent_on,
    )
