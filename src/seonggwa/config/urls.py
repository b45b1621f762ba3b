from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("seonggwa performance management")
admin.site.site_title = _("seonggwa performance management")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("seonggwa.web.urls")),
]
urlpatterns += [path("i18n/", include("django.conf.urls.i18n"))]
