"""Uploaded files are accepted by what they contain, not by what they are called."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The first bytes of each accepted kind of file.
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


def sniff_content_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def check_upload(upload, *, max_bytes: int | None = None) -> str:
    """Return the file's real type, or refuse it with a Chinese message."""
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
    return content_type
