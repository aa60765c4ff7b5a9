from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from mubiao.api.main import api
from mubiao.sso import views as sso

handler400 = "mubiao.web.middleware.bad_request"
handler500 = "mubiao.web.middleware.server_error"


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
    path("settings/people/", include("mubiao.people.urls")),
    path("settings/directory/", include("mubiao.directory.urls")),
    path("sso/", include("mubiao.sso.urls")),
    path("accounts/two-factor/", include("mubiao.twofactor.urls")),
    path("settings/sso", sso.provider_settings, name="settings_sso"),
    path("settings/sso/remove", sso.remove_provider, name="settings_sso_remove"),
    path("settings/sso/verify", sso.verify_domain, name="settings_sso_verify"),
    path("", include("mubiao.notify.urls")),
    path("", include("mubiao.reports.urls")),
    path("", include("mubiao.web.urls")),
]
