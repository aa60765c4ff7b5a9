from django.urls import path

from mubiao.playbook import transfer_views as views

urlpatterns = [
    path("", views.transfer, name="transfer"),
    path("preview", views.import_preview, name="import_preview"),
    path("confirm", views.import_confirm, name="import_confirm"),
    path("export", views.export, name="export"),
    path("blank.<str:fmt>", views.blank, name="import_blank_sheet"),
]
