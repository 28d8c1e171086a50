"""Migrations 0002-0004: each participant's one link moves into ParticipantLink, and back."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from learnloop.learning_sessions.actions import do_issue_link
from learnloop.learning_sessions.models import LinkKind, ParticipantLink

APP = "learning_sessions"
BEFORE = [(APP, "0002_participantlink")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app's newest migration: going back unapplied the apps that depend on this one
    (comment coding, themes, findings, sharing), and they must come back too."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_links_move_into_their_own_table_and_back(everyone, client):
    several, revoked, never_linked = everyone[0], everyone[1], everyone[2]
    newest = do_issue_link(several, LinkKind.REMINDER)
    revoked_token = do_issue_link(revoked, LinkKind.COPIED)
    ParticipantLink.objects.filter(participant=revoked).update(revoked_at=timezone.now())
    ParticipantLink.objects.filter(participant=never_linked).delete()
    try:
        old = migrate(BEFORE)
        Participant = old.get_model(APP, "Participant")
        fields = {
            p.pk: (p.token_hash, p.link_revoked_at is not None) for p in Participant.objects.all()
        }
        # Backward: the newest working link is kept, a revoked one stays revoked.
        newest_link = ParticipantLink.objects.get(participant=several, kind=LinkKind.REMINDER)
        assert fields[several.pk] == (newest_link.token_hash, False)
        assert fields[revoked.pk][1] is True
        assert fields[never_linked.pk] == (None, False)
        # As the earlier version would have left them: one link per participant, on the row.
        old.get_model(APP, "ParticipantLink").objects.all().delete()
        created = timezone.now() - timedelta(days=3)
        Participant.objects.filter(pk=several.pk).update(link_created_at=created)
        Participant.objects.filter(pk=revoked.pk).update(link_created_at=None)
    finally:
        migrate(latest())
    moved = {link.participant_id: link for link in ParticipantLink.objects.all()}
    assert set(moved) == {p.pk for p in everyone} - {never_linked.pk}
    assert all(link.kind == LinkKind.EARLIER for link in moved.values())
    assert moved[several.pk].token_hash == newest_link.token_hash
    assert moved[several.pk].created_at == created
    assert moved[several.pk].revoked_at is None
    assert moved[revoked.pk].revoked_at is not None
    assert moved[revoked.pk].created_at == revoked.created_at
    assert client.get(f"/s/{newest}/").status_code == 200
    assert client.get(f"/s/{revoked_token}/").status_code == 410
