"""Filters shared by every scoped list: township and organization subtree."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TOWNSHIP_KINDS
from .forms import DateInput
from .models import Organization

YES_NO = (("yes", _("是")), ("no", _("否")))


def date_filter(label, field, lookup):
    return django_filters.DateFilter(
        label=label, field_name=field, lookup_expr=lookup, widget=DateInput()
    )


def _townships(request):
    return Organization.objects.visible_to(request.user).filter(kind__in=TOWNSHIP_KINDS)


def _organizations(request):
    return Organization.objects.visible_to(request.user)


class ScopedFilterSet(django_filters.FilterSet):
    """Township and organization choices come from the user's scope only.

    `organization` is set by links from an organization's page and takes the whole
    subtree; `organization_lookup` names the row's organization.
    """

    organization_lookup = "organization"

    township = django_filters.ModelChoiceFilter(
        label=_("乡镇（街道）"), queryset=_townships, field_name="township", empty_label=_("全部")
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("组织"), queryset=_organizations, method="filter_subtree", widget=forms.HiddenInput
    )

    def filter_subtree(self, queryset, name, value):
        return queryset.filter(**{f"{self.organization_lookup}__path__startswith": value.path})

    @property
    def form(self):
        """The filter form, its widgets dressed for Bootstrap."""
        form = super().form
        for field in form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form
