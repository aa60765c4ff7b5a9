from django.contrib import admin

from mubiao.okrs.models import Activity, CheckIn, Comment, Cycle, KeyResult, Objective


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "kind", "start_date", "end_date", "state")
    list_filter = ("organization", "kind", "state")
    raw_id_fields = ("parent",)


class KeyResultInline(admin.TabularInline):
    model = KeyResult
    fields = ("title", "metric_type", "start_value", "target_value", "current_value", "unit",
              "direction", "due_date", "weight", "state")  # fmt: skip
    extra = 0


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "cycle", "owner_type", "kind", "visibility",
                    "state", "progress", "status")  # fmt: skip
    list_filter = ("organization", "state", "kind", "visibility", "status")
    list_select_related = ("organization", "cycle")
    search_fields = ("title",)
    raw_id_fields = ("cycle", "owner_team", "owner_member", "team", "parent_objective",
                     "parent_key_result", "collaborators", "created_by")  # fmt: skip
    readonly_fields = ("progress", "status", "version")
    inlines = [KeyResultInline]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("key_result", "value", "confidence", "author", "created_at")
    list_select_related = ("key_result", "author__user")
    raw_id_fields = ("key_result", "author")

    def has_change_permission(self, request, obj=None):
        return False  # check-ins are append-only history


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("author", "created_at", "objective", "key_result")
    raw_id_fields = ("objective", "key_result", "check_in", "author", "mentioned_members",
                     "mentioned_teams")  # fmt: skip


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "verb", "target_type", "target_id")
    list_filter = ("verb", "target_type")

    def has_change_permission(self, request, obj=None):
        return False
