from django.urls import path

from mubiao.playbook import views

urlpatterns = [
    path("", views.template_list, name="templates"),
    path("new", views.template_create, name="template_create"),
    path(
        "from-objective/<int:objective_pk>",
        views.template_from_objective,
        name="template_from_objective",
    ),
    path("<int:pk>", views.template_detail, name="template"),
    path("<int:pk>/use", views.template_use, name="template_use"),
    path("<int:pk>/edit", views.template_edit, name="template_edit"),
    path("<int:pk>/delete", views.template_delete, name="template_delete"),
]
