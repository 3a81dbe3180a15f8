"""The funds forms as their pages render them: filled and submitted the way a clerk does."""

from django.urls import reverse
from webtest import Upload

from funds.models import Expenditure
from tests.web import form_with

PDF = b"%PDF-1.4\n" + b"v" * 200


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
