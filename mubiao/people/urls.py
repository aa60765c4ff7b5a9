from django.urls import path

from mubiao.people import views

urlpatterns = [
    path("import", views.people_import, name="people_import"),
    path("import/confirm", views.people_import_confirm, name="people_import_confirm"),
    path("export", views.people_export, name="people_export"),
]
