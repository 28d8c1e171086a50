"""Settings for the test suite: the real settings with tests' switches on."""

import os
import tempfile

os.environ["LEARNLOOP_TESTING"] = "true"
os.environ.setdefault("LEARNLOOP_SECRET_KEY", "only-for-tests-" + "x" * 40)
os.environ.setdefault("LEARNLOOP_DATA_DIR", os.path.join(tempfile.gettempdir(), "learnloop-tests"))

from learnloop.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
