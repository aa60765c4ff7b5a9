from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from mubiao.api.main import api

handler400 = "mubiao.web.middleware.bad_request"


def healthz(request):
    """For load balancers (and the benchmarks' bare view): the app answers, no database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("templates/", include("mubiao.playbook.urls")),
    path("transfer/", include("mubiao.playbook.transfer_urls")),
    path("", include("mubiao.notify.urls")),
    path("", include("mubiao.web.urls")),
]
