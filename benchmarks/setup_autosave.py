"""Data for the autosave benchmark: an open session, 200 participants, 150 proof points.

Writes two target files: one autosave URL per (participant, proof point) pair, and as many
bare-write URLs. Run inside the benchmark's settings (see run.py).
"""

import sys

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from learnloop.accounts.models import User  # noqa: E402
from learnloop.frameworks.models import (  # noqa: E402
    Framework,
    Module,
    Principle,
    ProofPoint,
    RatingScale,
    ScaleChoice,
)
from learnloop.learning_sessions.models import (  # noqa: E402
    LearningSession,
    LinkKind,
    Participant,
    ParticipantLink,
    State,
)
from learnloop.lib.tokens import hash_token, new_token  # noqa: E402
from learnloop.organizations.models import Group, Organization  # noqa: E402

PARTICIPANTS = 200
MODULES, PRINCIPLES, PROOF_POINTS = 5, 5, 6  # 150 proof points


@transaction.atomic
def build(autosave_path: str, bare_path: str) -> None:
    organization = Organization.objects.create(name="Bench", slug="bench")
    admin = User.objects.create_user("bench@example.org", "bench password")
    scale = RatingScale.objects.create(organization=organization, name="Default")
    for code, label in enumerate(["1", "2", "3", "4", "5"], start=1):
        ScaleChoice.objects.create(scale=scale, code=code, label=label)
    ScaleChoice.objects.create(scale=scale, code=0, label="Don't know")
    framework = Framework.objects.create(
        organization=organization, key="bench", title="Bench", default_scale=scale
    )
    for m in range(MODULES):
        module = Module.objects.create(framework=framework, key=f"m{m}", title=f"M{m}", position=m)
        for p in range(PRINCIPLES):
            principle = Principle.objects.create(module=module, key=f"p{p}", title=f"P{p}")
            ProofPoint.objects.bulk_create(
                ProofPoint(principle=principle, module=module, key=f"pp{i}", text=f"PP {i}")
                for i in range(PROOF_POINTS)
            )
    session = LearningSession.objects.create(
        organization=organization,
        title="Bench",
        framework=framework,
        scale=scale,
        administrator=admin,
        state=State.OPEN,
    )
    session.modules.set(framework.modules.all())
    group = Group.objects.create(organization=organization, name="Staff")
    proof_point_ids = list(
        ProofPoint.objects.filter(module__framework=framework).values_list("pk", flat=True)
    )
    lines = []
    for _ in range(PARTICIPANTS):
        token = new_token()
        participant = Participant.objects.create(session=session, group=group)
        ParticipantLink.objects.create(
            participant=participant, token_hash=hash_token(token), kind=LinkKind.COPIED
        )
        participant.modules.set(framework.modules.all())
        lines.extend(f"/s/{token}/answers/{pp}/" for pp in proof_point_ids)
    # Interleave participants so consecutive requests touch different participants.
    per = len(proof_point_ids)
    ordered = [lines[p * per + i] for i in range(per) for p in range(PARTICIPANTS)]
    with open(autosave_path, "w") as handle:
        handle.write("\n".join(ordered) + "\n")
    with open(bare_path, "w") as handle:
        handle.write("\n".join(f"/bench/bare-write/{i}/" for i in range(len(ordered))) + "\n")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_bare_write (k integer PRIMARY KEY, v text NOT NULL)")


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
