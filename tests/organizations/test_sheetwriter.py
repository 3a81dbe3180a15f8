"""The streaming .xlsx writer of the list exports (organizations/sheetwriter.py), read back
with openpyxl as a user's spreadsheet program would read it."""

import datetime
import io
from decimal import Decimal

import openpyxl

from organizations import sheetwriter
from organizations.exports import FORMULA_STARTS


def _read(rows, title="党员名册"):
    buffer = io.BytesIO()
    written = sheetwriter.write(buffer, title, rows, quote_starts=FORMULA_STARTS)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    return written, book.active


def test_values_keep_their_kind_and_text_stays_text():
    rows = [
        ["姓名", "金额", "日期", "时间", "人数", "在册"],
        [
            "王一 & <李>",
            Decimal("1234.50"),
            datetime.date(2020, 2, 1),
            datetime.datetime(2020, 2, 1, 8, 30),
            7,
            True,
        ],
        ['=HYPERLINK("http://x")', None, None, None, 0, False],
        ["-1+2", "", None, None, 1.5, None],
    ]
    written, sheet = _read(rows)
    assert written == 4 and sheet.title == "党员名册"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == rows[0]
    assert values[1] == [
        "王一 & <李>",
        1234.5,
        datetime.datetime(2020, 2, 1),
        datetime.datetime(2020, 2, 1, 8, 30),
        7,
        True,
    ]
    assert values[2][0] == '=HYPERLINK("http://x")' and values[2][1:4] == [None, None, None]
    assert values[3][:2] == ["-1+2", None] and values[3][4] == 1.5
    formula_like = [sheet["A3"], sheet["A4"]]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in formula_like)
    assert not sheet["A2"].quotePrefix
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm"


def test_characters_xml_cannot_hold_are_left_out_and_the_name_is_a_valid_sheet_name():
    _written, sheet = _read(
        [["a\x00b\x1fc\td"]], title="名册[2026]/第一批：全部*?很长很长很长很长很长很长很长很长"
    )
    assert sheet["A1"].value == "abc\td"
    # The ASCII [ ] / * ? go; a full-width colon is allowed; 31 characters at most.
    assert sheet.title == "名册2026第一批：全部很长很长很长很长很长很长很长很长"[:31]


def test_a_long_row_gets_columns_past_z():
    _written, sheet = _read([list(range(30))])
    assert sheet["Z1"].value == 25 and sheet["AD1"].value == 29
