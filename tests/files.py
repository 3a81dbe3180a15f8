"""Real, tiny files to upload: images Pillow can decode and PDFs pypdf can read.

Uploads are decoded on arrival (organizations/uploads.py), so a test file must be the real
thing; a few magic bytes followed by filler are refused, as they should be.
"""

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

# EXIF tags: the GPS block, and in it the latitude (what a phone writes into a photo).
GPS_IFD = 0x8825
GPS_LATITUDE_REF, GPS_LATITUDE = 1, 2
ORIENTATION = 0x0112


def image(
    kind: str = "png", *, size=(8, 6), color=(200, 30, 30), gps: bool = False, turned: bool = False
) -> bytes:
    """A small picture as "png" or "jpeg" bytes; in its EXIF, if asked, a GPS position, or
    the orientation of a phone held upright (the pixels lie on their side)."""
    picture = Image.new("RGB", size, color)
    exif = Image.Exif()
    if turned:
        exif[ORIENTATION] = 6  # show turned 90° clockwise
    if gps:
        exif[0x010F] = "Phone Maker"  # Make
        exif.get_ifd(GPS_IFD).update({GPS_LATITUDE_REF: "N", GPS_LATITUDE: (34.0, 45.0, 30.0)})
    output = io.BytesIO()
    picture.save(output, kind.upper(), exif=exif)
    return output.getvalue()


def picture_of(content: bytes) -> tuple:
    """What a picture shows (format, size, pixels), whatever bytes encode it."""
    with Image.open(io.BytesIO(content)) as picture:
        return picture.format, picture.size, picture.tobytes()


def png(**options) -> bytes:
    return image("png", **options)


def jpeg(**options) -> bytes:
    return image("jpeg", **options)


def pdf(
    *,
    pages: int = 1,
    javascript: str | None = None,
    data: bytes | None = None,
    attachment: bytes | None = None,
    password: str | None = None,
) -> bytes:
    """A PDF of blank A4 pages. With `javascript`, run when the document opens; `data`, bytes
    kept in a stream of their own (no viewer reads it); `attachment`, an embedded file;
    `password`, encrypted with it as the owner's password (anyone may open it)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if attachment is not None:
        writer.add_attachment("附件.exe", attachment)
    if javascript is not None:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if data is not None:
        stream = DecodedStreamObject()
        stream.set_data(data)
        writer._root_object[NameObject("/TestData")] = writer._add_object(stream)
    if password is not None:
        writer.encrypt(user_password="", owner_password=password)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_object_stream(action: bytes, *, key: bytes = b"/OpenAction") -> bytes:
    """A one-page PDF that runs `action` on opening (or whatever its catalog's `key` says),
    the action hidden in a compressed object stream, as an attacker would write it.
    """
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def stream(dictionary: bytes, data: bytes) -> bytes:
        return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)

    add(1, b"<< /Type /Catalog /Pages 2 0 R %s 5 0 R >>" % key)
    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    header = b"5 0 "
    packed = zlib.compress(header + action)
    add(4, stream(b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(header), packed))
    offsets[6] = len(out)
    rows = (
        [(0, 0, 65535)]
        + [(1, offsets[n], 0) for n in (1, 2, 3, 4)]
        + [(2, 4, 0), (1, offsets[6], 0)]
    )
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    add(6, stream(b"/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R", table))
    out.extend(b"startxref\n%d\n%%%%EOF\n" % offsets[6])
    return bytes(out)


# A JavaScript action, its names spelled with `#xx` escapes (/J#61vaScript is /JavaScript).
HIDDEN_SCRIPT = b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
# A JPEG's first bytes, then a web page: what a first-bytes check took for a photo.
JPEG_THEN_HTML = b"\xff\xd8\xff\xe0<html><script>alert(document.cookie)</script></html>"

# The files most tests upload: one of each kind, built once.
PNG = png()
JPEG = jpeg()
PDF = pdf()
