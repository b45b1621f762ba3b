"""The backup written before ``import --replace`` deletes a plan: a whole dump of the plan's
organisation under ``SEONGGWA_BACKUP_DIR/replace/`` (default ``var/backups/replace/``), so
the replaced plan can be brought back (``seonggwa restore FILE --replace``)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from seonggwa.plans.models import Plan

from .services import organisation_dump_to_file

__all__ = ["replace_backup_dir", "replace_backup_write"]


def replace_backup_dir() -> Path:
    return Path(settings.SEONGGWA_BACKUP_DIR) / "replace"


def replace_backup_write(plan: Plan) -> str:
    """Dump the organisation of ``plan`` before the plan is replaced; returns the path."""
    folder = replace_backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    org = re.sub(r"[^\w.-]+", "_", plan.organisation.name).strip("_") or "org"
    path = folder / f"{org}-{plan.year}-{plan.kind}-{stamp}.json"
    organisation_dump_to_file(organisation=plan.organisation, path=path)
    return str(path)
