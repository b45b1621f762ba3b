"""Template helpers of the entry pages: the evidence the upload accepts and its size limit,
read from the service's own table and the settings (never repeated in a template)."""

from __future__ import annotations

from django import template
from django.conf import settings

from seonggwa.results.services import ALLOWED_EVIDENCE, VALUE_EXAMPLES

register = template.Library()


@register.simple_tag
def evidence_accept() -> str:
    """The ``accept`` attribute of the evidence file input: ``.csv,.docx,…``."""
    return ",".join(sorted(ALLOWED_EVIDENCE))


@register.simple_tag
def evidence_types() -> str:
    """The allowed types as a person reads them: ``CSV, DOCX, …``."""
    return ", ".join(ext.lstrip(".").upper() for ext in sorted(ALLOWED_EVIDENCE))


@register.simple_tag
def max_upload_bytes() -> int:
    return int(settings.SEONGGWA_MAX_UPLOAD_BYTES)


@register.simple_tag
def value_examples() -> str:
    """How actuals are typed (the value grammar's usual texts), for hints."""
    return VALUE_EXAMPLES
