"""SQLite WAL checkpoints off the request path, for `learnloop serve`.

In WAL mode SQLite copies the write-ahead log back into the database file (a checkpoint) from
the connection whose commit makes the log pass 1,000 pages, and that checkpoint syncs the file
to disk: the request that happens to commit then waits for the disk, sometimes for hundreds of
milliseconds. Under `learnloop serve`, each worker process instead runs checkpoints from a
thread of its own, every second, in PASSIVE mode (it never blocks readers or writers), and the
connections that serve requests do not checkpoint at all.

Anything else (management commands, the worker, tests) keeps SQLite's automatic checkpoints.
"""

from __future__ import annotations

import logging
import threading

from django.db import connection as this_threads_connection
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 1.0
_started = threading.Event()


def _no_automatic_checkpoints(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint=0")


def checkpoint() -> tuple[int, int, int] | None:
    """One PASSIVE checkpoint on this thread's connection: (busy, log pages, pages copied)."""
    with this_threads_connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return cursor.fetchone()


def _run(stop: threading.Event) -> None:
    while not stop.wait(INTERVAL_SECONDS):
        try:
            checkpoint()
        except Exception:  # a failed checkpoint is retried the next second
            logger.exception("SQLite checkpoint failed")


def start_checkpoints() -> threading.Event | None:
    """Start this process's checkpoint thread (SQLite only; once). Returns the event that stops
    it, or None when the database is not SQLite or the thread already runs."""
    if this_threads_connection.vendor != "sqlite" or _started.is_set():
        return None
    _started.set()
    connection_created.connect(_no_automatic_checkpoints, dispatch_uid="learnloop-checkpoints")
    # A connection opened before (in the master, before the fork) would still checkpoint: the
    # next request opens a new one.
    this_threads_connection.close()
    stop = threading.Event()
    threading.Thread(target=_run, args=(stop,), name="sqlite-checkpoints", daemon=True).start()
    return stop
