import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.choices import RevealReason
from organizations.filters import YES_NO, ScopedFilterSet, date_filter
from organizations.forms import DateInput
from organizations.personal import ID_PATTERN

from .choices import (
    DisciplineDecision,
    DisciplineKind,
    DisciplineStatus,
    MemberCategory,
    MemberStatus,
    PostKind,
    RegistrationRole,
    Stage,
)
from .models import Activist, CareRecord, DisciplineCase, Member, Post, Registration
from .services import personal_data_reveal


class PersonSearchMixin(django_filters.FilterSet):
    """`q` takes a name; for roles that may see ID numbers also a full ID number.

    A search by full ID number tells whether that person is on the register, so it is a
    reveal like opening the number: refused to roles that may not see ID numbers (for them
    the search matches names only, and the box says so) and recorded for the others, naming
    the person found but never the number searched for (issue #15).
    """

    q = django_filters.CharFilter(label=_("姓名"), method="search")
    id_search_fields = _("按身份证号码查找党员")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.may_search_id_numbers:
            self.filters["q"].label = _("姓名或完整身份证号码")

    @property
    def may_search_id_numbers(self) -> bool:
        user = getattr(self.request, "user", None)
        return bool(user and user.is_authenticated and user.may_reveal)

    def search(self, queryset, name, value):
        value = value.strip()
        number = value.upper()
        if self.may_search_id_numbers and ID_PATTERN.match(number):
            found = queryset.filter(id_number=number).first()
            user = self.request.user
            fields = self.id_search_fields
            if not found:
                fields = _("%(search)s（未找到）") % {"search": fields}
            personal_data_reveal(
                subject=found or user,
                user=user,
                fields=str(fields),
                reason=RevealReason.ID_SEARCH,
            )
            return queryset.filter(pk=found.pk) if found else queryset.none()
        return queryset.filter(name__icontains=value)


class MemberFilter(PersonSearchMixin, ScopedFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("党员状态"), choices=MemberStatus.choices, empty_label=_("全部")
    )
    category = django_filters.ChoiceFilter(
        label=_("党员类别"), choices=MemberCategory.choices, empty_label=_("全部")
    )
    active = django_filters.ChoiceFilter(
        label=_("在册"), choices=YES_NO, method="by_active", empty_label=_("全部")
    )
    joined_after = date_filter(_("入党日期从"), "joined_on", "gte")
    joined_before = date_filter(_("至"), "joined_on", "lte")

    class Meta:
        model = Member
        fields = []

    def by_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")


class PostFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或地点"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("岗区类别"), choices=PostKind.choices, empty_label=_("全部")
    )
    active_on = django_filters.DateFilter(label=_("在岗日期"), method="active", widget=DateInput())

    class Meta:
        model = Post
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(place__icontains=value)

    def active(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value).exclude(ends_on__lt=value)


class RegistrationFilter(ScopedFilterSet):
    role = django_filters.ChoiceFilter(
        label=_("报到岗位"), choices=RegistrationRole.choices, empty_label=_("全部")
    )
    confirmed = django_filters.ChoiceFilter(
        label=_("已确认"), choices=YES_NO, method="by_confirmed", empty_label=_("全部")
    )
    starts_after = date_filter(_("开始日期从"), "starts_on", "gte")
    starts_before = date_filter(_("至"), "starts_on", "lte")

    class Meta:
        model = Registration
        fields = []

    def by_confirmed(self, queryset, name, value):
        return queryset.filter(confirmed_at__isnull=value == "no")


class ActivistFilter(PersonSearchMixin, ScopedFilterSet):
    id_search_fields = _("按身份证号码查找入党积极分子")
    stage = django_filters.ChoiceFilter(
        label=_("当前阶段"), choices=Stage.choices, empty_label=_("全部")
    )

    class Meta:
        model = Activist
        fields = []


class DisciplineFilter(ScopedFilterSet):
    organization_lookup = "member__organization"
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=DisciplineKind.choices, empty_label=_("全部")
    )
    decision = django_filters.ChoiceFilter(
        label=_("处理决定"), choices=DisciplineDecision.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=DisciplineStatus.choices, empty_label=_("全部")
    )
    decided_after = date_filter(_("决定日期从"), "decided_on", "gte")
    decided_before = date_filter(_("至"), "decided_on", "lte")

    class Meta:
        model = DisciplineCase
        fields = []


class CareFilter(ScopedFilterSet):
    open = django_filters.ChoiceFilter(
        label=_("未解决"), choices=YES_NO, method="by_open", empty_label=_("全部")
    )
    reported_after = date_filter(_("登记日期从"), "reported_on", "gte")
    reported_before = date_filter(_("至"), "reported_on", "lte")

    class Meta:
        model = CareRecord
        fields = []

    def by_open(self, queryset, name, value):
        return queryset.filter(resolved_on__isnull=value == "yes")
