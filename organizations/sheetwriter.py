"""A one-sheet .xlsx written as a stream of XML rows: what every list export needs, and no
more (issue #17 §1: the member register had to go out at ≥ 20,000 rows a second).

openpyxl, even write-only, builds an object per cell and serializes it through an XML
library, about 5,000 register rows a second here; XlsxWriter about twice that. This writes
each row as one string into a deflated zip member, with the few parts a workbook needs
(Office Open XML, ECMA-376 Part 1: content types, relationships, workbook, styles, sheet).

Cells: text is inline text (`t="inlineStr"`), never a formula, and text that Excel or
LibreOffice would take for one when edited gets the quote prefix style, as Excel's '
does; numbers and money are numbers; dates and times are serial days with a date format.
Characters XML 1.0 cannot hold (control characters) are left out of text.
"""

import datetime
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
EPOCH = datetime.datetime(1899, 12, 30)
ROWS_PER_WRITE = 500

# Styles (cellXfs), by position: plain, date, date and time, text with the quote prefix.
DATE, DATETIME, QUOTED = 1, 2, 3

OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
CONTENT_TYPES = (
    f"{HEAD}"
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    f"{HEAD}"
    f'<Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    f"{HEAD}"
    f'<Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    f"{HEAD}"
    f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
# Not allowed in XML 1.0 (tab, line feed and carriage return are).
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A sheet's name may not hold these, nor be longer than 31 characters.
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _columns(count: int) -> list[str]:
    """A, B, …, Z, AA, … for the first `count` columns."""
    letters = []
    for number in range(1, count + 1):
        name = ""
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _text(reference: str, value: str, quote_starts: tuple[str, ...]) -> str:
    style = f' s="{QUOTED}"' if value.startswith(quote_starts) else ""
    text = escape(UNWRITABLE.sub("", value))
    return (
        f'<c r="{reference}" t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>'
    )


def _cell(reference: str, value, quote_starts) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _text(reference, value, quote_starts)
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        serial = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        return f'<c r="{reference}" s="{DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        serial = (value - EPOCH.date()).days
        return f'<c r="{reference}" s="{DATE}"><v>{serial}</v></c>'
    return _text(reference, str(value), quote_starts)


def write(handle, title: str, rows, *, quote_starts: tuple[str, ...] = ()) -> int:
    """Write the lists of values in `rows` (the first one the header) as one sheet named
    `title` to the binary file `handle`; text starting with one of `quote_starts` gets the
    quote prefix. `rows` may be any iterable, consumed once. Returns the rows written."""
    name = escape(NOT_IN_SHEET_NAMES.sub("", title)[:31] or "Sheet1", {'"': "&quot;"})
    written = 0
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr(
            "xl/workbook.xml",
            f"{HEAD}"
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/styles.xml", STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            letters: list[str] = []
            chunk = []
            for number, values in enumerate(rows, start=1):
                if len(values) > len(letters):
                    letters = _columns(len(values))
                cells = "".join(
                    _cell(f"{letter}{number}", value, quote_starts)
                    for letter, value in zip(letters, values, strict=False)
                )
                chunk.append(f'<row r="{number}">{cells}</row>')
                written = number
                if len(chunk) >= ROWS_PER_WRITE:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return written
