"""Every funds page and action for every persona; the issue's journey; query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funds.models import Allocation, Appropriation, Expenditure
from funds.services import expenditure_record

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
PDF = b"%PDF-1.4\n" + b"x" * 64
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


def test_the_money_from_county_to_village_and_back_again(client_as, tree):
    county = client_as("county_staff")
    county.post(
        reverse("funds:appropriation_create"),
        {
            "source": "higher",
            "document_number": "丰组〔2026〕11号",
            "issued_on": "2026-02-01",
            "amount": "50000.00",
            "allowed_uses": ["condolence", "supplies", "hardship"],
        },
    )
    batch = Appropriation.objects.get(document_number="丰组〔2026〕11号")
    county.post(
        reverse("funds:allocation_create", args=[batch.pk]),
        {
            "organization": tree.township_a.pk,
            "amount": "20000.00",
            "allocated_on": "2026-02-02",
        },
    )
    to_town = Allocation.objects.get(appropriation=batch, organization=tree.township_a)

    town = client_as("township_a")
    response = town.post(
        reverse("funds:allocation_pass_down", args=[to_town.pk]),
        {
            "organization": tree.village_a.pk,
            "amount": "6000.00",
            "allocated_on": "2026-02-03",
        },
    )
    assert response.status_code == 302
    to_village = Allocation.objects.get(parent=to_town)

    village = client_as("branch")
    spend_url = reverse("funds:expenditure_create", args=[to_village.pk])
    for amount in ("1500.00", "2000.00"):
        response = village.post(
            spend_url,
            {
                "amount": amount,
                "spent_on": "2026-02-05",
                "use": "condolence",
                "beneficiaries": "慰问一线党员：王强、赵敏",
                "beneficiary_count": "2",
                "payee": "本人",
                "voucher": SimpleUploadedFile("慰问签收表.pdf", PDF),
            },
        )
        assert response.status_code == 302
    wrong = Expenditure.objects.get(allocation=to_village, amount=Decimal("2000.00"))
    response = village.post(
        reverse("funds:expenditure_reverse", args=[wrong.pk]),
        {"reason": "重复登记", "reversed_on": TODAY.isoformat()},
    )
    assert response.status_code == 302

    batch.refresh_from_db()
    to_town.refresh_from_db()
    to_village.refresh_from_db()
    assert (batch.allocated, batch.unallocated) == (Decimal("20000.00"), Decimal("30000.00"))
    assert (to_town.passed_down, to_town.spent, to_town.balance) == (
        Decimal("6000.00"),
        Decimal("0.00"),
        Decimal("14000.00"),
    )
    assert (to_village.spent, to_village.balance) == (Decimal("1500.00"), Decimal("4500.00"))
    entries = list(to_village.entries.order_by("pk").values_list("amount", flat=True))
    assert entries == [Decimal("1500.00"), Decimal("2000.00"), Decimal("-2000.00")]

    response = village.post(
        spend_url,
        {
            "amount": "4500.01",
            "spent_on": "2026-02-06",
            "use": "supplies",
            "beneficiaries": "口罩",
            "beneficiary_count": "100",
            "payee": "药店",
        },
    )
    assert "余额只有 ¥4,500.00，不能支出 ¥4,500.01" in response.content.decode()
    assert Allocation.objects.get(pk=to_village.pk).spent == Decimal("1500.00")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "金额必须大于零"),
        ({"amount": "-3"}, "金额必须大于零"),
        ({"amount": "12.345"}, "金额以元为单位，最多两位小数"),
        ({"amount": "十元"}, "请填写金额数字"),
        ({"use": "banquet"}, "选择一个有效的选项"),
        ({"voucher": "exe"}, "不是 JPEG、PNG 图片或 PDF"),
        ({"spent_on": "2099-01-01"}, "支出日期不能晚于今天"),
    ],
)
def test_bad_spending_is_explained_and_nothing_saved(client_as, ledger, overrides, message):
    data = {
        "amount": "10",
        "spent_on": "2026-02-03",
        "use": "supplies",
        "beneficiaries": "口罩",
        "beneficiary_count": "1",
        "payee": "药店",
        **overrides,
    }
    if data.get("voucher") == "exe":
        data["voucher"] = SimpleUploadedFile("票据.png", b"MZ\x90\x00")
    before = _state()
    response = client_as("branch").post(
        reverse("funds:expenditure_create", args=[ledger.to_village.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _state() == before


def test_notice_masks_beneficiaries(client_as, ledger, tree):
    page = (
        client_as("branch")
        .get(reverse("funds:notice_print", args=[tree.village_a.pk]))
        .content.decode()
    )
    assert "张*、李*" in page and "张伟" not in page
    assert "¥500.00" in page


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
    def test_ledger_pages(self, client_as, ledger, personas, django_assert_max_num_queries, extra):
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
        ]
        for url in pages:
            with django_assert_max_num_queries(12):
                assert client.get(url).status_code == 200
