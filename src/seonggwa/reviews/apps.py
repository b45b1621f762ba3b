from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "seonggwa.reviews"
    verbose_name = _("ad-hoc reviews")
