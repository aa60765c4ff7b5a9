from django.contrib import admin

from mubiao.orgs.models import Membership, Organization, Team, TeamMember


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "title", "manager", "is_active")
    list_filter = ("role", "is_active", "organization")
    list_select_related = ("user", "organization", "manager__user")
    search_fields = ("user__email", "user__name", "title")
    raw_id_fields = ("user", "manager")


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    raw_id_fields = ("membership",)
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "parent", "is_archived")
    list_filter = ("organization", "is_archived")
    list_select_related = ("organization", "parent")
    search_fields = ("name", "slug")
    raw_id_fields = ("parent",)
    inlines = [TeamMemberInline]
