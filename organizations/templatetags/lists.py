"""Lists and detail pages share these: sortable column headers, page links that keep the
filters, and the breadcrumb trail back to the list."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _query(request, **changes) -> str:
    """The page's query string with `changes` applied (None removes a key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A column header that sorts the list by `key`, then the other way round on a second
    click; a plain label where the view does not list `key` as sortable. The filters are
    kept and the list starts again at page 1."""
    if key not in context.get("sortable", {}):
        return label
    current = context.get("sort", "")
    if current == key:
        following, arrow, state = f"-{key}", " ▲", _("升序")
    elif current == f"-{key}":
        following, arrow, state = key, " ▼", _("降序")
    else:
        following, arrow, state = key, "", ""
    href = _query(context["request"], sort=following, page=None)
    title = _("按%(label)s排序") % {"label": label}
    return format_html(
        '<a class="sort-link text-reset{}" href="{}" title="{}" data-sort="{}">{}{}'
        '<span class="visually-hidden">{}</span></a>',
        " sorted" if arrow else "",
        href,
        title,
        key,
        label,
        arrow,
        state,
    )


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The link to page `number` of this list, with its filters and sort kept."""
    return _query(context["request"], page=str(number))


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail, current=""):
    """首页 › <list> › … › `current`. `trail` gives pairs: a URL name or an object (its
    `get_absolute_url()`; an empty one is left out) and the label shown for it."""
    links = []
    for target, label in zip(trail[::2], trail[1::2], strict=True):
        if not target:  # e.g. the parent of the county's own organization
            continue
        url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else reverse(target)
        links.append((url, label))
    return {"links": links, "current": current}
