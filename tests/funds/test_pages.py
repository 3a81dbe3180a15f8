"""The funds forms as their pages render them: filled and submitted the way a clerk does.

Every form that writes money is here — batch, allocation, pass-down, spending with its
voucher, reversal — fetched as its user sees it, filled only through the fields and
choices the page offers, and submitted; each test then reads the ledger itself.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from webtest import Upload

from funds.models import Allocation, Appropriation, Expenditure, ReversalRequest
from funds.services import expenditure_record, reversal_approve, reversal_request
from tests.files import PDF
from tests.web import form_with

D = datetime.date
TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
INVALID = "请填写金额数字，如 1234.50 或 1,234.50（可带 ¥ 或 元）。"


def _state():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Appropriation, Allocation, Expenditure)
    }


def click(page, url):
    """Follow the page's link to `url`, as a person clicks it."""
    return page.click(href=f"^{re.escape(url)}$", index=0)


def _offered(form, name="organization", text=""):
    """What the picker offers when `text` is typed (everything, here, for no text)."""
    return {int(value) for value in form.offered(name, text)}


def _spending_form(page, **fields):
    form = form_with(page, "amount")
    values = {
        "amount": "10",
        "spent_on": "2026-02-03",
        "use": "supplies",
        "beneficiaries": "口罩 100 只",
        "beneficiary_count": "100",
        "payee": "丰源县康泰大药房",
        **fields,
    }
    for name, value in values.items():
        form[name] = value
    return form


@pytest.fixture
def entry(money, personas):
    """500.00 of condolences spent by village A on 2 February."""
    return expenditure_record(
        user=personas.branch,
        allocation=money.to_village,
        amount=Decimal("500.00"),
        spent_on=D(2026, 2, 2),
        use="condolence",
        beneficiaries="慰问一线党员：张伟、李娜",
        beneficiary_count=2,
        payee="本人",
    )


# The batch ---------------------------------------------------------------------------


def test_the_county_registers_a_batch_from_its_page(web, personas):
    page = web("county_staff").get(reverse("funds:appropriation_create"))
    form = form_with(page, "document_number")
    form["source"] = "county"
    form["document_number"] = "丰组〔2026〕12号"
    form["issued_on"] = "2026-02-01"
    form["amount"] = "¥80,000.00"
    form["note"] = "县级配套"
    page = form.submit().follow()

    assert "已登记：丰组〔2026〕12号（¥80,000.00）" in page.text
    batch = Appropriation.objects.get()
    assert (batch.source, batch.issued_on, batch.amount, batch.allocated) == (
        "county",
        D(2026, 2, 1),
        Decimal("80000.00"),
        Decimal("0.00"),
    )
    assert batch.use_list == ["condolence", "supplies", "hardship"]  # the page's default
    assert batch.created_by == personas.county_staff
    assert batch.history.get().history_user == personas.county_staff


def test_a_batch_without_a_use_is_refused_on_its_page(web):
    page = web("county_staff").get(reverse("funds:appropriation_create"))
    form = form_with(page, "document_number")
    form["document_number"] = "丰组〔2026〕13号"
    form["amount"] = "100"
    for index in range(3):
        form.get("allowed_uses", index=index).checked = False
    page = form.submit(status=200)
    assert "这个字段是必填项" in page.text or "请至少选择一种允许用途" in page.text
    assert not Appropriation.objects.exists()


# Allocations -------------------------------------------------------------------------


def test_the_county_allocates_to_a_township_offered_on_the_page(web, money, tree, personas):
    page = web("county_staff").get(reverse("funds:allocation_create", args=[money.batch.pk]))
    form = form_with(page, "organization")
    assert _offered(form) == {tree.township_a.pk, tree.township_b.pk, tree.organ.pk}
    form.pick("organization", tree.organ)
    form["amount"] = "2,345.60"
    form["allocated_on"] = "2026-02-02"
    page = form.submit().follow()

    assert "已下拨：中共县卫健委党组 · 丰组〔2026〕3号" in page.text
    allocation = Allocation.objects.get(organization=tree.organ)
    assert (allocation.amount, allocation.allocated_on, allocation.parent) == (
        Decimal("2345.60"),
        D(2026, 2, 2),
        None,
    )
    assert allocation.created_by == personas.county_staff
    batch = Appropriation.objects.get(pk=money.batch.pk)
    assert batch.allocated == Decimal("52345.60")


