from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsignmentConfig(AppConfig):
    name = "seonggwa.consignment"
    verbose_name = _("consignment evaluation")
