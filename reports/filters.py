import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.filters import YES_NO, ScopedFilterSet, date_filter

from .choices import Risk
from .models import Need, StatusReport

ALL = _("全部")


class ReportFilter(ScopedFilterSet):
    risk = django_filters.ChoiceFilter(label=_("风险等级"), choices=Risk.choices, empty_label=ALL)
    period_after = date_filter(_("周期从"), "period_start", "gte")
    period_before = date_filter(_("至"), "period_start", "lte")

    class Meta:
        model = StatusReport
        fields = []


class NeedFilter(ScopedFilterSet):
    open = django_filters.ChoiceFilter(
        label=_("未办结"), choices=YES_NO, method="by_open", empty_label=ALL
    )

    class Meta:
        model = Need
        fields = []

    def by_open(self, queryset, name, value):
        return queryset.filter(closed_at__isnull=value == "yes")
