"""Every funds page and action for every persona; the issue's journey through the pages;
query counts. The forms one by one, as their pages render them, are in test_pages.py."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from webtest import Upload

from funds.models import Allocation, Appropriation, Expenditure, ReversalRequest
from funds.services import expenditure_record
from tests.files import PDF
from tests.funds.test_pages import click
from tests.web import form_with

PERSONAS = ["county_staff", "leader", "township_a", "township_b", "branch"]
LISTS = dict.fromkeys(PERSONAS, 200)
IN_A_TOWN = {
    "county_staff": 200,
    "leader": 200,
    "township_a": 200,
    "township_b": 404,
    "branch": 404,
}
IN_A_VILLAGE = {**IN_A_TOWN, "branch": 200}
BATCH = {"county_staff": 200, "leader": 200, "township_a": 200, "township_b": 200, "branch": 200}
COUNTY_ONLY = {
    "county_staff": 200,
    "leader": 403,
    "township_a": 403,
    "township_b": 403,
    "branch": 403,
}
PASS_DOWN_A = {
    "county_staff": 200,
    "leader": 403,
    "township_a": 200,
    "township_b": 404,
    "branch": 404,
}
SPEND_A_VILLAGE = {
    "county_staff": 200,
    "leader": 403,
    "township_a": 200,
    "township_b": 404,
    "branch": 200,
}
TODAY = timezone.localdate()


@pytest.fixture
def ledger(money, personas):
    money.entry = expenditure_record(
        user=personas.branch,
        allocation=money.to_village,
        amount=Decimal("500.00"),
        spent_on=datetime.date(2026, 2, 2),
        use="condolence",
        beneficiaries="慰问：张伟、李娜",
        beneficiary_count=2,
        payee="本人",
        voucher=SimpleUploadedFile("收据.pdf", PDF),
    )
    return money


PAGES = [
    ("appropriation_list", lambda m, t: reverse("funds:appropriation_list"), LISTS),
    ("appropriation_create", lambda m, t: reverse("funds:appropriation_create"), COUNTY_ONLY),
    (
        "appropriation_detail",
        lambda m, t: reverse("funds:appropriation_detail", args=[m.batch.pk]),
        BATCH,
    ),
    (
        "allocation_create",
        lambda m, t: reverse("funds:allocation_create", args=[m.batch.pk]),
        COUNTY_ONLY,
    ),
    ("allocation_list", lambda m, t: reverse("funds:allocation_list"), LISTS),
    (
        "allocation_detail_a",
        lambda m, t: reverse("funds:allocation_detail", args=[m.to_a.pk]),
        IN_A_TOWN,
    ),
    (
        "allocation_detail_village",
        lambda m, t: reverse("funds:allocation_detail", args=[m.to_village.pk]),
        IN_A_VILLAGE,
    ),
    (
        "allocation_pass_down_a",
        lambda m, t: reverse("funds:allocation_pass_down", args=[m.to_a.pk]),
        PASS_DOWN_A,
    ),
    (
        "expenditure_create_village",
        lambda m, t: reverse("funds:expenditure_create", args=[m.to_village.pk]),
        SPEND_A_VILLAGE,
    ),
    ("expenditure_list", lambda m, t: reverse("funds:expenditure_list"), LISTS),
    (
        "expenditure_reverse",
        lambda m, t: reverse("funds:expenditure_reverse", args=[m.entry.pk]),
        SPEND_A_VILLAGE,
    ),
    ("voucher", lambda m, t: reverse("funds:voucher_download", args=[m.entry.pk]), IN_A_VILLAGE),
    (
        "notice_village",
        lambda m, t: reverse("funds:notice_print", args=[t.village_a.pk]),
        IN_A_VILLAGE,
    ),
]


@pytest.mark.parametrize(("page", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_for_every_persona(client_as, ledger, tree, page, url, expected, persona):
    assert client_as(persona).get(url(ledger, tree)).status_code == expected[persona]


@pytest.mark.parametrize(("page", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_goes_to_login(client, ledger, tree, page, url, expected):
    response = client.get(url(ledger, tree))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def _state():
    return {
        m.__name__: list(m.objects.order_by("pk").values())
        for m in (Appropriation, Allocation, Expenditure)
    }


POSTS = [
    (
        "spend",
        lambda m, t: reverse("funds:expenditure_create", args=[m.to_village.pk]),
        lambda m, t: {
            "amount": "10",
            "spent_on": "2026-02-03",
            "use": "supplies",
            "beneficiaries": "口罩",
            "beneficiary_count": "1",
            "payee": "药店",
        },
    ),
    (
        "reverse",
        lambda m, t: reverse("funds:expenditure_reverse", args=[m.entry.pk]),
        lambda m, t: {"reason": "录错", "reversed_on": TODAY.isoformat()},
    ),
    (
        "pass_down",
        lambda m, t: reverse("funds:allocation_pass_down", args=[m.to_a.pk]),
        lambda m, t: {"organization": t.general_a.pk, "amount": "10", "allocated_on": "2026-02-03"},
    ),
]


@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("township_b", 404)])
def test_refused_posts_change_nothing(client_as, ledger, tree, name, url, data, persona, status):
    target = url(ledger, tree)
    before = _state()
    assert client_as(persona).post(target, data(ledger, tree)).status_code == status
    assert _state() == before


def test_the_money_from_county_to_village_and_back_again(web, tree):
    """The issue's journey, page by page, as each user clicks and types it."""
    county = web("county_staff")
    page = county.get(reverse("funds:appropriation_create"))
    form = form_with(page, "document_number")
    form["source"] = "higher"
    form["document_number"] = "丰组〔2026〕11号"
    form["issued_on"] = "2026-02-01"
    form["amount"] = "50,000.00"
    page = form.submit().follow()
    batch = Appropriation.objects.get(document_number="丰组〔2026〕11号")
    assert batch.use_list == ["condolence", "supplies", "hardship"]

    page = click(page, reverse("funds:allocation_create", args=[batch.pk]))
    form = form_with(page, "organization")
    form.pick("organization", tree.township_a)
    form["amount"] = "10000"  # the threshold itself: in effect at once, no second person
    form["allocated_on"] = "2026-02-02"
    page = form.submit().follow()
    to_town = Allocation.objects.get(appropriation=batch, organization=tree.township_a)
    assert page.request.path == to_town.get_absolute_url()

    town = web("township_a")
    page = town.get(to_town.get_absolute_url())
    page = click(page, reverse("funds:allocation_pass_down", args=[to_town.pk]))
    form = form_with(page, "organization")
    form.pick("organization", tree.village_a)
    form["amount"] = "6,000.00"
    form["allocated_on"] = "2026-02-03"
    page = form.submit().follow()
    to_village = Allocation.objects.get(parent=to_town)
    assert "已转拨" in page.text

    village = web("branch")
    page = village.get(to_village.get_absolute_url())
    for amount, name in (("1500.00", "慰问签收表.pdf"), ("2,000.00", "重复.pdf")):
        page = click(page, reverse("funds:expenditure_create", args=[to_village.pk]))
        form = form_with(page, "amount")
        form["amount"] = amount
        form["spent_on"] = "2026-02-05"
        form["use"] = "condolence"
        form["beneficiaries"] = "慰问一线党员：王强、赵敏"
        form["beneficiary_count"] = "2"
        form["payee"] = "本人"
        form["voucher"] = Upload(name, PDF, "application/pdf")
        page = form.submit().follow()
        assert "已记录支出" in page.text
    wrong = Expenditure.objects.get(allocation=to_village, amount=Decimal("2000.00"))
    page = click(page, reverse("funds:expenditure_reverse", args=[wrong.pk]))
    form = form_with(page, "reason")
    form["reason"] = "重复登记"
    page = form.submit().follow()
    assert "须他人审批后冲销" in page.text
    request = ReversalRequest.objects.get(entry=wrong)
    page = town.get(to_village.get_absolute_url())
    page = click(page, reverse("funds:reversal_request_approve", args=[request.pk]))
    page = page.forms["confirm"].submit().follow()
    assert "已冲销" in page.text
    page = village.get(to_village.get_absolute_url())

    batch.refresh_from_db()
    to_town.refresh_from_db()
    to_village.refresh_from_db()
    assert (batch.allocated, batch.unallocated) == (Decimal("10000.00"), Decimal("40000.00"))
    assert (to_town.passed_down, to_town.spent, to_town.balance) == (
        Decimal("6000.00"),
        Decimal("0.00"),
        Decimal("4000.00"),
    )
    assert (to_village.spent, to_village.balance) == (Decimal("1500.00"), Decimal("4500.00"))
    entries = list(to_village.entries.order_by("pk"))
    assert [e.amount for e in entries] == [
        Decimal("1500.00"),
        Decimal("2000.00"),
        Decimal("-2000.00"),
    ]
    assert [e.voucher_name for e in entries] == ["慰问签收表.pdf", "重复.pdf", ""]
    assert (entries[2].reverses, entries[2].spent_on) == (wrong, TODAY)
    voucher = village.get(reverse("funds:voucher_download", args=[entries[0].pk]))
    assert voucher.body == PDF

    page = click(page, reverse("funds:expenditure_create", args=[to_village.pk]))
    form = form_with(page, "amount")
    form["amount"] = "4,500.01"
    form["spent_on"] = "2026-02-06"
    form["use"] = "supplies"
    form["beneficiaries"] = "口罩 100 只"
    form["beneficiary_count"] = "100"
    form["payee"] = "药店"
    page = form.submit(status=200)
    assert "余额只有 ¥4,500.00，不能支出 ¥4,500.01" in page.text
    assert Allocation.objects.get(pk=to_village.pk).spent == Decimal("1500.00")
    assert to_village.entries.count() == 3

    page = village.get(to_village.get_absolute_url())
    notice = click(page, reverse("funds:notice_print", args=[tree.village_a.pk]))
    assert "慰问一线党员：王*、赵*" in notice.text and "王强" not in notice.text
    assert "¥1,500.00" in notice.html.select_one("tfoot").text


