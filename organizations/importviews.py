"""Upload → dry run (row by row, nothing written) → confirm (all or nothing).

A file of at most `IMPORT_INLINE_ROWS` rows is imported in the request (about a second) and
answered with the result page. A larger one becomes a job (`organizations.jobs`): the POST
answers at once with the job's page and its progress bar, and the job ends with a link to
the same result page. Either way the result is kept next to the uploaded file, under the
token the session holds, for the result page and the workbook of error rows: with ID
numbers masked, and only for `IMPORT_KEEP_MINUTES` (`imports.files`). The uploaded file is
deleted once confirmed, or once it cannot be used; a result or file no longer there is said
so on the page.
"""

import datetime
import json
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from .imports import HEADER_SEARCH_ROWS, RowResult, drain, files, limits
from .jobs import import_job_create
from .viewmixins import WriteAccessMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "imports"
SHOWN_ROWS = 500


def _gone() -> str:
    return _(
        "这次导入的文件或结果已不在（已确认导入，或已超过 %(minutes)s 分钟，"
        "或导入没有完成），请重新上传。"
    ) % {"minutes": settings.IMPORT_KEEP_MINUTES}


def _cell(value):
    """A cell as JSON keeps it: dates as 2020-01-31, anything unusual as text."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def counts(results: list[RowResult]) -> dict:
    """What the result page and a job's summary say of an import's rows."""
    fine = [r for r in results if not r.errors]
    return {
        "total": len(results),
        "failed": len(results) - len(fine),
        "created": sum(1 for r in fine if r.action == "新增"),
        "updated": sum(1 for r in fine if r.action == "更新"),
        "noted": sum(1 for r in fine if r.notes),
    }


def _outcome(request, token: str) -> dict | None:
    """The kept result of the session's import `token` (None once deleted); 404 for anyone
    else's."""
    upload_path = request.session.get(SESSION_KEY, {}).get(token)
    if upload_path is None:
        raise Http404
    try:
        outcome = json.loads(files.result_path(upload_path).read_text())
    except (FileNotFoundError, ValueError):  # purged, or never finished writing
        return None
    outcome["results"] = [
        RowResult(
            number=number,
            values=values,
            action=action,
            errors=[tuple(e) for e in errors],
            notes=[tuple(n) for n in (notes[0] if notes else [])],
        )
        for number, values, action, errors, *notes in outcome["results"]  # kept before notes
    ]
    return outcome


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ImporterAccessMixin(WriteAccessMixin):
    """Writers may import, and of them only the roles the importer names (cadres: the
    county), on the page, the template and the error rows alike."""

    importer_class = None

    def dispatch(self, request, *args, **kwargs):
        roles = self.importer_class.allowed_roles
        user = request.user
        if roles and user.is_authenticated and not (user.is_superuser or user.role in roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportView(ImporterAccessMixin, View):
    """Not one request-wide transaction: the import runs its own, also while streaming."""

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
                "inline_rows": settings.IMPORT_INLINE_ROWS,
                **context,
            },
        )

    def get(self, request):
        token = request.GET.get("result")
        if token:
            outcome = _outcome(request, token)
            if outcome is None:
                return self.render_page(request, error=_gone())
            return self.answer(request, token, outcome)
        return self.render_page(request)

    def post(self, request):
        token = request.POST.get("token", "")
        stored = request.session.get(SESSION_KEY, {})
        if token:
            upload_path = stored.get(token)
            if upload_path is None:
                raise Http404
            if not Path(upload_path).is_file():
                return self.render_page(request, error=_gone())
        else:
            upload = request.FILES.get("file")
            if upload is None or not upload.name.lower().endswith(".xlsx"):
                return self.render_page(
                    request, error=_("请选择系统模板格式的 Excel 文件（.xlsx）。")
                )
            if upload.size > settings.UPLOAD_MAX_BYTES * 4:
                return self.render_page(request, error=_("文件过大。"))
            files.purge_expired()
            token = uuid.uuid4().hex
            upload_path = self.upload_path(token)
            with open(upload_path, "wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            stored[token] = upload_path
            request.session[SESSION_KEY] = stored
        confirm = request.POST.get("action") == "confirm"
        # A file past the limits is refused at once by the import itself (`limits.check`).
        cap = HEADER_SEARCH_ROWS + settings.IMPORT_MAX_ROWS + 1
        rows = limits.count_rows(upload_path, cap=cap)
        if settings.IMPORT_INLINE_ROWS < rows < cap:
            job = import_job_create(
                user=request.user,
                title=self.importer_class(request.user).title,
                path=request.path,
                token=token,
                confirm=confirm,
                total=rows,
            )
            return redirect(job)
        steps = self.steps(request.user, upload_path, confirm=confirm)
        return self.answer(request, token, drain(steps))

    @staticmethod
    def upload_path(token: str) -> str:
        return str(files.folder() / f"{token}.xlsx")

    def steps(self, user, upload_path: str, *, confirm: bool):
        """Run the import, yielding its steps; keep and return its outcome (its ID numbers
        masked by the importer). The file is kept only for the confirm of a dry run."""
        importer = self.importer_class(user)
        outcome = {"confirmed": confirm, "error": "", "results": []}
        try:
            with open(upload_path, "rb") as source:
                results = yield from importer.steps(source, dry_run=not confirm)
        except FileNotFoundError:  # purged between the check and the opening
            outcome["error"] = _gone()
        except ValidationError as error:
            outcome["error"] = " ".join(error.messages)
        else:
            outcome["results"] = results
        if confirm or outcome["error"]:
            Path(upload_path).unlink(missing_ok=True)
        kept = {
            **outcome,
            "results": [
                [r.number, [_cell(v) for v in r.values], r.action, r.errors, r.notes]
                for r in outcome["results"]
            ],
        }
        files.result_path(upload_path).write_text(json.dumps(kept, ensure_ascii=False))
        return outcome

    def summary(self, outcome: dict, token: str) -> tuple[str, str]:
        """What a job that ran this import says of it, and the page it leads to: the result
        page, or after a confirmed import without errors the list (the result is then
        deleted, as the result page deletes it)."""
        if outcome["error"]:
            return outcome["error"], self.result_url(token)
        n = counts(outcome["results"])
        if outcome["confirmed"] and not n["failed"]:
            files.result_path(self.upload_path(token)).unlink(missing_ok=True)
            return _("已导入 %(total)s 行。") % n, resolve_url(self.list_url)
        said = _("共 %(total)s 行：新增 %(created)s，更新 %(updated)s，有错误 %(failed)s。") % n
        if outcome["confirmed"]:
            said = _("导入时发现错误，未写入任何数据。") + said
        return said, self.result_url(token)

    def result_url(self, token: str) -> str:
        return f"{self.request.path}?{urlencode({'result': token})}"

    def answer(self, request, token: str, outcome: dict):
        """The result page, or after a confirmed import without errors, the list."""
        if outcome["error"]:
            return self.render_page(request, error=outcome["error"])
        results = outcome["results"]  # the rows below the header that are not blank
        n = counts(results)
        if outcome["confirmed"] and not n["failed"]:
            stored = request.session.get(SESSION_KEY, {})
            upload_path = stored.pop(token, None)
            if upload_path:
                Path(upload_path).unlink(missing_ok=True)
                files.result_path(upload_path).unlink(missing_ok=True)
            request.session[SESSION_KEY] = stored
            messages.success(request, _("已导入 %(total)s 行。") % n)
            return redirect(self.list_url)
        return self.render_page(
            request,
            results=results[:SHOWN_ROWS],
            token=token,
            confirmed=outcome["confirmed"],
            **n,
        )


class ImportTemplateView(ImporterAccessMixin, View):
    importer_class = None

    def get(self, request):
        importer = self.importer_class(request.user)
        response = HttpResponse(importer.template(), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename=template.xlsx"
        return response


class ImportErrorsView(ImporterAccessMixin, View):
    """The rows with errors of the last run, with a column saying why; once the result is
    deleted, the import page says so."""

    importer_class = None
    page_name = ""  # the import page's URL name, unqualified

    def get(self, request, token):
        outcome = _outcome(request, token)
        if outcome is None:
            messages.error(request, _gone())
            return redirect(reverse(f"{request.resolver_match.namespace}:{self.page_name}"))
        importer = self.importer_class(request.user)
        response = HttpResponse(importer.error_workbook(outcome["results"]), content_type=XLSX)
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
            ImportErrorsView.as_view(importer_class=importer_class, page_name=name),
            name=f"{name}_errors",
        ),
    ]