def test_a_township_passes_down_to_an_organization_beneath_it(web, money, tree, personas):
    page = web("township_a").get(reverse("funds:allocation_pass_down", args=[money.to_a.pk]))
    form = form_with(page, "organization")
    assert _offered(form) == {tree.village_a.pk, tree.general_a.pk, tree.sub_a.pk}
    form.pick("organization", tree.sub_a)
    form["amount"] = "2000"
    form["allocated_on"] = "2026-02-03"
    page = form.submit().follow()

    assert "已转拨：甲村第一党支部" in page.text
    child = Allocation.objects.get(organization=tree.sub_a)
    assert (child.parent_id, child.amount, child.allocated_on) == (
        money.to_a.pk,
        Decimal("2000.00"),
        D(2026, 2, 3),
    )
    assert child.history.get().history_user == personas.township_a
    parent = Allocation.objects.get(pk=money.to_a.pk)
    assert (parent.passed_down, parent.balance) == (Decimal("7000.00"), Decimal("23000.00"))


def test_passing_down_more_than_is_left_is_refused_on_the_page(web, money, tree):
    page = web("township_a").get(reverse("funds:allocation_pass_down", args=[money.to_a.pk]))
    form = form_with(page, "organization")
    form.pick("organization", tree.general_a)
    form["amount"] = "25,000.01"
    form["allocated_on"] = "2026-02-03"
    before = _state()
    page = form.submit(status=200)
    assert "本级余额只有 ¥25,000.00，不能转拨 ¥25,000.01。" in page.text
    assert _state() == before


def test_organizations_that_stopped_are_not_offered(web, money, tree, stopped):
    """Allocation and pass-down offer only working organizations of the user's scope."""
    county = web("county_staff").get(reverse("funds:allocation_create", args=[money.batch.pk]))
    form = form_with(county, "organization")
    assert _offered(form) == {tree.township_a.pk, tree.organ.pk}
    assert not _offered(form, text=stopped.inactive.name)
    form["organization"].force_value(str(stopped.inactive.pk))  # a crafted post
    form["amount"] = "100"
    form["allocated_on"] = "2026-02-02"
    before = _state()
    assert "选择一个有效的选项" in form.submit(status=200).text
    assert _state() == before

    town = web("township_a").get(reverse("funds:allocation_pass_down", args=[money.to_a.pk]))
    offered = _offered(form_with(town, "organization"))
    assert offered == {tree.village_a.pk, tree.sub_a.pk}
    assert stopped.dissolved.pk not in offered and stopped.inactive_below_a.pk not in offered


# Spending ----------------------------------------------------------------------------


def test_a_voucher_uploaded_with_spending_is_kept_and_downloads_with_the_same_bytes(web, money):
    village = web("branch")
    page = village.get(reverse("funds:expenditure_create", args=[money.to_village.pk]))
    form = form_with(page, "amount")
    form["amount"] = "1500.00"
    form["use"] = "condolence"
    form["beneficiaries"] = "慰问一线党员 2 人"
    form["beneficiary_count"] = "2"
    form["payee"] = "本人"
    form["voucher"] = Upload("慰问签收表.pdf", PDF, "application/pdf")
    page = form.submit().follow()

    assert "已记录支出" in page.text
    entry = Expenditure.objects.get(allocation=money.to_village)
    assert entry.voucher_name == "慰问签收表.pdf"
    download = village.get(reverse("funds:voucher_download", args=[entry.pk]))
    assert download.body == PDF


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "0"}, "金额必须大于零"),
        ({"amount": "-3"}, "金额必须大于零"),
        ({"amount": "-¥3.00"}, "金额必须大于零"),
        ({"amount": "12.345"}, "金额以元为单位，最多两位小数"),
        ({"amount": "十元"}, INVALID),
        ({"amount": ""}, "请填写金额"),
        ({"amount": "5,000.01"}, "余额只有 ¥5,000.00，不能支出 ¥5,000.01"),
        ({"spent_on": TOMORROW.isoformat()}, "支出日期不能晚于今天"),
        ({"spent_on": "2026-01-29"}, "支出日期不能早于 2026-01-30"),
        ({"payee": ""}, "这个字段是必填项"),
    ],
    ids=[
        "zero",
        "negative",
        "negative_as_shown",
        "cents_of_cents",
        "words",
        "empty",
        "beyond_the_balance",
        "future",
        "before_the_allocation",
        "no_payee",
    ],
)
def test_bad_spending_is_explained_on_the_page_and_nothing_saved(web, money, fields, message):
    page = web("branch").get(reverse("funds:expenditure_create", args=[money.to_village.pk]))
    form = _spending_form(page, **fields)
    before = _state()
    page = form.submit(status=200)
    assert message in page.text
    assert _state() == before


def test_only_the_batchs_uses_are_offered(web, money):
    page = web("branch").get(reverse("funds:expenditure_create", args=[money.to_village.pk]))
    form = form_with(page, "use")
    assert {value for value, _s, _t in form["use"].options} == set(money.batch.use_list)
    with pytest.raises(ValueError):
        form["use"] = "banquet"


