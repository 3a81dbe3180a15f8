"""The administrator keeps the editable list of cadre categories; everything else here is
read-only, because records, outcomes and commendations change only through their
workflows in the application."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organizations.admin import ReadOnlyAdmin

from .models import CadreCategory, Commendation, FrontlineRecord, Outcome


@admin.register(CadreCategory)
class CadreCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "checkpoint_set", "position", "is_active")
    list_editable = ("position", "is_active")

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.cadres.exists()


@admin.register(FrontlineRecord)
class FrontlineRecordAdmin(ReadOnlyAdmin):
    list_display = ("occurred_on", "cadre", "team", "polarity", "checkpoint")
    list_filter = ("polarity", "source")
    list_select_related = ("cadre", "team")
    exclude = ("dimensions",)  # stored as codes; shown by their names
    readonly_fields = ("dimension_names",)

    @admin.display(description=_("识别评价维度"))
    def dimension_names(self, record):
        return "、".join(record.dimension_labels)


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ("cadre", "team", "kind", "measures", "state")
    list_filter = ("kind", "state")
    list_select_related = ("cadre", "team")


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "state", "notice_ends_on")
    list_filter = ("kind", "state")
