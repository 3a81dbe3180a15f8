"""Upload → dry run (row by row, nothing written) → confirm (all or nothing)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from .viewmixins import WriteAccessMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "imports"


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ImportView(WriteAccessMixin, View):
    importer_class = None
    list_url = ""
    url_prefix = ""  # e.g. "members:member_import" → …_template, …_errors

    def render_page(self, request, **context):
        importer = self.importer_class(request.user)
        return render(
            request,
            "imports/import.html",
            {
                "title": importer.title,
                "columns": importer.columns,
                "url_prefix": self.url_prefix,
                **context,
            },
        )

    def get(self, request):
        return self.render_page(request)

    def post(self, request):
        importer = self.importer_class(request.user)
        token = request.POST.get("token", "")
        stored = request.session.get(SESSION_KEY, {})
        if token:
            path = stored.get(token)
            if path is None:
                raise Http404
        else:
            upload = request.FILES.get("file")
            if upload is None or not upload.name.lower().endswith(".xlsx"):
                return self.render_page(
                    request, error=_("请选择系统模板格式的 Excel 文件（.xlsx）。")
                )
            if upload.size > settings.UPLOAD_MAX_BYTES * 4:
                return self.render_page(request, error=_("文件过大。"))
            token = uuid.uuid4().hex
            path = str(_folder() / f"{token}.xlsx")
            with open(path, "wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            stored[token] = path
            request.session[SESSION_KEY] = stored
        confirm = request.POST.get("action") == "confirm"
        try:
            with open(path, "rb") as source:
                results = importer.run(source, dry_run=not confirm)
        except ValidationError as error:
            return self.render_page(request, error=" ".join(error.messages))
        failed = [result for result in results if result.errors]
        if confirm and not failed:
            Path(path).unlink(missing_ok=True)
            stored.pop(token, None)
            request.session[SESSION_KEY] = stored
            messages.success(request, _("已导入 %(n)s 行。") % {"n": len(results)})
            return redirect(self.list_url)
        return self.render_page(
            request,
            results=results[:500],
            total=len(results),
            failed=len(failed),
            token=token,
            confirmed=confirm,
            created=sum(1 for r in results if r.action == "新增" and not r.errors),
            updated=sum(1 for r in results if r.action == "更新" and not r.errors),
        )


class ImportTemplateView(WriteAccessMixin, View):
    importer_class = None

    def get(self, request):
        importer = self.importer_class(request.user)
        response = HttpResponse(importer.template(), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename=template.xlsx"
        return response


class ImportErrorsView(WriteAccessMixin, View):
    """The rows with errors of the last dry run, with a column saying why."""

    importer_class = None

    def get(self, request, token):
        path = request.session.get(SESSION_KEY, {}).get(token)
        if path is None or not Path(path).exists():
            raise Http404
        importer = self.importer_class(request.user)
        with open(path, "rb") as source:
            results = importer.run(source, dry_run=True)
        response = HttpResponse(importer.error_workbook(results), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename=errors.xlsx"
        return response


def import_urls(prefix: str, name: str, importer_class, list_url: str):
    """The three URLs of one importer: page, template, error rows (`name` unqualified)."""
    return [
        path(
            f"{prefix}import/",
            ImportView.as_view(importer_class=importer_class, list_url=list_url, url_prefix=name),
            name=name,
        ),
        path(
            f"{prefix}import/template/",
            ImportTemplateView.as_view(importer_class=importer_class),
            name=f"{name}_template",
        ),
        path(
            f"{prefix}import/errors/<str:token>/",
            ImportErrorsView.as_view(importer_class=importer_class),
            name=f"{name}_errors",
        ),
    ]
