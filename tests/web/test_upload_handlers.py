"""A browser upload is stored only up to SEONGGWA_MAX_UPLOAD_BYTES + 1 bytes; its size is
still the size sent, so the page refuses it by its size (docs/limits.md)."""

from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seonggwa.web.upload_handlers import BoundedTemporaryFileUploadHandler

MiB = 1024 * 1024


def test_the_handler_keeps_the_limit_plus_one_byte_and_counts_the_rest(settings):
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 1000
    handler = BoundedTemporaryFileUploadHandler()
    handler.new_file("file", "big.txt", "text/plain", 10_000)
    for start in range(0, 10_000, 1500):
        assert handler.receive_data_chunk(b"x" * 1500, start) is None
    upload = handler.file_complete(10_500)
    assert upload.size == 10_500 and upload.truncated
    assert os.path.getsize(upload.temporary_file_path()) == 1001
    assert upload.read() == b"x" * 1001


@pytest.mark.django_db
def test_a_large_upload_is_refused_by_the_size_that_was_sent(as_user, sample, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 1 * MiB
    response = as_user("officer").post(
        reverse("web:import-new"),
        {
            "organisation": sample.pk,
            "year": 2022,
            "format": "auto",
            "file": SimpleUploadedFile("big.txt", b"a" * (4 * MiB)),
        },
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"])
    assert "4,194,304바이트, 최대 1,048,576바이트" in errors
