"""Settings for benchmarks: the real settings plus one bare write view to compare against."""

from learnloop.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
