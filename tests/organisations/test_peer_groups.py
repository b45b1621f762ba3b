"""Peer groups: a model of their own, filled from the old text field by a data migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from seonggwa.organisations.models import Organisation, PeerGroup
from seonggwa.organisations.selectors import peer_group_list, peer_groups

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_data_migration_makes_a_group_of_each_text_and_reverses():
    executor = MigrationExecutor(connection)
    before = [("organisations", "0004_peer_group_model")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldOrg = old.get_model("organisations", "Organisation")
    OldOrg.objects.create(name="가광역시", peer_group="시부")
    OldOrg.objects.create(name="나광역시", peer_group=" 시부 ")
    OldOrg.objects.create(name="다도", peer_group="도부")
    OldOrg.objects.create(name="라시", peer_group="")
    executor = MigrationExecutor(connection)
    executor.migrate([("organisations", "0005_peer_groups_from_text")])
    groups = peer_groups()
    assert {k: [o.name for o in v] for k, v in groups.items()} == {
        "도부": ["다도"],
        "시부": ["가광역시", "나광역시"],
    }
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    assert (
        not executor.loader.project_state(before)
        .apps.get_model("organisations", "PeerGroup")
        .objects.exists()
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_groups_list_their_members_in_two_queries(django_assert_num_queries):
    a = Organisation.objects.create(name="가시")
    b = Organisation.objects.create(name="나시")
    PeerGroup.objects.create(name="빈 그룹")
    g = PeerGroup.objects.create(name="기초 시")
    g.members.add(b, a)
    with django_assert_num_queries(2):
        groups = peer_groups()
    assert list(groups) == ["기초 시"]  # a group without members is left out
    assert [o.name for o in groups["기초 시"]] == ["가시", "나시"]
    assert [p.name for p in peer_group_list(organisation_ids=[a.pk])] == ["기초 시"]
