from __future__ import annotations

import pytest
from django.apps import apps


@pytest.fixture
def row_counts():  # type: ignore[no-untyped-def]
    """Rows per table of every seonggwa app, to prove that nothing was written."""

    def count() -> dict[str, int]:
        return {
            m._meta.label: m._default_manager.count()
            for m in apps.get_models()
            if m.__module__.startswith("seonggwa.")
        }

    return count
