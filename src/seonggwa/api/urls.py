from django.urls import path

from .api import api
from .reference import reference_page

urlpatterns = [
    path("v1/docs", reference_page, name="api-reference"),
    path("v1/", api.urls),
]
