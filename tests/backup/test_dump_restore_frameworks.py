"""The frameworks (sustainability, joint evaluation) travel in an organisation's dump: a
restore gives back every row, and nothing an organisation owns is left out of the registry."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from seonggwa.backup.services import organisation_dump_to_file, organisation_restore_from_file
from seonggwa.core.ownership import ORGANISATION_OWNED
from seonggwa.frameworks.models import SustainabilityReview
from seonggwa.frameworks.services import sustainability_review_save
from seonggwa.importers.joint.load import joint_import
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.organisations.models import Organisation

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db

# models of seonggwa that no one organisation owns, on purpose
NOT_OWNED = {
    "organisations.PeerGroup",  # shared by the organisations of a group
    "accounts.TemporaryPassword",  # a user's, not an organisation's
    "accounts.ApiToken",
    "jobs.JobProgress",  # a running job's progress, not kept
}


def test_every_model_that_reaches_an_organisation_is_registered():
    registered = {m.label for m in ORGANISATION_OWNED}
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("seonggwa.") and m._meta.label not in registered | NOT_OWNED
    ]
    assert missing == [], "add them to seonggwa.core.ownership.ORGANISATION_OWNED"


def _targets(label: str) -> set[str]:
    return {
        f.related_model._meta.label
        for f in apps.get_model(label)._meta.concrete_fields
        if f.is_relation and f.related_model is not None
    }


def test_registered_models_come_after_what_they_point_to():
    """(A pair that points both ways, as a plan and its source document, is restored in two
    steps by the backup.)"""
    order = {m.label: n for n, m in enumerate(ORGANISATION_OWNED)}
    for label, n in order.items():
        for target in _targets(label):
            if target in order and target != label and label not in _targets(target):
                assert order[target] < n, f"{label} -> {target}"


def test_sustainability_and_joint_evaluation_restore_row_for_row(sample, tmp_path):
    officer = get_user_model().objects.get(username="officer")
    framework = sustainability_import(
        user=officer, organisation_name=sample.name, year=2019, path_or_text=SEED
    ).framework
    sustainability_review_save(
        user=get_user_model().objects.get(username="committee"),
        framework=framework,
        status="completed",
        reviewed_on=datetime.date(2019, 12, 10),
        comments="원안 의결",
    )
    joint_import(user=officer, organisation_name=sample.name, year=2020, path_or_text=SEED)
    path = tmp_path / "dump.json"
    organisation_dump_to_file(organisation=sample, path=path)
    tables = json.loads(path.read_text())["tables"]
    counts = {k: len(v) for k, v in tables.items() if k.startswith("frameworks.")}
    assert counts["frameworks.FrameworkIndicator"] == 30  # the core indicators
    assert counts["frameworks.JointIndicator"] == 122
    assert counts["frameworks.BestCase"] == 5
    assert counts["frameworks.SustainabilityReview"] == 1
    organisation_restore_from_file(path=path, replace=True)
    restored = Organisation.objects.get(name=sample.name)
    review = SustainabilityReview.objects.get(framework__plan__organisation__name=sample.name)
    assert (review.status, review.comments, review.recorded_by.username) == (
        "completed",
        "원안 의결",
        "committee",
    )
    for label, count in counts.items():
        entry = next(m for m in ORGANISATION_OWNED if m.label == label)
        rows = apps.get_model(label)._default_manager.filter(**{entry.lookup_id: restored.pk})
        assert rows.count() == count, label
