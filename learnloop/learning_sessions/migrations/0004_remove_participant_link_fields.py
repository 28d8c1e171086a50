from django.db import migrations


class Migration(migrations.Migration):
    """The links now live in ParticipantLink (moved by 0003)."""

    dependencies = [
        ("learning_sessions", "0003_move_links_to_participantlink"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="participant",
            name="link_created_at",
        ),
        migrations.RemoveField(
            model_name="participant",
            name="link_revoked_at",
        ),
        migrations.RemoveField(
            model_name="participant",
            name="token_hash",
        ),
    ]