def test_a_voucher_that_is_not_a_picture_or_pdf_is_refused(web, money):
    page = web("branch").get(reverse("funds:expenditure_create", args=[money.to_village.pk]))
    form = _spending_form(page)
    form["voucher"] = Upload("票据.png", b"MZ\x90\x00", "image/png")
    before = _state()
    page = form.submit(status=200)
    assert "不是 JPEG、PNG 图片或 PDF" in page.text
    assert _state() == before


# Amounts as a clerk types them -------------------------------------------------------

TYPED = [
    ("1,234.50", "1234.50"),
    ("¥1,234.50", "1234.50"),
    ("￥1,234.50", "1234.50"),
    ("¥ 300", "300.00"),
    ("300元", "300.00"),
    ("300 元", "300.00"),
    ("  1234.5  ", "1234.50"),
    ("\u30001234\u3000", "1234.00"),
    ("１２３４．５", "1234.50"),
    ("１，２３４．５０", "1234.50"),
    ("0.01", "0.01"),
    ("4,999.99", "4999.99"),
    ("05", "5.00"),
]
NOT_MONEY = [
    "1e3",
    "1E-2",
    "1_000",
    "+3",
    ".5",
    "4.",
    "١٢٣",
    "१२३",
    "12,34",
    "1,2345",
    "1,234,5",
    ",123",
    "1 000",
    "1.2.3",
    "¥",
    "元",
    "3元5",
    "NaN",
    "Infinity",
    "0x10",
    "²",
    "12\x00",
]


@pytest.mark.parametrize(("typed", "stored"), TYPED)
def test_an_amount_is_read_as_a_clerk_types_it(web, money, typed, stored):
    page = web("branch").get(reverse("funds:expenditure_create", args=[money.to_village.pk]))
    _spending_form(page, amount=typed).submit().follow()
    entry = Expenditure.objects.get()
    assert entry.amount == Decimal(stored)
    assert Allocation.objects.get(pk=money.to_village.pk).spent == Decimal(stored)


@pytest.mark.parametrize("typed", NOT_MONEY)
def test_what_is_not_an_amount_is_refused_with_one_message(web, money, typed):
    page = web("branch").get(reverse("funds:expenditure_create", args=[money.to_village.pk]))
    before = _state()
    page = _spending_form(page, amount=typed).submit(status=200)
    errors = page.html.select("[id^=error_][id$=_id_amount]")
    assert [error.get_text(strip=True) for error in errors] == [INVALID]
    assert _state() == before


def test_cents_of_cents_are_refused_as_too_many_decimals_not_as_zero(web, money):
    page = web("branch").get(reverse("funds:expenditure_create", args=[money.to_village.pk]))
    before = _state()
    page = _spending_form(page, amount="0.005").submit(status=200)
    assert "金额以元为单位，最多两位小数。" in page.text
    assert "金额必须大于零" not in page.text
    assert _state() == before


MONEY_FORMS = [
    ("appropriation", "county_staff", lambda m: reverse("funds:appropriation_create")),
    ("allocation", "county_staff", lambda m: reverse("funds:allocation_create", args=[m.batch.pk])),
    ("pass_down", "township_a", lambda m: reverse("funds:allocation_pass_down", args=[m.to_a.pk])),
    ("spending", "branch", lambda m: reverse("funds:expenditure_create", args=[m.to_village.pk])),
]


@pytest.mark.parametrize(("name", "persona", "url"), MONEY_FORMS, ids=[f[0] for f in MONEY_FORMS])
def test_every_money_form_takes_the_apps_own_display_format(web, money, tree, name, persona, url):
    """A number box would throw "1,234.50" away in the browser: every amount is a text box
    that the phone opens with its decimal keypad, and the form declares multipart exactly
    when it has a file to send."""
    page = web(persona).get(url(money))
    amount = page.html.select_one("input[name=amount]")
    assert (amount["type"], amount["inputmode"]) == ("text", "decimal")
    if name == "spending":
        form = _spending_form(page, amount="1,234.50")
    else:
        form = form_with(page, "amount")
        form["amount"] = "1,234.50"
    if name == "appropriation":
        form["document_number"] = "丰组〔2026〕14号"
    if name in ("allocation", "pass_down"):
        form.pick("organization", tree.organ if name == "allocation" else tree.sub_a)
    assert (form.enctype == "multipart/form-data") == (name == "spending")
    model = (
        Expenditure
        if name == "spending"
        else Appropriation
        if name == "appropriation"
        else Allocation
    )
    known = set(model.objects.values_list("pk", flat=True))
    form.submit().follow()
    [new] = model.objects.exclude(pk__in=known).values_list("amount", flat=True)
    assert new == Decimal("1234.50")


