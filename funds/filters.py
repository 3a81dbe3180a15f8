import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.filters import YES_NO, ScopedFilterSet, date_filter

from .choices import Source, Use
from .models import Allocation, Appropriation, Expenditure
from .selectors import idle

ALL = _("全部")


class AppropriationFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(label=_("来源"), choices=Source.choices, empty_label=ALL)

    class Meta:
        model = Appropriation
        fields = []

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")
        return form


class AllocationFilter(ScopedFilterSet):
    idle = django_filters.ChoiceFilter(
        label=_("闲置"), choices=YES_NO, method="by_idle", empty_label=ALL
    )

    class Meta:
        model = Allocation
        fields = []

    def by_idle(self, queryset, name, value):
        flagged = idle(queryset)
        return flagged if value == "yes" else queryset.exclude(pk__in=flagged.values("pk"))


class ExpenditureFilter(ScopedFilterSet):
    organization_lookup = "allocation__organization"
    use = django_filters.ChoiceFilter(label=_("用途"), choices=Use.choices, empty_label=ALL)
    reversal = django_filters.ChoiceFilter(
        label=_("冲销"), choices=YES_NO, method="by_reversal", empty_label=ALL
    )
    spent_after = date_filter(_("日期从"), "spent_on", "gte")
    spent_before = date_filter(_("至"), "spent_on", "lte")

    class Meta:
        model = Expenditure
        fields = []

    def by_reversal(self, queryset, name, value):
        return queryset.filter(reverses__isnull=value == "no")
