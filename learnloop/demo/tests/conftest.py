import pytest

from learnloop.accounts.models import User
from learnloop.demo import content
from learnloop.demo.actions import do_delete_demo, do_ensure_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo organization, loaded once for a module whose tests only read it, then deleted."""
    with django_db_blocker.unblock():
        state = do_ensure_demo()
    yield state.organization
    with django_db_blocker.unblock():
        do_delete_demo()
        User.objects.filter(email__in=[content.ADMIN_EMAIL, content.FACILITATOR_EMAIL]).delete()
