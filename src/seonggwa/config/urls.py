from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.autodiscover()  # seonggwa.web.admin_config.LazyAdminConfig: the admin modules load with the URLs
admin.site.site_header = _("seonggwa performance management")
admin.site.site_title = _("seonggwa performance management")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("seonggwa.api.urls")),
    path("", include("seonggwa.web.urls")),
]
urlpatterns += [path("i18n/", include("django.conf.urls.i18n"))]

# A malformed request (a missing or non-numeric field) gets the site's page, with the user's
# navigation (Django's own 400 view renders without the request).
handler400 = "seonggwa.web.views.bad_request"
