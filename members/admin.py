"""Members' records are read-only in the admin site: every change goes through the
services (and their rules) in the application, and members are never deleted."""

from django.contrib import admin

from organizations.admin import ReadOnlyAdmin

from .models import (
    Activist,
    CareRecord,
    DisciplineCase,
    Member,
    Post,
    Registration,
    RosterEntry,
)


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "organization", "status", "category", "is_active")
    list_filter = ("status", "category", "is_active")
    search_fields = ("name", "=id_number")
    list_select_related = ("organization",)
    exclude = ("id_number", "phone")


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
    list_display = ("member", "reason", "decision", "decided_on")
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
