"""A browser upload is kept only up to ``SEONGGWA_MAX_UPLOAD_BYTES`` + 1 bytes.

Django writes an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file
before a view sees it, so a 10 GB upload would fill the disk before the view's size check
refuses it. This handler (``FILE_UPLOAD_HANDLERS``, after the in-memory one) keeps at most
the limit + 1 bytes of each file and counts the rest: the file's ``size`` is the size that
was sent, so every upload view refuses it by its size as before (docs/limits.md), and it is
marked ``truncated`` — no view may use a file over the limit (they all check ``size``
first: the import page, the entry sheet, evidence).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

__all__ = ["BoundedTemporaryFileUploadHandler"]


class BoundedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """A temporary-file upload that stores at most ``SEONGGWA_MAX_UPLOAD_BYTES`` + 1 bytes."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.keep = int(settings.SEONGGWA_MAX_UPLOAD_BYTES) + 1
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = self.keep - self.received
        if room > 0:
            self.file.write(raw_data[:room])
        self.received += len(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        self.file.size = self.received
        self.file.truncated = self.received > self.keep  # type: ignore[attr-defined]
        return self.file
