"""The administrator keeps the tree and the accounts here (treebeard's TreeAdmin)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from .choices import OrganizationKind
from .models import Organization, User
from .services import placement_check, subtree_sync_township


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Records that change only through the application's services: look, never touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrganizationAdminForm(MoveNodeForm):
    """Treebeard's move form, refusing places that break the tree rules."""

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        position = cleaned.get("treebeard_position")
        if not kind or not position:
            return cleaned
        reference = cleaned.get("treebeard_ref_node")
        if reference is None:
            parent = None
        elif position.endswith("child"):
            parent = reference
        else:
            parent = Organization.objects.get_parent(reference)
        existing = None if self.instance._state.adding else self.instance
        try:
            placement_check(kind=kind, parent=parent, organization=existing)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin, TreeAdmin):
    form = movenodeform_factory(Organization, form=OrganizationAdminForm)
    list_display = ("name", "code", "kind", "sector", "township", "secretary_name", "is_active")
    list_filter = ("kind", "sector", "is_active")
    search_fields = ("name", "code", "secretary_name")
    readonly_fields = ("township", "established_by")

    def save_model(self, request, obj, form, change):
        if obj.kind == OrganizationKind.TEMPORARY_BRANCH and obj.established_by_id is None:
            obj.established_by = request.user
        super().save_model(request, obj, form, change)
        subtree_sync_township(organization=obj, user=request.user)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ("username", "last_name", "first_name", "role", "organization", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "last_name", "first_name", "organization__name")
    autocomplete_fields = ("organization",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("履职"), {"fields": ("organization", "role")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("履职"), {"fields": ("last_name", "first_name", "organization", "role")}),
    )
