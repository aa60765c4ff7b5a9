from django.contrib import admin

from mubiao.playbook.models import Template


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ("role", "department", "language", "title", "organization")
    list_filter = ("language", "organization")
    search_fields = ("role", "title", "body")
