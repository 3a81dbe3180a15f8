import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.filters import YES_NO, ScopedFilterSet, date_filter

from .choices import CommendationKind, CommendationState, OutcomeKind, OutcomeState, Polarity
from .models import Cadre, CadreCategory, Commendation, FrontlineRecord, Outcome

ALL = _("全部")


class CadreFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("姓名或职务"), method="search")
    category = django_filters.ModelChoiceFilter(
        label=_("类别"), queryset=CadreCategory.objects.all(), empty_label=ALL
    )
    active = django_filters.ChoiceFilter(
        label=_("在职"), choices=YES_NO, method="by_active", empty_label=ALL
    )

    class Meta:
        model = Cadre
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(post_title__icontains=value)

    def by_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")


class RecordFilter(ScopedFilterSet):
    organization_lookup = "cadre__organization"
    polarity = django_filters.ChoiceFilter(
        label=_("评价"), choices=Polarity.choices, empty_label=ALL
    )
    reviewed = django_filters.ChoiceFilter(
        label=_("已审核"), choices=YES_NO, method="by_reviewed", empty_label=ALL
    )
    occurred_after = date_filter(_("日期从"), "occurred_on", "gte")
    occurred_before = date_filter(_("至"), "occurred_on", "lte")

    class Meta:
        model = FrontlineRecord
        fields = []

    def by_reviewed(self, queryset, name, value):
        return queryset.filter(reviewed_at__isnull=value == "no")


class OutcomeFilter(ScopedFilterSet):
    organization_lookup = "cadre__organization"
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=OutcomeKind.choices, empty_label=ALL
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=OutcomeState.choices, empty_label=ALL
    )

    class Meta:
        model = Outcome
        fields = []


class CommendationFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=CommendationKind.choices, empty_label=ALL
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=CommendationState.choices, empty_label=ALL
    )

    class Meta:
        model = Commendation
        fields = []
