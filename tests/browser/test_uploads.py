"""Files travel with the form that carries them: a voucher with its spending, photos with a
status report, evidence with a front-line record — chosen in Chromium as a person chooses
them, then found in the database and downloaded: a PDF with the same bytes, a picture as the
same picture (images are encoded again on arrival, without their metadata)."""

from decimal import Decimal

from django.utils import timezone

from cadres.models import Cadre, FrontlineRecord
from funds.models import Allocation, Expenditure
from organizations.models import Organization
from reports.models import StatusReport
from tests.files import PDF, PNG, jpeg, picture_of

JPEG = jpeg(size=(16, 12), gps=True)


def _file(name, mime, data):
    return {"name": name, "mimeType": mime, "buffer": data}


def _download(page, path):
    response = page.request.get(f"{page.base}{path}")
    assert response.status == 200
    return response.body()


def test_a_voucher_chosen_with_the_spending_is_stored_and_downloads_unchanged(open_page):
    page = open_page("town01", 390, 844)
    township = Organization.objects.get(staff__username="town01")
    allocation = Allocation.objects.filter(
        organization=township, appropriation__allowed_uses__contains="supplies"
    ).first()
    before = set(Expenditure.objects.filter(allocation=allocation).values_list("pk", flat=True))

    page.goto(f"{page.base}/funds/allocations/{allocation.pk}/spend/")
    page.fill("input[name=amount]", "66.60")
    page.select_option("select[name=use]", "supplies")
    page.fill("input[name=beneficiaries]", "额温枪 1 把")
    page.fill("input[name=payee]", "县康泰大药房")
    page.set_input_files("input[name=voucher]", _file("发票.pdf", "application/pdf", PDF))
    page.click("button:has-text('保存')")
    page.wait_for_url(f"**/funds/allocations/{allocation.pk}/")

    entry = Expenditure.objects.exclude(pk__in=before).get(allocation=allocation)
    assert entry.amount == Decimal("66.60")
    assert entry.voucher_name == "发票.pdf" and entry.voucher_type == "application/pdf"
    assert _download(page, f"/funds/expenditures/{entry.pk}/voucher/") == PDF


def test_photos_chosen_with_a_status_report_are_attached(open_page):
    page = open_page("town02", 390, 844)
    township = Organization.objects.get(staff__username="town02")
    page.goto(f"{page.base}/reports/file/")
    page.fill("textarea[name=highlights]", "卡点党员先锋岗 24 小时值守")
    page.set_input_files(
        "input[name=photos]",
        [_file("卡点.png", "image/png", PNG), _file("值守.jpg", "image/jpeg", JPEG)],
    )
    page.click("button:has-text('报送')")
    page.wait_for_url("**/reports/*/")

    today = timezone.localdate()
    report = StatusReport.objects.get(
        organization=township, period_start__lte=today, period_end__gte=today
    )
    photos = {photo.original_name: photo for photo in report.photos.all()}
    assert set(photos) == {"卡点.png", "值守.jpg"}
    assert picture_of(_download(page, f"/reports/photos/{photos['卡点.png'].pk}/")) == (
        picture_of(PNG)
    )
    served = _download(page, f"/reports/photos/{photos['值守.jpg'].pk}/")
    assert picture_of(served)[:2] == ("JPEG", (16, 12))


def test_evidence_chosen_with_a_front_line_record_is_saved_with_it(open_page):
    page = open_page("county")
    cadre = Cadre.objects.filter(township__isnull=False).order_by("-pk").first()
    before = set(FrontlineRecord.objects.filter(cadre=cadre).values_list("pk", flat=True))

    page.goto(f"{page.base}/cadres/records/new/")
    page.fill("#subject-q", cadre.name)
    page.wait_for_function(
        "value => document.querySelector('select[name=subject]').value === value",
        arg=f"c{cadre.pk}",
    )
    page.check("input[name=polarity][value=outstanding]")
    page.check("input[name=dimensions][value=commitment]")
    page.fill("textarea[name=description]", "连续三昼夜坚守集中隔离点")
    page.fill("input[name=place]", "集中隔离点")
    page.set_input_files("input[name=evidence]", _file("现场照片.png", "image/png", PNG))
    page.click("button:has-text('保存记录')")
    page.wait_for_url("**/cadres/records/*/")

    record = FrontlineRecord.objects.exclude(pk__in=before).get(cadre=cadre)
    assert record.description == "连续三昼夜坚守集中隔离点"
    evidence = record.evidence.get()
    assert picture_of(_download(page, f"/cadres/evidence/{evidence.pk}/")) == picture_of(PNG)
