"""Background work: reminders to the owners of improvement plan actions, one task per action.

The task receives only the action's id; what to send (and whether to send anything) is decided
when it runs, from the action as it is then.
"""

from django_tasks import task

from learnloop.plan.actions import do_email_action_reminder


@task()
def send_action_reminder(action_id: int) -> bool:
    return do_email_action_reminder(action_id)
