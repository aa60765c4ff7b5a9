from django.urls import path

from mubiao.reports import views

urlpatterns = [
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>", views.report_detail, name="report"),
    path("reports/<int:pk>.md", views.report_markdown, name="report_markdown"),
    path("reports/<int:pk>.xlsx", views.report_xlsx, name="report_xlsx"),
]
