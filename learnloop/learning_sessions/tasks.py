"""Background work: invitation and reminder emails, one task per participant.

Tasks receive only the participant's id. The personal link is made inside the task, so the raw
token is never written to the task queue, only emailed.
"""

from django_tasks import task

from learnloop.learning_sessions.actions import do_email_link


@task()
def send_invitation(participant_id: int) -> bool:
    return do_email_link(participant_id, "invitation")


@task()
def send_reminder(participant_id: int) -> bool:
    return do_email_link(participant_id, "reminder")
