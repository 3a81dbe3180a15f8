"""The administrator keeps the tree and the accounts here (treebeard's TreeAdmin)."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from .adminlocale import permission_label
from .choices import OrganizationKind
from .history import MaskedHistoryContextHelper
from .models import Organization, PersonalDataReveal, User
from .reveals import reason_label, subject_label, viewer_label
from .services import placement_check, subtree_sync_township
from .signals import closing_notes


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Records that change only through the application's services: look, never touch."""

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedHistoryContextHelper(self.model, historical_record)

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
        if change and "is_active" in form.changed_data and not obj.is_active:
            self._warn_closing(request, obj)

    def _warn_closing(self, request, organization):
        """Turning `is_active` off leaves what other apps hold there (money still unspent):
        the administrator is told what to settle."""
        notes = closing_notes(organization=organization, closed_on=timezone.localdate())
        for note in notes:
            if note.warning:
                messages.warning(
                    request,
                    _("“%(name)s”已停用：%(note)s") % {"name": organization, "note": note.text},
                )


class ChinesePermissionsMixin:
    """Permissions listed as "组织体系 | 党员 | 可以添加 党员", not Django's stored English."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.queryset = formfield.queryset.select_related("content_type")
            formfield.label_from_instance = permission_label
        return formfield


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ChinesePermissionsMixin, DjangoGroupAdmin):
    pass


class ChineseDeviceAdminMixin:
    """django-otp's admin, its section titles and search hint in Chinese."""

    search_help_text = _("按用户名查找")

    def get_fieldsets(self, request, obj=None):
        return [
            (gettext(name) if name else None, options)
            for name, options in super().get_fieldsets(request, obj)
        ]


for device_model, device_admin in (
    (TOTPDevice, TOTPDeviceAdmin),
    (StaticDevice, StaticDeviceAdmin),
):
    admin.site.unregister(device_model)
    admin.site.register(
        device_model, type(device_admin.__name__, (ChineseDeviceAdminMixin, device_admin), {})
    )


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class ChineseAccessAttemptAdmin(AccessAttemptAdmin):
    """django-axes' columns named after its methods ("Status"), given Chinese headers."""

    @admin.display(description=_("过期时间"))
    def expiration(self, obj):
        return super().expiration(obj)

    @admin.display(description=_("状态"))
    def status(self, obj):
        return super().status(obj)


@admin.register(User)
class UserAdmin(ChinesePermissionsMixin, SimpleHistoryAdmin, DjangoUserAdmin):
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


@admin.register(PersonalDataReveal)
class PersonalDataRevealAdmin(admin.ModelAdmin):
    """The reveal log for the administrator: read, filter, never add, change or delete
    (county staff read the same log at organizations:reveal_list)."""

    list_display = ("revealed_at", "viewer", "subject_name", "fields", "why")
    list_filter = ("reason", "revealed_at", "user__role")
    search_fields = ("user__username", "user__last_name", "user__first_name", "fields", "note")
    date_hierarchy = "revealed_at"
    list_select_related = ("user__organization", "content_type")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subject")

    @admin.display(description=_("查看人"), ordering="user__username")
    def viewer(self, obj):
        return viewer_label(obj.user)

    @admin.display(description=_("被查看人"))
    def subject_name(self, obj):
        return subject_label(obj)

    @admin.display(description=_("事由"), ordering="reason")
    def why(self, obj):
        return f"{reason_label(obj)}：{obj.note}" if obj.note else reason_label(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
