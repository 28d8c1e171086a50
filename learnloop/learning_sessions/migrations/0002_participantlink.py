import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """A participant may hold several personal links; each is a row of its own."""

    dependencies = [
        ("learning_sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ParticipantLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("kind", models.CharField(choices=[("invitation", "invitation email"), ("reminder", "reminder email"), ("copied", "copied by an administrator"), ("anonymous", "joined through the open link"), ("demo", "printed by learnloop demo"), ("earlier", "issued by an earlier version of Learnloop")], max_length=20)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("participant", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="links", to="learning_sessions.participant")),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
    ]
