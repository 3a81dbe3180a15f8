"""Uploaded files are accepted by what they contain, not by what they are called.

The first bytes only say what a file claims to be. An image is then decoded and saved
again, so what is kept is a picture and nothing else: no HTML behind a JPEG header, and no
EXIF (phones write the GPS position of a checkpoint into its photo). A PDF cannot be
cleaned that way, so it is read through and refused if anything in it could run or open
something; it is kept byte for byte otherwise, and always served as a download.
"""

import io
import os
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# The first bytes of each accepted kind of file.
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}
# The extensions a kept file may have; the first is given to a file misnamed.
EXTENSIONS = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/pdf": (".pdf",),
}
# The Pillow decoder for each image type (a phone's MPO, several pictures in one JPEG, opens
# through the JPEG one).
IMAGE_FORMATS = {"image/jpeg": ("JPEG",), "image/png": ("PNG",)}
# A phone's largest photos are about 50 megapixels; a decompression bomb is far more.
MAX_PIXELS = 60_000_000
JPEG_QUALITY = 88
KEPT_INFO = ("icc_profile", "transparency")
NAME_LENGTH = 200  # as the models keep it
# Names in a PDF that run a script, act by themselves, open another program or file, or
# send data away. Found as a key or a value anywhere in the file.
ACTIVE_PDF_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/AA",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
    }
)

# The same names, spelled out in the bytes of the file: a second look that needs no parser,
# for a file whose damage makes pypdf and a PDF viewer read it differently. Only names too
# long to occur by chance in compressed data; `#xx` escapes are undone first.
ACTIVE_PDF_BYTES = re.compile(
    rb"/(JavaScript|Launch|EmbeddedFiles?|RichMedia|SubmitForm|ImportData)(?![^\s\x00/\[\]<>(){}%])"
)
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class CheckedUpload:
    """What to keep of an upload: `file` (named as uploaded, extension fixed) and its type."""

    file: ContentFile
    content_type: str

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def size(self) -> int:
        return self.file.size


def sniff_content_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def check_upload(upload, *, max_bytes: int | None = None) -> CheckedUpload:
    """Return what to keep of an upload, or refuse it with a Chinese message."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("文件“%(name)s”超过 %(limit)s MB。")
            % {"name": upload.name, "limit": max_bytes // (1024 * 1024)}
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _("文件“%(name)s”不是 JPEG、PNG 图片或 PDF 文件。") % {"name": upload.name}
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if content_type == "application/pdf":
        _check_pdf(content, upload.name)
    else:
        content = _clean_image(content, content_type, upload.name)
    return CheckedUpload(ContentFile(content, name=_named(upload.name, content_type)), content_type)


def _named(name: str, content_type: str) -> str:
    """The uploaded name, with the extension of what the file really is."""
    stem, extension = os.path.splitext(name)
    allowed = EXTENSIONS[content_type]
    if extension.lower() not in allowed:
        stem, extension = name, allowed[0]
    return stem[: NAME_LENGTH - len(extension)] + extension


def _clean_image(content: bytes, content_type: str, name: str) -> bytes:
    """The picture alone, decoded and encoded again: no metadata, nothing appended."""
    formats = IMAGE_FORMATS[content_type]
    try:
        with Image.open(io.BytesIO(content), formats=formats) as image:
            _check_pixels(image, name)
            image.verify()
        with Image.open(io.BytesIO(content), formats=formats) as image:
            ImageOps.exif_transpose(image, in_place=True)  # shown as the phone was held
            return _encoded(image, content_type)
    except Image.DecompressionBombError:
        _refuse_pixels(name)
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("文件“%(name)s”不是完整的图片，无法打开。请重新拍照或导出后上传。") % {"name": name}
        ) from error


def _encoded(image, content_type: str) -> bytes:
    # Colour and transparency are part of the picture; everything else in `info` goes.
    kept = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    image.info = {}
    output = io.BytesIO()
    if content_type == "image/jpeg":
        if image.mode not in ("L", "RGB", "CMYK"):
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=JPEG_QUALITY, **kept)
    else:
        image.save(output, "PNG", **kept)
    return output.getvalue()


def _check_pixels(image, name: str) -> None:
    if image.width * image.height > MAX_PIXELS:
        _refuse_pixels(name)


def _refuse_pixels(name: str):
    raise ValidationError(
        _("图片“%(name)s”的像素过多（超过 %(limit)s 万像素），请缩小后上传。")
        % {"name": name, "limit": MAX_PIXELS // 10_000}
    )


def _check_pdf(content: bytes, name: str) -> None:
    """Refuse a PDF that is unreadable, encrypted, or able to run or open anything."""
    try:
        problem = _pdf_problem(content)
    # A hostile file can break the parser in many ways; each means "not a PDF we can read".
    except Exception as error:
        raise ValidationError(
            _("文件“%(name)s”无法作为 PDF 读取，可能已损坏。请重新导出或扫描后上传。")
            % {"name": name}
        ) from error
    if problem:
        raise ValidationError(problem % {"name": name})


def _pdf_problem(content: bytes) -> str | None:
    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        return _("文件“%(name)s”设有密码或加密，不能上传。请去除密码后重新上传。")
    if _has_active_content(reader) or _spells_active_name(content):
        return _(
            "文件“%(name)s”含有脚本、自动动作或内嵌文件，不能上传。"
            "请打印后重新扫描，或另存为普通 PDF。"
        )
    if not reader.pages:
        return _("文件“%(name)s”没有任何页面。")
    return None


def _has_active_content(reader: PdfReader) -> bool:
    """Whether any object of the file, reachable or not, names an active feature.

    Every indirect object listed by the cross-reference tables, object streams included,
    and everything reachable from the trailer, each looked into down to its last value.
    pypdf has already read `/J#61vaScript` as `/JavaScript`.
    """
    pending = [reader.trailer]
    pending += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    pending += [
        IndirectObject(number, generation, reader)
        for generation, numbers in reader.xref.items()
        for number in numbers
    ]
    seen = set()
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, NameObject) and item in ACTIVE_PDF_NAMES:
            return True
        if isinstance(item, DictionaryObject):
            if ACTIVE_PDF_NAMES.intersection(item.keys()) or _acts_on_open(item):
                return True
            pending += item.values()
        elif isinstance(item, ArrayObject):
            pending += item
    return False


def _spells_active_name(content: bytes) -> bool:
    unescaped = NAME_ESCAPE.sub(lambda escape: bytes.fromhex(escape[1].decode()), content)
    return ACTIVE_PDF_BYTES.search(unescaped) is not None


def _acts_on_open(dictionary: DictionaryObject) -> bool:
    """An /OpenAction may show a page (a destination or /GoTo), and do nothing else."""
    if "/OpenAction" not in dictionary:
        return False
    action = dictionary["/OpenAction"].get_object()
    return isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo"


def upload_response(file, *, content_type: str, filename: str) -> FileResponse:
    """Serve a kept upload: a PDF always as a download, an image (re-encoded) shown.

    Neither may run anything in the browser, whatever a viewer makes of it.
    """
    response = FileResponse(
        file.open("rb"),
        content_type=content_type,
        as_attachment=not content_type.startswith("image/"),
        filename=filename,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
