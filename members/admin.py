"""Members' records are read-only in the admin site: every change goes through the
services (and their rules) in the application, and members are never deleted."""

from django.contrib import admin
from django.utils.translation import gettext as _

from organizations.admin import ReadOnlyAdmin
from organizations.choices import RevealReason
from organizations.personal import ID_PATTERN

from .models import (
    Activist,
    CareRecord,
    DisciplineCase,
    Member,
    Post,
    Registration,
    RosterEntry,
)
from .services import personal_data_reveal


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "organization", "status", "category", "is_active")
    list_filter = ("status", "category", "is_active")
    search_fields = ("name",)
    list_select_related = ("organization",)
    exclude = ("id_number", "phone")
    search_help_text = _("按姓名查找；输入完整身份证号码时按号码查找，并记入个人信息查看记录。")

    def get_search_results(self, request, queryset, search_term):
        """A search by full ID number tells whether that person is on the register: it is
        a reveal, recorded like the application's own search (members/filters.py), naming
        the person found but never the number searched."""
        number = search_term.strip().upper()
        if not ID_PATTERN.match(number):
            return super().get_search_results(request, queryset, search_term)
        found = queryset.filter(id_number=number).first()
        fields = _("按身份证号码查找党员（管理后台）")
        if found is None:
            fields = _("%(search)s（未找到）") % {"search": fields}
        personal_data_reveal(
            subject=found or request.user,
            user=request.user,
            fields=str(fields),
            reason=RevealReason.ID_SEARCH,
        )
        return queryset.filter(pk=found.pk) if found else queryset.none(), False


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "organization", "starts_on", "ends_on")
    list_filter = ("kind",)
    search_fields = ("name", "place")
    list_select_related = ("organization",)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("member", "organization", "role", "starts_on", "confirmed_at")
    list_filter = ("role",)
    list_select_related = ("member", "organization")


@admin.register(Activist)
class ActivistAdmin(ReadOnlyAdmin):
    list_display = ("name", "organization", "stage")
    list_filter = ("stage",)
    list_select_related = ("organization",)
    exclude = ("id_number", "phone")


@admin.register(DisciplineCase)
class DisciplineCaseAdmin(ReadOnlyAdmin):
    list_display = ("member", "kind", "decision", "status", "decided_on", "approval_document")
    list_filter = ("kind", "decision", "status")
    list_select_related = ("member",)


@admin.register(CareRecord)
class CareRecordAdmin(ReadOnlyAdmin):
    list_display = ("person_name", "organization", "reported_on", "resolved_on")
    list_select_related = ("organization",)


@admin.register(RosterEntry)
class RosterEntryAdmin(ReadOnlyAdmin):
    list_display = ("member", "organization", "duty", "starts_on", "ends_on")
    list_select_related = ("member", "organization")
    search_fields = ("member__name", "organization__name")
