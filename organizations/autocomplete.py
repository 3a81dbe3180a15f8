"""Choices of organizations, members and cadres picked by typing, not read from an
`<option>` list of the whole scope (issue #17 §2: at scale 10 a create form listed 14,700
organizations, 850 KB of HTML and 3 s).

The widget renders only the chosen option. The script every page loads
(static/js/autocomplete.js, on the vendored Tom Select) asks the form's own view,
`?autocomplete=<field>&q=<text>`, for the first `LIMIT` matches as the user types. That
view builds the very form it renders and posts, so what is offered is the field's own
queryset, cut to the user's scope, and the same queryset still validates what is posted:
there is one definition of the choices.
"""

from django import forms
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _

LIMIT = 20
QUERY_MAX = 50
BY_NAME = ("name__icontains",)
BY_NAME_OR_CODE = ("name__icontains", "code__istartswith")
HINTS = {BY_NAME: _("输入姓名查找"), BY_NAME_OR_CODE: _("输入名称或编码查找")}


class AutocompleteSelect(forms.Select):
    """A select of a ModelChoiceField filled by the page's script from the server.

    `search`: the lookups a typed text is tried against (any may match); `related`: what
    the field's `label_from_instance` reads, fetched with the rows; `url`: where to ask,
    when not the page itself (a form posted to another view, e.g. on a detail page).
    """

    def __init__(self, *, search=BY_NAME, related=(), url="", attrs=None):
        super().__init__(attrs)
        self.search, self.related, self.url = search, related, url

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-autocomplete": name, "data-placeholder": HINTS[self.search]}
        if self.url:
            attrs["data-autocomplete-url"] = self.url
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        """Only the empty choice and the chosen one, never the whole queryset."""
        field = self.choices.field
        chosen = [v for v in value if _is_id(v)]
        rows = field.queryset.filter(pk__in=chosen).select_related(*self.related) if chosen else []
        listed = [("", field.empty_label or "")]
        listed += [(row.pk, field.label_from_instance(row)) for row in rows]
        everything, self.choices = self.choices, listed
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything


def _is_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 18


def matches(field: forms.ModelChoiceField, text: str) -> dict:
    """The first LIMIT choices of `field` whose lookups match `text` (all, when empty), in
    the queryset's own order, labelled as the field labels them."""
    widget = field.widget
    rows = field.queryset.select_related(*widget.related)
    text = text.strip()[:QUERY_MAX]
    if text:
        condition = Q()
        for lookup in widget.search:
            condition |= Q(**{lookup: text})
        rows = rows.filter(condition)
    found = list(rows[: LIMIT + 1])
    return {
        "results": [
            {"value": str(row.pk), "text": field.label_from_instance(row)} for row in found[:LIMIT]
        ],
        "more": len(found) > LIMIT,
    }


def is_asked(request) -> bool:
    return "autocomplete" in request.GET


def answer(request, form) -> JsonResponse:
    """The matches of the form's field named by `?autocomplete=`; 404 for any other name,
    so nothing but a picker's own choices can be listed this way."""
    field = form.fields.get(request.GET.get("autocomplete", ""))
    if field is None or not isinstance(field.widget, AutocompleteSelect):
        raise Http404
    response = JsonResponse(matches(field, request.GET.get("q", "")))
    response["Cache-Control"] = "no-store"
    return response


def with_township(organization) -> str:
    """An organization named with its township, for those who see the whole county (the
    same village name recurs in several townships)."""
    township = organization.township
    if township is None or township.pk == organization.pk:
        return organization.name
    return f"{organization.name}（{township.name}）"


def autocomplete(field: forms.ModelChoiceField, *, user=None, **options) -> None:
    """Make `field` (already given its scoped queryset) a picker; see AutocompleteSelect.
    Given the `user`, organizations are named with their township where the user sees the
    whole county."""
    if user is not None and user.sees_whole_county:
        field.label_from_instance = with_township
        options["related"] = (*options.get("related", ()), "township")
    widget = AutocompleteSelect(**options)
    widget.choices = field.choices  # the field's iterator, as Django sets it
    field.widget = widget
