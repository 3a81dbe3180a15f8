"""The reveal log: who saw whose full ID number or phone, when and why (issue #15, item 7).

Every reveal is recorded where it happens (the member page's button, the edit form, an
ID-number search, the full register export); this page is where county staff and the
administrator read those records. The log is the county's, so the page is theirs alone:
other roles get 403 and never learn who looked at their members.

Exporting the log is itself an auditor's action but reveals nothing: the log holds no ID
number or phone, only who looked at whom, so the export is not recorded as a reveal.
"""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import CHOSEN_REVEAL_REASONS, RevealReason
from .filters import ScopedFilterSet, date_filter
from .models import PersonalDataReveal, User
from .policy import Action, PolicyRequiredMixin
from .viewmixins import ScopedListView


class RevealReasonForm(forms.Form):
    """The reason a person gives on a reveal button: one of the chosen reasons, never one of
    the system's own (导出名册 and the like), and a note of up to 200 characters."""

    reason = forms.ChoiceField(
        label=gettext_lazy("查看事由"),
        choices=[
            ("", gettext_lazy("请选择")),
            *((r.value, r.label) for r in CHOSEN_REVEAL_REASONS),
        ],
        error_messages={
            "required": gettext_lazy("请选择查看事由。"),
            "invalid_choice": gettext_lazy("请从列表中选择查看事由。"),
        },
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label=gettext_lazy("事由说明（选填）"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


def viewer_role(user: User) -> str:
    if user.role:
        return user.get_role_display()
    return _("系统管理员") if user.is_superuser else ""


def viewer_label(user: User) -> str:
    """张三（中共甲镇委员会 · 乡镇（街道）党（工）委书记）"""
    where = " · ".join(str(part) for part in (user.organization, viewer_role(user)) if part)
    return f"{user.display_name}（{where}）" if where else user.display_name


def subject_label(reveal: PersonalDataReveal) -> str:
    """Whose data was seen: the person's name; for a reveal with no one person (the full
    register export, an ID-number search that found nobody) what was done instead."""
    subject = reveal.subject
    if subject is None:
        return _("（记录已删除）")
    if isinstance(subject, User):
        return _("全部名册导出") if reveal.reason == RevealReason.EXPORT else reveal.fields
    return getattr(subject, "name", None) or str(subject)


def subject_url(reveal: PersonalDataReveal) -> str:
    subject = reveal.subject
    if subject is None or isinstance(subject, User):
        return ""
    return subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""


def reason_label(reveal: PersonalDataReveal) -> str:
    return reveal.get_reason_display() or _("未填写（早期记录）")


class ViewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return viewer_label(obj)


class ViewerFilter(django_filters.ModelChoiceFilter):
    field_class = ViewerChoiceField


def _viewers(request):
    """Only people who have looked at something: the choice stays short in a large county."""
    return (
        User.objects.filter(pk__in=PersonalDataReveal.objects.values("user"))
        .select_related("organization")
        .order_by("organization__path", "username")
    )


class RevealFilter(ScopedFilterSet):
    # A reveal belongs to no organization of the tree: the scoped filters do not apply.
    township = None
    organization = None

    user = ViewerFilter(
        label=gettext_lazy("查看人"), queryset=_viewers, empty_label=gettext_lazy("全部")
    )
    subject_name = django_filters.CharFilter(
        label=gettext_lazy("被查看人姓名"), method="by_subject_name"
    )
    reason = django_filters.ChoiceFilter(
        label=gettext_lazy("查看事由"),
        choices=RevealReason.choices,
        empty_label=gettext_lazy("全部"),
    )
    revealed_after = date_filter(gettext_lazy("查看日期从"), "revealed_at", "date__gte")
    revealed_before = date_filter(gettext_lazy("至"), "revealed_at", "date__lte")

    class Meta:
        model = PersonalDataReveal
        fields = []

    def by_subject_name(self, queryset, name, value):
        """Subjects of every kind that has a name (members, activists); one subquery each."""
        value = value.strip()
        if not value:
            return queryset
        matches = Q(pk__in=[])
        kinds = ContentType.objects.filter(pk__in=PersonalDataReveal.objects.values("content_type"))
        for kind in kinds:
            model = kind.model_class()
            if model is None or "name" not in {f.name for f in model._meta.concrete_fields}:
                continue
            named = model._default_manager.filter(name__icontains=value).values("pk")
            matches |= Q(content_type=kind, object_id__in=named)
        return queryset.filter(matches)


class RevealListView(PolicyRequiredMixin, ScopedListView):
    """Newest first; the query count stays the same however many rows a page holds (the
    subjects are fetched once per kind)."""

    model = PersonalDataReveal
    action = Action.REVEAL_LOG_READ
    filterset_class = RevealFilter
    template_name = "organizations/reveal_list.html"
    sort_fields = {"revealed_at": "revealed_at"}
    export_title = gettext_lazy("个人信息查看记录")
    export_columns = [
        ("查看时间", lambda r: r.revealed_at),
        ("查看人", lambda r: r.user.display_name),
        ("查看人所在组织", lambda r: str(r.user.organization or "")),
        ("查看人角色", lambda r: viewer_role(r.user)),
        ("被查看人", subject_label),
        ("查看的信息", lambda r: r.fields),
        ("查看事由", reason_label),
        ("事由说明", lambda r: r.note),
    ]

    def base_queryset(self):
        """The whole county's log (county staff see the whole county)."""
        return (
            PersonalDataReveal.objects.select_related("user__organization", "content_type")
            .prefetch_related("subject")
            .order_by("-revealed_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for reveal in context["object_list"]:
            reveal.viewer = viewer_label(reveal.user)
            reveal.subject_text = subject_label(reveal)
            reveal.subject_link = subject_url(reveal)
            reveal.reason_text = reason_label(reveal)
        return context