def test_idle_allocations_are_flagged(client_as, ledger, settings):
    settings.FUNDS_IDLE_DAYS = 1
    response = client_as("county_staff").get(reverse("funds:allocation_list"), {"idle": "yes"})
    flagged = {allocation.organization.name for allocation in response.context["object_list"]}
    assert flagged == {"中共甲镇委员会", "中共乙街道工作委员会", "甲村党支部"}
    settings.FUNDS_IDLE_SHARE = 0.95
    response = client_as("county_staff").get(reverse("funds:allocation_list"), {"idle": "yes"})
    flagged = {allocation.organization.name for allocation in response.context["object_list"]}
    assert flagged == {"中共乙街道工作委员会"}


class TestQueryCounts:
    @pytest.mark.parametrize("extra", [0, 30])
    def test_ledger_pages(
        self, client_as, ledger, personas, tree, django_assert_max_num_queries, extra
    ):
        for _ in range(extra):
            expenditure_record(
                user=personas.branch,
                allocation=ledger.to_village,
                amount=Decimal("1.00"),
                spent_on=datetime.date(2026, 2, 3),
                use="supplies",
                beneficiaries="口罩",
                payee="药店",
            )
        client = client_as("township_a")
        pages = [
            reverse("funds:allocation_detail", args=[ledger.to_village.pk]),
            reverse("funds:allocation_list"),
            reverse("funds:expenditure_list"),
            reverse("funds:appropriation_detail", args=[ledger.batch.pk]),
            reverse("funds:appropriation_list"),
            reverse("funds:notice_print", args=[tree.village_a.pk]),
        ]
        for url in pages:
            with django_assert_max_num_queries(12):
                assert client.get(url).status_code == 200
