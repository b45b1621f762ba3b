from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "seonggwa.projects"
    verbose_name = _("major projects")