# Reversal ----------------------------------------------------------------------------


def test_a_reversal_from_its_page_takes_the_money_back(web, money, entry, personas):
    """Requested by the branch secretary, approved by the township secretary on a page that
    names the entry, its amount, organization and requester; only then written."""
    url = reverse("funds:allocation_detail", args=[money.to_village.pk])
    page = web("branch").get(url)
    page = click(page, reverse("funds:expenditure_reverse", args=[entry.pk]))
    form = form_with(page, "reason")
    assert form["reversed_on"].value == TODAY.isoformat()
    form["reason"] = "金额录错"
    page = form.submit().follow()
    assert "须他人审批后冲销" in page.text
    assert "冲销待审批" in page.html.select_one(f"#entry-{entry.pk}").text
    assert not Expenditure.objects.filter(reverses=entry).exists()
    request = ReversalRequest.objects.get(entry=entry)
    approve = reverse("funds:reversal_request_approve", args=[request.pk])
    assert not page.html.select(f'a[href="{approve}"]')  # not for the one who asked

    page = click(web("township_a").get(url), approve)
    details = " ".join(page.html.select_one("#details").text.split())
    for shown in ("甲村党支部", "¥500.00", "慰问一线党员：张伟、李娜", "金额录错", "张同志"):
        assert shown in details
    assert "-¥500.00" in page.html.select_one("#consequence").text
    page = page.forms["confirm"].submit().follow()

    assert "已冲销" in page.text
    reversal = Expenditure.objects.get(reverses=entry)
    assert (reversal.amount, reversal.spent_on, reversal.reason) == (
        Decimal("-500.00"),
        TODAY,
        "金额录错",
    )
    assert reversal.recorded_by == personas.branch
    assert Allocation.objects.get(pk=money.to_village.pk).spent == Decimal("0.00")


@pytest.mark.parametrize(
    ("reversed_on", "message"),
    [(TOMORROW, "冲销日期不能晚于今天"), (D(2026, 2, 1), "冲销日期不能早于 2026-02-02")],
    ids=["future", "before_the_spending"],
)
def test_a_reversal_is_dated_like_spending(web, money, entry, reversed_on, message):
    page = web("branch").get(reverse("funds:expenditure_reverse", args=[entry.pk]))
    form = form_with(page, "reason")
    form["reason"] = "录错"
    form["reversed_on"] = reversed_on.isoformat()
    before = _state()
    page = form.submit(status=200)
    assert message in page.text
    assert _state() == before


# 公示 ---------------------------------------------------------------------------------


def test_the_notice_masks_people_not_things_and_counts_in_their_units(
    web, money, entry, personas, tree
):
    """The issue saw "测** 10 把" beside a count of 1734: things are shown as written and
    counted as the items state; a reversal takes its count back with its amount."""
    for use, text, count in [
        ("supplies", "测温枪 10 把", 1734),
        ("supplies", "N95口罩 2000 只；消毒液 2.5升", 0),
        ("supplies", "防控宣传用品", 30),
        ("hardship", "补助患病困难党员 王芳", 1),
    ]:
        expenditure_record(
            user=personas.branch,
            allocation=money.to_village,
            amount=Decimal("100.00"),
            spent_on=D(2026, 2, 3),
            use=use,
            beneficiaries=text,
            beneficiary_count=count,
            payee="丰源县康泰大药房",
        )
    request = reversal_request(
        user=personas.branch, entry=entry, reason="重复登记", reversed_on=D(2026, 2, 4)
    )
    reversal_approve(user=personas.township_a, request=request)
    page = web("branch").get(reverse("funds:allocation_detail", args=[money.to_village.pk]))
    page = click(page, reverse("funds:notice_print", args=[tree.village_a.pk]))

    rows = [
        [" ".join(cell.get_text().split()) for cell in row.select("td")[2:5]]
        for row in page.html.select("tbody tr")
    ]
    assert rows == [
        ["慰问一线党员：张*、李*", "2 人", "¥500.00"],
        ["测温枪 10 把", "10 把", "¥100.00"],
        ["N95口罩 2000 只；消毒液 2.5升", "2000 只、2.5 升", "¥100.00"],
        ["防控宣传用品", "30", "¥100.00"],
        ["补助患病困难党员 王*", "1 人", "¥100.00"],
        ["慰问一线党员：张*、李* （冲销）", "-2 人", "-¥500.00"],
    ]
    assert "张伟" not in page.text and "王芳" not in page.text
    assert "¥400.00" in page.html.select_one("tfoot").text
