"""Background work: the email that tells a participant a release is ready, one task each.

Tasks receive only ids. The personal link is made inside the task, so the raw token is never
written to the task queue, only emailed.
"""

from django_tasks import task

from learnloop.sharing.actions import do_email_release_notice


@task()
def send_release_notice(release_id: int, participant_id: int) -> bool:
    return do_email_release_notice(release_id, participant_id)
