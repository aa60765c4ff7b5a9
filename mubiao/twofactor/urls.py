from django.urls import path

from mubiao.twofactor import views

urlpatterns = [
    path("", views.setup, name="twofactor_setup"),
    path("change", views.change, name="twofactor_change"),
    path("verify", views.verify, name="twofactor_verify"),
]
