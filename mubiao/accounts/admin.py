from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from mubiao.accounts.models import ApiToken, User


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ("email", "name", "is_staff", "is_active")
    search_fields = ("email", "name")
    ordering = ("email",)
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Mubiao", {"fields": ("name", "language", "timezone")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "membership", "created_at", "expires_at", "revoked_at")
    list_select_related = ("membership__user", "membership__organization")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
    raw_id_fields = ("membership",)
