"""Each distinct ``Organisation.peer_group`` text becomes a PeerGroup holding the
organisations that carry it (trimmed; blank means no group). Reversing removes the groups
the text names; the text field itself is left as it was."""

from django.db import migrations


def groups_from_text(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    PeerGroup = apps.get_model("organisations", "PeerGroup")
    for org in Organisation.objects.exclude(peer_group="").order_by("pk"):
        name = org.peer_group.strip()
        if name:
            group, _ = PeerGroup.objects.get_or_create(name=name)
            group.members.add(org)


def remove_text_groups(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    PeerGroup = apps.get_model("organisations", "PeerGroup")
    names = {n.strip() for n in Organisation.objects.values_list("peer_group", flat=True)}
    PeerGroup.objects.filter(name__in=names - {""}).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_peer_group_model")]

    operations = [migrations.RunPython(groups_from_text, remove_text_groups)]
