"""A care record rests on the spending that paid for it (issue #16 §6; notice §5 专款专用):
the 慰问 or 补助 of special party fees spent in its township, still standing, chosen on the
resolve form from exactly those; the money's page leads back to the person."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from funds.services import (
    allocation_from_appropriation,
    appropriation_create,
    expenditure_record,
    reversal_approve,
    reversal_request,
)
from members.models import CareRecord
from members.services import care_record, care_resolve
from tests.factories import MemberFactory
from tests.web import form_with

D = datetime.date


@pytest.fixture
def money(tree, personas):
    """Township A and B each hold an allocation for 慰问, 物资 and 补助, spent once on each."""
    county = personas.county_staff
    batch = appropriation_create(
        user=county,
        source="higher",
        document_number="丰组〔2026〕5号",
        issued_on=D(2026, 1, 20),
        amount=Decimal("9000"),
        allowed_uses=["condolence", "supplies", "hardship"],
    )
    spent = {}
    for key, township, secretary in (
        ("a", tree.township_a, personas.township_a),
        ("b", tree.township_b, personas.township_b),
    ):
        allocation = allocation_from_appropriation(
            user=county,
            appropriation=batch,
            organization=township,
            amount=Decimal("3000"),
            allocated_on=D(2026, 1, 25),
        )
        for use in ("condolence", "supplies", "hardship"):
            spent[f"{use}_{key}"] = expenditure_record(
                user=secretary,
                allocation=allocation,
                amount=Decimal("200"),
                spent_on=D(2026, 2, 2),
                use=use,
                beneficiaries=f"{use}对象",
                payee="收款人",
            )
    return spent


@pytest.fixture
def care(tree, personas):
    member = MemberFactory(organization=tree.village_a, name="陈静")
    return care_record(
        user=personas.township_a,
        organization=tree.village_a,
        member=member,
        difficulty="连续值守二十天后病倒",
        reported_on=D(2026, 2, 1),
    )


def _resolve(care, user, paid_by):
    return care_resolve(
        care=care, user=user, action="慰问并安排轮休", resolved_on=D(2026, 2, 3), paid_by=paid_by
    )


def test_only_a_standing_condolence_or_hardship_spending_of_the_township_pays_a_care(
    tree, personas, money, care
):
    user = personas.township_a
    reversed_entry = money["hardship_a"]
    reversal = reversal_request(user=user, entry=reversed_entry, reason="金额记错")
    reversal_approve(user=personas.county_staff, request=reversal)
    for spending in (money["supplies_a"], money["condolence_b"], reversed_entry):
        with pytest.raises(ValidationError, match="只能选择本乡镇"):
            _resolve(care, user, spending)
        assert CareRecord.objects.get(pk=care.pk).resolved_on is None
    _resolve(care, user, money["condolence_a"])
    care.refresh_from_db()
    assert (care.paid_by, care.resolved_on) == (money["condolence_a"], D(2026, 2, 3))
    assert care.history.first().paid_by_id == money["condolence_a"].pk


def test_the_page_offers_those_spendings_and_the_money_leads_back_to_the_person(
    web, tree, personas, money, care
):
    browser = web("township_a")
    page = browser.get(reverse("members:care_detail", args=[care.pk]))
    form = form_with(page, "paid_by")
    offered = {value for value, *_ in form["paid_by"].options if value}
    assert offered == {str(money["condolence_a"].pk), str(money["hardship_a"].pk)}
    form["action"] = "慰问并安排轮休"
    form["resolved_on"] = "2026-02-03"
    form["paid_by"] = str(money["condolence_a"].pk)
    confirm = form.submit()
    assert "记为由 2026-02-02 的专项党费支出 ¥200.00" in confirm.text
    page = form_with(confirm, "confirmed").submit().follow()
    care.refresh_from_db()
    assert care.paid_by == money["condolence_a"]
    assert "¥200.00" in page.html.select_one("#paid-by").text
    allocation = browser.get(money["condolence_a"].allocation.get_absolute_url())
    row = allocation.html.select_one(f"#entry-{money['condolence_a'].pk}")
    assert "关心关爱：陈静" in row.text
