"""A spreadsheet cannot take a worker down (issue #15, item 9).

A 14 KB file held 200,000 one-cell rows and ran until gunicorn killed the worker; a 190 KB
one unpacked to 3 million rows. An import now takes at most `IMPORT_MAX_ROWS` rows below the
header and files that unpack to at most `IMPORT_MAX_UNCOMPRESSED_BYTES`, measured before
the file is opened; anything more is refused with a message and writes nothing, quickly.
"""

import io
import time
import zipfile

import pytest
from django.urls import reverse

from members.models import Member
from tests.test_imports import HEADERS, confirm, dry_run, good_row, rows_for, workbook

MEMBERS = reverse("members:member_import")
SHEET = "xl/worksheets/sheet1.xml"
QUICK = 10  # seconds: the files below took minutes, or a worker, before


def with_sheet_data(rows_xml) -> bytes:
    """The system's own workbook with its sheet's rows replaced by `rows_xml` (bytes
    chunks), written compressed as a spreadsheet program would."""
    template = zipfile.ZipFile(io.BytesIO(workbook([])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in template.infolist():
            if part.filename != SHEET:
                archive.writestr(part, template.read(part.filename))
                continue
            with archive.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                    b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                for chunk in rows_xml:
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def header_row() -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADERS)
    return f'<row r="1">{cells}</row>'.encode()


def one_cell_rows(count: int, first: int = 2):
    for start in range(first, first + count, 10_000):
        stop = min(start + 10_000, first + count)
        yield "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(start, stop))


def refused(page, text):
    assert page.status_code == 200 and text in page.text
    assert "results" not in page.context or page.context["results"] is None
    assert not Member.objects.exists()


def test_a_file_over_the_row_limit_is_refused_and_one_at_the_limit_imports(web, tree, settings):
    settings.IMPORT_MAX_ROWS = 20
    browser = web("township_a")
    page = dry_run(browser, MEMBERS, workbook(rows_for(21)))
    refused(page, "文件超过 20 行")
    assert "请分批导入" in page.text
    page = dry_run(browser, MEMBERS, workbook(rows_for(20)))
    assert page.context["created"] == 20 and page.context["failed"] == 0
    confirm(page).follow()
    assert Member.objects.count() == 20


def test_blank_rows_past_the_limit_are_not_read_on_and_on(web, tree, settings):
    """A cell far below the data makes openpyxl hand over every empty row above it."""
    settings.IMPORT_MAX_ROWS = 20
    rows = [*rows_for(3), *[[None] * len(HEADERS)] * 1000, good_row()]
    page = dry_run(web("township_a"), MEMBERS, workbook(rows))
    refused(page, "文件超过 20 行")


def test_200000_one_cell_rows_in_a_small_file_are_refused_quickly(web, tree):
    content = with_sheet_data([header_row(), *(c.encode() for c in one_cell_rows(200_000))])
    assert len(content) < 1024 * 1024
    started = time.monotonic()
    page = dry_run(web("township_a"), MEMBERS, content)
    assert time.monotonic() - started < QUICK
    refused(page, "文件超过 5000 行")


def test_a_file_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_read(
    web, tree, settings
):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    row = good_row()
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in row)
    repeated = (f"<row>{cells}</row>" * 1000).encode()
    content = with_sheet_data([header_row(), *[repeated] * 40])  # 16 MB of rows
    assert len(content) < 200 * 1024
    started = time.monotonic()
    page = dry_run(web("township_a"), MEMBERS, content)
    assert time.monotonic() - started < QUICK
    refused(page, "文件解压后超过 1.0")


@pytest.mark.parametrize("width", [20_000, 400_000])
def test_a_row_wider_than_any_workbook_is_refused_before_it_is_read(web, tree, width):
    """One row of a few hundred thousand cells held the whole row in memory at once."""
    cells = b"<c><v>1</v></c>" * width
    content = with_sheet_data([header_row(), b'<row r="2">', cells, b"</row>"])
    started = time.monotonic()
    page = dry_run(web("township_a"), MEMBERS, content)
    assert time.monotonic() - started < QUICK
    refused(page, "列或单元格太多")
