from django.urls import path

from mubiao.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
