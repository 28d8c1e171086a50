"""Move each participant's one link (token_hash, link_created_at, link_revoked_at) into
ParticipantLink, keeping revoked links so the survey can still say they were withdrawn.

In its own migration, between creating the table and dropping the old columns: PostgreSQL
refuses to alter a table in the transaction that has just written rows referring to it.
"""

from django.db import migrations

BATCH = 1000


def forward(apps, schema_editor):
    Participant = apps.get_model("learning_sessions", "Participant")
    ParticipantLink = apps.get_model("learning_sessions", "ParticipantLink")
    rows = (
        Participant.objects.filter(token_hash__isnull=False)
        .order_by("pk")
        .values_list("pk", "token_hash", "link_created_at", "link_revoked_at", "created_at")
    )
    ParticipantLink.objects.bulk_create(
        (
            ParticipantLink(
                participant_id=pk,
                token_hash=token_hash,
                kind="earlier",
                created_at=link_created_at or created_at,
                revoked_at=link_revoked_at,
            )
            for pk, token_hash, link_created_at, link_revoked_at, created_at in rows.iterator()
        ),
        batch_size=BATCH,
    )


def backward(apps, schema_editor):
    """Give each participant back one link: their newest working one, else their newest. Their
    other links stop working, since the earlier schema holds only one."""
    Participant = apps.get_model("learning_sessions", "Participant")
    ParticipantLink = apps.get_model("learning_sessions", "ParticipantLink")
    kept = {}
    for link in ParticipantLink.objects.order_by("created_at", "pk").iterator():
        current = kept.get(link.participant_id)
        if current is None or link.revoked_at is None or current.revoked_at is not None:
            kept[link.participant_id] = link
    for participant_id, link in kept.items():
        Participant.objects.filter(pk=participant_id).update(
            token_hash=link.token_hash,
            link_created_at=link.created_at,
            link_revoked_at=link.revoked_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learning_sessions", "0002_participantlink"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
