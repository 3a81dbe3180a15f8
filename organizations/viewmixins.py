"""Pieces every app's views share: write access, scoped lists, forms handed to a service."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from . import autocomplete
from .choices import RevealReason
from .counting import EstimatingPaginator
from .exports import xlsx_response
from .jobs import export_job_create
from .models import PersonalDataReveal


def object_from_query_or_404(queryset, value: str):
    """The object a query-string id names (in `queryset`, the user's scope); anything but a
    plain number of sensible length is 404, never a 500."""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise Http404
    return get_object_or_404(queryset, pk=int(value))


class WriteAccessMixin:
    """Views that change data: leaders (read-only) and accounts without a role get 403.

    Out-of-scope objects are still fetched through `visible_to`, so they give 404 first
    for users who may write.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.may_write:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RoleRequiredMixin:
    """Views only some roles may use (superusers always may); others get 403.

    A view about one object fetches it through `visible_to` in its own `dispatch`
    before calling this one, so an out-of-scope object is 404 whatever the role.
    """

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.role in self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names, or on top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class ForgivingPaginationMixin:
    """A page number past the end shows the last page, and one that is no number the
    first, instead of a 404 for a mistyped jump (templates/includes/pagination.html)."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class ScopedListView(ForgivingPaginationMixin, ListView):
    """A paginated list of `model` cut to the user's scope, then filtered and sorted.

    The filter only ever narrows `visible_to(user)`; a blank filter shows the scope.
    `?sort=key` (or `-key`, descending) orders the list by `sort_fields[key]`; a key not
    named there keeps the list's own order, so a column is sortable only where it is listed.
    """

    filterset_class = None
    paginator_class = EstimatingPaginator  # a county's whole table is not counted per page
    # Column key → field path or expression, e.g. {"name": "name", "organization":
    # "organization__path"}.
    sort_fields: dict = {}
    select_related: tuple[str, ...] = ()
    paginate_by = settings.PAGE_SIZE
    # (header, function of a row) for ?format=xlsx; a list without columns has no export.
    export_columns: list = []
    # The same columns unmasked, for roles that may see personal data (?full=1, recorded).
    export_columns_full: list = []
    export_title = ""

    def base_queryset(self):
        return self.model.objects.visible_to(self.request.user).select_related(*self.select_related)

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.base_queryset(), request=self.request
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            # A filter outside the user's scope (or malformed) shows nothing, with the
            # reason beside the field, rather than being silently dropped.
            return self.filterset.queryset.none()
        sort = self.sort_order()
        if not sort:
            return self.filterset.qs
        column = self.sort_fields[sort.removeprefix("-")]
        column = F(column) if isinstance(column, str) else column
        if sort.startswith("-"):
            return self.filterset.qs.order_by(column.desc(nulls_last=True), "-pk")
        return self.filterset.qs.order_by(column.asc(nulls_first=True), "pk")

    def sort_order(self) -> str:
        """The `sort` asked for, if it names a sortable column; otherwise ""."""
        sort = self.request.GET.get("sort", "")
        return sort if sort.removeprefix("-") in self.sort_fields else ""

    def wants_full_export(self, request) -> bool:
        return bool(
            request.GET.get("full") and self.export_columns_full and request.user.may_reveal
        )

    def export_columns_for(self, request) -> list:
        return self.export_columns_full if self.wants_full_export(request) else self.export_columns

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx" and self.export_columns:
            return self.export(request)
        return super().get(request, *args, **kwargs)

    def export(self, request):
        """The list as a workbook: written now when short, else as a job with a progress
        bar (EXPORT_INLINE_ROWS), so no export holds a request for long."""
        if self.wants_full_export(request):
            PersonalDataReveal.objects.create(
                user=request.user,
                subject=request.user,
                fields=f"导出{self.export_title}（含完整身份证号码、手机号码）",
                reason=RevealReason.EXPORT,
            )
        rows = self.get_queryset()
        total = rows.count()
        if total > settings.EXPORT_INLINE_ROWS:
            job = export_job_create(
                user=request.user,
                title=str(self.export_title),
                path=request.path,
                query=request.GET.urlencode(),
                total=total,
            )
            messages.info(
                request,
                _("共 %(total)s 条，正在后台导出，完成后在此下载；也可稍后在“我的任务”中下载。")
                % {"total": total},
            )
            return redirect(job)
        return xlsx_response(
            rows.iterator(chunk_size=2000), self.export_columns_for(request), str(self.export_title)
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        query["format"] = "xlsx"
        return super().get_context_data(
            filter=self.filterset,
            export_url=f"?{query.urlencode()}" if self.export_columns else "",
            sort=self.sort_order(),
            sortable=self.sort_fields,
            **kwargs,
        )


class ServiceFormView(WriteAccessMixin, FormView):
    """A form whose valid data goes to one service; a refusal comes back beside the fields.

    Subclasses implement `perform(form)`, returning the object to show next. The page also
    answers its pickers' `?autocomplete=` questions from the very form it renders.
    """

    template_name = "form_page.html"
    title = ""
    success_message = ""

    def get(self, request, *args, **kwargs):
        if autocomplete.is_asked(request):
            return autocomplete.answer(request, self.get_form())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": result})
        return redirect(self.get_success_url_for(result))

    def get_success_url_for(self, result):
        return result.get_absolute_url()


VERSION_FIELD = "version"


def record_version(obj) -> int | None:
    """The record's last history row: it changes with every save, whoever makes it."""
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first()


class OptimisticLockMixin:
    """An edit form saved from an outdated copy is refused, not silently laid over
    someone else's change.

    The form carries the version it was opened at; on save the record's row is locked
    and its current version compared. Subclasses name the record in `edited_object()`.
    """

    def edited_object(self):
        raise NotImplementedError

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields[VERSION_FIELD] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if not form.is_bound:  # a posted form carries the version it was opened at
            form.initial[VERSION_FIELD] = record_version(self.edited_object())
        return form

    def form_valid(self, form):
        opened_at = form.cleaned_data.pop(VERSION_FIELD, None)
        record = self.edited_object()
        type(record).objects.select_for_update().filter(pk=record.pk).first()
        if opened_at is not None and opened_at != record_version(record):
            latest = record.history.select_related("history_user").first()
            form.add_error(
                None,
                _(
                    "您打开此页面后，%(who)s 于 %(when)s 修改了这条记录。您的修改未保存，"
                    "请重新打开页面，核对最新内容后再修改。"
                )
                % {
                    "who": latest.history_user or _("他人"),
                    "when": timezone.localtime(latest.history_date).strftime("%m-%d %H:%M"),
                },
            )
            return self.form_invalid(form)
        return super().form_valid(form)
