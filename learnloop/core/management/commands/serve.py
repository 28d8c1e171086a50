"""`learnloop serve`: the application under gunicorn, static files through WhiteNoise."""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def default_port() -> int:
    return int(os.environ.get("PORT") or 8000)


class Command(BaseCommand):
    help = "Serve Learnloop with gunicorn (bound to 127.0.0.1 unless --host says otherwise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1)."
        )
        parser.add_argument("--port", type=int, default=None, help="Port (default $PORT or 8000).")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Number of gunicorn worker processes (default 2).",
        )
        parser.add_argument(
            "--threads", type=int, default=1, help="Threads per worker (default 1)."
        )
        parser.add_argument("--access-log", action="store_true", help="Print one line per request.")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"] or default_port()
        warning = base_url_warning(options["host"], port)
        if warning:
            self.stderr.write(self.style.WARNING(warning))
        run_gunicorn(
            host=options["host"],
            port=port,
            workers=options["workers"],
            threads=options["threads"],
            access_log=options["access_log"],
        )


def base_url_warning(host: str, port: int) -> str | None:
    """What to say when links in emails would not lead to this server: LEARNLOOP_BASE_URL is
    not set and the server listens somewhere other than its default address."""
    from django.conf import settings

    if os.environ.get("LEARNLOOP_BASE_URL") or (host, port) == ("127.0.0.1", 8000):
        return None
    return (
        f"Links in emails and copied links start with {settings.BASE_URL}, not this server's "
        f"address: set LEARNLOOP_BASE_URL to the address people use (docs/configuration.md)."
    )


def run_gunicorn(host: str, port: int, workers: int, threads: int = 1, access_log: bool = False):
    """Run gunicorn in this process until it is stopped."""
    from gunicorn.app.base import BaseApplication

    from learnloop.wsgi import application

    class LearnloopApplication(BaseApplication):
        def load_config(self) -> None:
            assert self.cfg is not None
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", "-" if access_log else None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("timeout", 60)
            self.cfg.set("proc_name", "learnloop")
            # No control socket: several servers (tests, benchmarks) may run side by side.
            self.cfg.set("control_socket_disable", True)
            # Each worker freezes what it has loaded for the garbage collector and, on SQLite,
            # checkpoints its write-ahead log from a thread of its own, so that no request
            # waits for either (learnloop/core/checkpoints.py).
            self.cfg.set("post_worker_init", _after_worker_init)

        def load(self):
            return application

    LearnloopApplication().run()


def _after_worker_init(worker: Any) -> None:
    import gc

    from learnloop.core.checkpoints import start_checkpoints

    # Everything loaded so far (Django, the apps, NumPy and SciPy) lives as long as the worker:
    # kept out of the garbage collector's sight, a full collection no longer walks it all in
    # the middle of a request.
    gc.freeze()
    start_checkpoints()
