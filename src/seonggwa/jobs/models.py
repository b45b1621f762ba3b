from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobProgress(models.Model):
    """What a background job has done so far, keyed by its django-tasks result id.

    The task result (``django_tasks_db.DBTaskResult``) holds the status; this row holds the
    progress the task reports, the heartbeat the sweep reads, who asked, and the file made.
    """

    task_id = models.CharField(_("task id"), max_length=64, primary_key=True)
    kind = models.CharField(_("kind"), max_length=40)
    label = models.CharField(_("label"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        verbose_name=_("owner"),
    )
    # the organisation whose office may also see the job (None: the owner alone)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("organisation"),
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    # why the job failed, in words for the user (the traceback stays on the task result)
    error = models.TextField(_("error"), blank=True)
    # the file the job made: kept in the database so any web worker on any machine serves it
    file_name = models.CharField(_("file name"), max_length=300, blank=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    file_data = models.BinaryField(_("file"), null=True, blank=True)
    # where to see what the job made when it is not a file (e.g. the plan an import created)
    result_url = models.CharField(_("result address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("job progress")
        verbose_name_plural = _("job progress")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.task_id}"

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))
